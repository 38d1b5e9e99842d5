import KMS

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds the client a command uses: the environment's configuration with the command line's
/// `--region`, `--endpoint-url` and `--profile` laid over it, so flags win as in the AWS CLI.
enum ClientFactory {
    /// The configuration for these options over `environment`: the same resolution as
    /// `AWSConfig.fromEnvironment()` (region, endpoint, credential chain, retries), with
    /// `--profile`, `--region` and `--endpoint-url` winning over what it finds.
    static func config(_ options: GlobalOptions, environment: [String: String]) throws -> AWSConfig {
        try AWSConfig.load(
            profile: options.profile, region: options.region, endpoint: options.endpointURL,
            environment: environment)
    }

    /// Runs `body` with a client made for `options`, and shuts the client down afterwards,
    /// whether `body` succeeded or threw.
    static func withClient(
        _ options: GlobalOptions,
        _ body: (KMSClient) async throws -> Void
    ) async throws {
        let config = try config(options, environment: ProcessInfo.processInfo.environment)
        let client = KMSClient(config: config)
        do {
            try await body(client)
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
    }
}
