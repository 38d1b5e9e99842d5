/// An async HTTP client over one libcurl multi handle driven by one dedicated thread.
///
/// Each `execute` call checks and prepares its request on the caller's task, queues it for
/// the client's thread and suspends; the thread runs every transfer with `curl_multi_poll` and
/// resumes the caller when it ends. No Swift concurrency thread ever blocks in libcurl, so 64
/// requests in flight cost 64 suspended tasks, not 64 threads.
///
/// Connections are kept alive and reused (HTTP/1.1); with ``HTTPVersion/http2`` in the
/// configuration, requests are multiplexed over TLS when the server offers HTTP/2. Redirects are never followed; TLS verification is always on for `https`.
/// Requests carry exactly the headers given, plus `Host` and `Content-Length` where HTTP needs
/// them: libcurl adds no `Accept`, `User-Agent`, `Expect` or `Content-Type` of its own.
///
/// Call `shutdown()` when done. A client released without it stops its thread by itself.
public final class CurlHTTPClient: Sendable {
    /// The settings this client was created with.
    public let configuration: Configuration
    let loop: CurlMultiLoop

    /// Creates a client and starts its thread.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.loop = CurlMultiLoop(configuration: configuration)
    }

    deinit {
        loop.abandon()
    }

    /// Sends a request and returns the whole response, whatever its status.
    ///
    /// Throws `HTTPClientError` (`.invalidRequest` before anything is sent, `.timeout`,
    /// `.responseTooLarge`, `.shutDown`, …), or `CancellationError` when the task is cancelled:
    /// the transfer is then removed at once and the client keeps serving other requests.
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transfer = try Transfer(request, maximumResponseSize: configuration.maximumResponseSize)
        let loop = self.loop
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                transfer.continuation = continuation
                loop.submit(transfer)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
    }

    /// The client's curl thread as a task executor, for a caller that makes one request after
    /// another: in `withTaskExecutorPreference(client.taskExecutor) { … }` the task's code
    /// between requests (building, signing, decoding) runs on the curl thread itself, so each
    /// request costs no thread hop to the transport and none back (about a third less CPU per
    /// sequential KMS call on loopback; docs/PERFORMANCE.md).
    ///
    /// That code holds up the client's other transfers while it runs: keep it short and never
    /// block in it, and do not use it for many concurrent tasks (their work would share the one
    /// thread). After `shutdown()` such tasks continue on the global concurrent executor.
    public var taskExecutor: any TaskExecutor { loop }

    /// Fails queued and in-flight requests with `.shutDown`, stops the thread and waits for
    /// it to end. Later `execute` calls throw `.shutDown`. Calling it again does nothing.
    public func shutdown() async {
        await loop.shutdown()
    }
}
