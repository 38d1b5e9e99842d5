import Logging

/// Runs `body` with a new ``KMSClient`` and shuts the client down after it, whether `body`
/// returns or throws: calls still in flight then (from tasks `body` started) finish first, and
/// any later call fails with ``KMSError/Code/clientShutDown``.
///
/// ```swift
/// let keys = try await withKMSClient(config: config) { kms in
///     try await kms.listKeys()
/// }
/// ```
///
/// `transport` and `logger` are those of ``KMSClient/init(config:transport:logger:)``: nil sends
/// through the shared HTTP client for the configuration's HTTP settings.
public func withKMSClient<Result, Failure: Error>(
    config: AWSConfig,
    transport: (any HTTPTransport)? = nil,
    logger: Logger? = nil,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (KMSClient) async throws(Failure) -> Result
) async throws(Failure) -> Result {
    let client = KMSClient(config: config, transport: transport, logger: logger)
    let result: Result
    do {
        result = try await body(client)
    } catch {
        await client.shutdown()
        throw error
    }
    await client.shutdown()
    return result
}
