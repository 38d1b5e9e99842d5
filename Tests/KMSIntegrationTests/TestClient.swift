import KMS
import KMSTestSupport
import Logging

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSSigV4
import CurlHTTP

/// Makes the KMS clients the integration tests use against the suite's local KMS.
///
/// With `KMS_RECORD_FIXTURES=1` every exchange also goes through `RecordingTransport` into
/// `Tests/KMSTests/Fixtures/recorded/`, named after the operation and the label given here.
enum TestClient {
    /// Whether this run records fixtures (`KMS_RECORD_FIXTURES=1`).
    static var isRecording: Bool {
        ProcessInfo.processInfo.environment["KMS_RECORD_FIXTURES"] == "1"
    }

    /// `Tests/KMSTests/Fixtures/recorded/` in this checkout.
    static let fixtureDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestClient.swift
        .deletingLastPathComponent()  // KMSIntegrationTests
        .appendingPathComponent("KMSTests/Fixtures/recorded", isDirectory: true)

    /// Runs `body` with a client for `server`, signed with `credentials` (the IAM user's by
    /// default), then shuts everything down.
    ///
    /// - Parameter label: names the fixtures this client records (`<Operation>-<label>.json`;
    ///   nil for `<Operation>.json`). Give each call site its own, or recordings overwrite
    ///   each other.
    /// - Parameter log: wraps the transport, to see the requests sent.
    static func with<Result: Sendable>(
        _ server: LocalKMS,
        credentials: AWSCredentials? = nil,
        region: String? = nil,
        label: String?,
        log: (@Sendable (any HTTPTransport) -> RequestLog)? = nil,
        _ body: (KMSClient) async throws -> Result
    ) async throws -> Result {
        let credentials = credentials ?? server.credentials
        let config = try AWSConfig(
            region: region ?? server.region,
            credentialProvider: StaticCredentialProvider(credentials),
            endpoint: server.endpoint
        )
        let http = CurlHTTPClient(configuration: config.httpConfiguration)
        var transport: any HTTPTransport =
            isRecording ? RecordingTransport(wrapping: http, directory: fixtureDirectory, label: label) : http
        if let log { transport = log(transport) }
        let client = KMSClient(config: config, transport: transport, logger: nil)
        do {
            let result = try await body(client)
            await client.shutdown()
            await http.shutdown()
            return result
        } catch {
            await client.shutdown()
            await http.shutdown()
            throw error
        }
    }
}
