import KMS

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds the client a command uses: the environment's configuration with the command line's
/// `--region`, `--endpoint-url` and `--profile` laid over it, so flags win as in the AWS CLI.
enum ClientFactory {
    /// The configuration for these options over `environment`.
    static func config(_ options: GlobalOptions, environment: [String: String]) throws -> AWSConfig {
        var environment = environment
        if let region = options.region {
            environment["AWS_REGION"] = region
        }
        if let endpoint = options.endpointURL {
            environment["AWS_ENDPOINT_URL_KMS"] = endpoint
        }
        if let profile = options.profile {
            environment["AWS_PROFILE"] = profile
        }
        return try AWSConfig.fromEnvironment(environment)
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
