import Foundation
import Testing

@testable import KMS
import KMSTestSupport
import CurlHTTP

/// TLS handshakes that must fail, on loopback with certificates made by openssl for the test:
/// each fails with a typed error within the connect timeout, before any HTTP request reaches
/// the server, and leaves the client able to serve the next call to a good server. The server
/// with the unknown CA works once that CA is trusted through `AWS_CA_BUNDLE` or `ca_bundle`.
///
/// Serialized: each case starts its own servers (Python making certificates with openssl), and
/// six at once on 2 cores slowed the servers' side of the handshake past the bound.
@Suite("Hostile TLS servers", .serialized)
struct HostileTLSTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let mode: String
        let expected: HTTPClientError
        let why: String
        var testDescription: String { why }
    }

    static let connectTimeout = 4.0

    @Test("a handshake that must fail fails typed, in time, with no request sent, and the client goes on", arguments: [
        Case(mode: "untrusted", expected: .tlsFailure, why: "certificate from an untrusted CA"),
        Case(mode: "mismatch", expected: .tlsFailure, why: "certificate for another host name"),
        Case(mode: "expired", expected: .tlsFailure, why: "expired certificate"),
        Case(mode: "oldtls", expected: .tlsFailure, why: "server offering only TLS 1.0 and 1.1"),
        // No answer to the ClientHello: curl's connect timeout, which covers the handshake,
        // reported as the TLS failure it is.
        Case(mode: "stall", expected: .tlsFailure, why: "server stalling in the handshake"),
        Case(mode: "close", expected: .tlsFailure, why: "server closing during the handshake"),
    ])
    func refusedHandshake(_ testCase: Case) async throws {
        let servers = try await HostileTLSServers.start()
        defer { servers.stop() }
        var configuration = CurlHTTPClient.Configuration()
        configuration.connectTimeout = .seconds(Self.connectTimeout)
        configuration.timeout = .seconds(20)
        configuration.proxy = .disabled
        configuration.caBundlePath = servers.trustedCA
        let client = CurlHTTPClient(configuration: configuration)

        let started = ContinuousClock.now
        let error = await #expect(throws: HTTPClientError.self) {
            _ = try await client.execute(HTTPRequest(method: "POST", url: servers.url(testCase.mode), headers: ["Content-Type": "application/json"], body: Array("{}".utf8)))
        }
        let elapsed = ContinuousClock.now - started
        #expect(error == testCase.expected, "\(String(describing: error))")
        // Refusals come at once; a stall ends when the connect timeout (which covers the
        // handshake) fires, plus scheduling slack on a loaded machine.
        let limit = testCase.mode == "stall" ? Self.connectTimeout + 3 : Self.connectTimeout
        #expect(elapsed < .seconds(limit), "took \(elapsed)")
        if testCase.mode == "stall" { #expect(elapsed >= .seconds(Self.connectTimeout * 0.9), "gave up before the connect timeout: \(elapsed)") }
        if testCase.mode == "stall" {
            // libcurl says where it waited: in the TLS handshake, not before the connection.
            #expect(error?.message.contains("SSL") == true, "\(String(describing: error))")
        }

        // The same client then serves a good server.
        let good = try await client.execute(HTTPRequest(method: "POST", url: servers.url("good"), body: Array("{}".utf8)))
        #expect(good.status == 200)
        await client.shutdown()

        let counts = try await servers.counts()
        let hostile = try #require(counts[testCase.mode])
        #expect(hostile.connections >= 1, "the client did reach the \(testCase.mode) server")
        #expect(hostile.http_requests == 0, "the \(testCase.mode) server received an HTTP request")
        #expect(hostile.first_bytes_http == 0, "plain HTTP was sent to the \(testCase.mode) server")
        // curl checks the host name once the handshake is done (the server has seen it
        // complete), then closes before sending anything; the others fail inside it.
        if ["untrusted", "expired", "oldtls"].contains(testCase.mode) {
            #expect(hostile.handshakes == 0, "the \(testCase.mode) handshake completed")
        }
        #expect(counts["good"]?.http_requests == 1)
    }

    @Test("the untrusted server works once its CA is trusted through AWS_CA_BUNDLE or the profile's ca_bundle", arguments: ["AWS_CA_BUNDLE", "ca_bundle"])
    func trustedThroughConfiguration(_ setting: String) async throws {
        let servers = try await HostileTLSServers.start()
        defer { servers.stop() }
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try home.write(".aws/config", "[default]\nregion = us-east-1\n" + (setting == "ca_bundle" ? "ca_bundle = \(servers.otherCA)\n" : ""))
        var environment = [
            "HOME": home.path, "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": servers.url("untrusted"),
            "AWS_ACCESS_KEY_ID": "AKIDTLSTEST", "AWS_SECRET_ACCESS_KEY": "tls-test-secret",
        ]
        if setting == "AWS_CA_BUNDLE" { environment["AWS_CA_BUNDLE"] = servers.otherCA }
        var config = try AWSConfig.load(environment: environment)
        config.httpConfiguration.proxy = .disabled
        #expect(config.caBundlePath == servers.otherCA)
        let client = KMSClient(config: config)
        let dataKey = try await client.generateDataKey(id: "alias/tls", size: 32)
        #expect(dataKey.id.hasSuffix("tls-test"))
        // The mismatched and expired servers stay refused: trusting a CA is not trusting any name or date.
        for mode in ["mismatch", "expired"] {
            environment["AWS_ENDPOINT_URL"] = servers.url(mode)
            environment["AWS_CA_BUNDLE"] = servers.trustedCA
            var other = try AWSConfig.load(environment: environment)
            other.retry = RetryConfiguration(maxAttempts: 1)
            other.httpConfiguration.proxy = .disabled
            let otherClient = KMSClient(config: other)
            await #expect(throws: HTTPClientError.tlsFailure) { try await otherClient.generateDataKey(id: "alias/tls", size: 32) }
            await otherClient.shutdown()
        }
        await client.shutdown()
        #expect(try await servers.counts()["untrusted"]?.http_requests == 1)
    }
}
