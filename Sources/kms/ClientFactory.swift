import KMS
import Logging

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds the client a command uses: the environment's configuration with the command line's
/// `--region`, `--endpoint-url`, `--profile`, `--ca-bundle` and timeouts laid over it, so flags
/// win as in the AWS CLI.
enum ClientFactory {
    /// The configuration for these options over `environment`: the same resolution as
    /// `AWSConfig.fromEnvironment()` (region, endpoint, credential chain, retries), with
    /// `--profile`, `--region`, `--endpoint-url` and the timeouts winning over what it finds.
    static func config(_ options: ConnectionOptions, environment: [String: String]) throws -> AWSConfig {
        // The CA bundle: --ca-bundle, else AWS_CA_BUNDLE, else the profile's ca_bundle, as
        // AWSConfig.load resolves it for every https call (KMS, STS, SSO, metadata).
        var config = try AWSConfig.load(
            profile: options.profile, region: options.region, endpoint: options.endpointURL,
            caBundlePath: options.caBundle, environment: environment)
        // 0 means "no limit" in the AWS CLI; a day stands in for it.
        if let seconds = options.connectTimeout { config.connectTimeout = .seconds(seconds == 0 ? 86_400 : seconds) }
        if let seconds = options.readTimeout { config.timeout = .seconds(seconds == 0 ? 86_400 : seconds) }
        return config
    }

    /// Runs `body` with a client made for `options`, and shuts the client down afterwards,
    /// whether `body` succeeded or threw. With `--debug` the client logs to stderr at trace
    /// level; the library never logs a secret.
    static func withClient(
        _ options: GlobalOptions,
        _ body: (KMSClient) async throws -> Void
    ) async throws {
        _ = try options.outputFormat()  // a bad AWS_DEFAULT_OUTPUT stops here, before sending
        try await withClient(options.connection, body)
    }

    /// Runs `body` with a client made for `options` (commands that print no `--output`).
    static func withClient(
        _ options: ConnectionOptions,
        _ body: (KMSClient) async throws -> Void
    ) async throws {
        let environment = ProcessInfo.processInfo.environment
        let config = try config(options, environment: environment)
        var logger: Logger?
        if options.debug {
            var debugLogger = Logger(label: "kms", factory: { StreamLogHandler.standardError(label: $0) })
            debugLogger.logLevel = .trace
            debugLogger.debug("configuration", metadata: ["config": "\(config)"])
            logger = debugLogger
        }
        let client = KMSClient(config: config, transport: nil, logger: logger)
        do {
            try await body(client)
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
    }
}
