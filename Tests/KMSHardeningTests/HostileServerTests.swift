import Foundation
import Testing

@testable import KMS
import KMSTestSupport
import CurlHTTP

/// What a hostile case must end in.
enum Expected: Sendable, CustomStringConvertible {
    case success
    case kms(KMSError.Code)
    case http(HTTPClientError.Code)

    var description: String {
        switch self {
        case .success: "success"
        case .kms(let code): "KMSError.\(code)"
        case .http(let kind): "HTTPClientError.\(kind)"
        }
    }

    func matches(_ outcome: Outcome) -> Bool {
        switch (self, outcome) {
        case (.success, .success): true
        case (.kms(let code), .kms(let error)): error.code == code
        case (.http(let kind), .http(let error)): error.code == kind
        default: false
        }
    }
}

// Serialized: each case starts a Python server; starting dozens at once on a 2-core machine
// slows the other suites' time-bounded tests more than it saves here.
@Suite("A hostile server never crashes or hangs the client: each call ends in a typed error or the right answer", .serialized)
struct HostileServerTests {
    /// The per-request timeout of these clients (seconds).
    static let timeout = 2.0
    /// How far past its timeout a call may end on a loaded 2-core machine and still count as
    /// "did not hang" (nothing here waits anywhere near this long when it works; the load test
    /// may be saturating both cores at the same time).
    static let slack = 40.0

    /// One hostile server mode and what `generateDataKey(id:size: 32)` must end in.
    struct Case: Sendable, CustomTestStringConvertible {
        var mode: String
        var expected: Expected
        var timeout: Double = HostileServerTests.timeout
        var testDescription: String { "\(mode) → \(expected)" }
    }

    static let matrix: [Case] = [
        Case(mode: "silent", expected: .http(.timeout)),
        Case(mode: "headers-then-stall", expected: .http(.timeout)),
        Case(mode: "close-before-answer", expected: .http(.connectionClosed)),
        Case(mode: "close-mid-body", expected: .http(.connectionClosed)),
        Case(mode: "huge", expected: .http(.responseTooLarge)),
        Case(mode: "huge-chunked", expected: .http(.responseTooLarge)),
        // The client never asks for compression: gzip bytes are not JSON.
        Case(mode: "gzip", expected: .kms(.invalidResponse)),
        Case(mode: "chunked", expected: .success),
        Case(mode: "invalid-json", expected: .kms(.invalidResponse)),
        Case(mode: "wrong-types", expected: .kms(.invalidResponse)),
        Case(mode: "missing-fields", expected: .kms(.invalidResponse)),
        Case(mode: "invalid-base64", expected: .kms(.invalidResponse)),
        // 31 bytes for a 32-byte request: not the key that was asked for.
        Case(mode: "short-plaintext", expected: .kms(.invalidResponse)),
        Case(mode: "extra-fields", expected: .success),
        Case(mode: "status-400-json", expected: .kms(.internal)),
        Case(mode: "status-500-json", expected: .kms(.internal)),
        Case(mode: "status-403-xml", expected: .kms(.internal)),
        Case(mode: "status-503-xml", expected: .kms(.internal)),
        Case(mode: "status-404-html", expected: .kms(.unknown)),
        Case(mode: "status-502-html", expected: .kms(.unknown)),
        Case(mode: "status-400-empty", expected: .kms(.unknown)),
        Case(mode: "status-500-empty", expected: .kms(.unknown)),
        Case(mode: "status-400-binary", expected: .kms(.unknown)),
        Case(mode: "status-500-binary", expected: .kms(.unknown)),
        Case(mode: "redirect-302", expected: .kms(.unknown)),
        Case(mode: "redirect-307", expected: .kms(.unknown)),
        Case(mode: "http10", expected: .success),
        // About 300 bytes, one every 4 ms: slow, but well within a 10 s timeout.
        Case(mode: "slow", expected: .success, timeout: 10),
    ]

    /// A normal call on `client` must still work, with the server's data key.
    static func expectHealthy(_ client: KMSClient, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            let key = try await client.generateDataKey(id: "alias/hostile", size: 32)
            #expect(key.plaintextBytes.withUnsafeBytes { Array($0) } == Secret.serverKey(32), sourceLocation: sourceLocation)
        } catch {
            Issue.record("after \(context), a normal call failed: \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("each hostile answer to generateDataKey, then a normal call on the same client", arguments: matrix)
    func generateDataKey(_ hostile: Case) async throws {
        let server = try await HostileServer.start(mode: hostile.mode)
        defer { server.stop() }
        let client = KMSClient(config: try hostileConfig(endpoint: server.url, timeout: hostile.timeout))
        let (result, seconds) = await outcome {
            let key = try await client.generateDataKey(id: "alias/hostile", size: 32)
            #expect(key.plaintextBytes.withUnsafeBytes { Array($0) } == Secret.serverKey(32))
            #expect(key.id.hasPrefix("arn:aws:kms:"))
        }
        #expect(hostile.expected.matches(result), "\(hostile.mode): got \(result)")
        #expect(seconds < hostile.timeout + Self.slack, "\(hostile.mode) took \(seconds) s")
        await Self.expectHealthy(client, hostile.mode)
        await client.shutdown()
    }

    @Test("connection refused is a typed error, and the same client then reaches the server once it is up")
    func connectionRefused() async throws {
        let port = try LoopbackPort.closed()
        let client = KMSClient(config: try hostileConfig(endpoint: "http://127.0.0.1:\(port)"))
        let (result, seconds) = await outcome { _ = try await client.listKeys() }
        #expect(result.httpKind == .connectionRefused, "got \(result)")
        #expect(seconds < Self.timeout + Self.slack)

        // With retries on, every attempt is refused and the last error is still typed.
        let retrying = KMSClient(config: try hostileConfig(endpoint: "http://127.0.0.1:\(port)", attempts: 3))
        let (again, _) = await outcome { _ = try await retrying.generateDataKey(id: "alias/hostile") }
        #expect(again.httpKind == .connectionRefused, "got \(again)")
        await retrying.shutdown()

        // Now something listens there: the first client works.
        let server = try await HostileServer.start(mode: "normal", port: port)
        defer { server.stop() }
        await Self.expectHealthy(client, "connection refused")
        await client.shutdown()
    }

    @Test("a 100 MB answer hits the size bound long before the server has sent it all",
          arguments: ["huge", "huge-chunked"])
    func hugeBodyIsNotBuffered(mode: String) async throws {
        let server = try await HostileServer.start(mode: mode)
        defer { server.stop() }
        var config = try hostileConfig(endpoint: server.url, timeout: 30)
        config.httpConfiguration.maximumResponseSize = 1 << 20
        let client = KMSClient(config: config)
        let (result, _) = await outcome { _ = try await client.generateDataKey(id: "alias/hostile") }
        #expect(result.httpKind == .responseTooLarge, "got \(result)")
        // The server writes until the client hangs up: what it got out is the bound plus
        // what the two kernels' socket buffers hold, nowhere near 100 MB.
        let sent = try await server.stats().huge_sent
        print("hostile \(mode): the server got \(sent) of 104857600 bytes out before the client hung up")
        #expect(sent < 40 << 20, "the server sent \(sent) bytes before the client hung up")
        await Self.expectHealthy(client, mode)
        await client.shutdown()
    }

    /// The JSON-shape faults against every other operation (generateDataKey is in `matrix`).
    static let shapeModes = ["invalid-json", "wrong-types", "missing-fields", "gzip", "extra-fields", "status-500-html"]
    static let operations: [String] = ["listKeys", "describeKey", "createKey", "encrypt", "decrypt",
                                       "generateDataKeyWithoutPlaintext", "generateDataKey(keySpec:)"]

    static func call(_ operation: String, on client: KMSClient, wholeAnswer: Bool = true) async throws {
        switch operation {
        case "listKeys":
            // Every ListKeys output field is optional: `{}` is an empty page, not an error.
            let keys = try await client.listKeys()
            #expect(keys.count == (wholeAnswer ? 1 : 0))
        case "describeKey":
            #expect(try await client.describeKey(keyId: "alias/hostile").enabled)
        case "createKey":
            #expect(try await client.createKey(description: "made by a test").description == "made by a test")
        case "encrypt":
            #expect(try await !client.encrypt(keyId: "alias/hostile", plaintext: [1, 2, 3]).ciphertextBlob.isEmpty)
        case "decrypt":
            // "CT" + [1, 2, 3] XOR 0x5A, as the server makes its blobs.
            let plaintext = try await client.decrypt(ciphertextBlob: "Q1RbWFk=")
            #expect(plaintext.plaintextBytes.withUnsafeBytes { Array($0) } == [1, 2, 3])
        case "generateDataKeyWithoutPlaintext":
            #expect(try await !client.generateDataKeyWithoutPlaintext(keyId: "alias/hostile").ciphertextBlob.isEmpty)
        case "generateDataKey(keySpec:)":
            #expect(try await client.generateDataKey(id: "alias/hostile", keySpec: .aes128).plaintextBytes.count == 16)
        default:
            Issue.record("unknown operation \(operation)")
        }
    }

    @Test("malformed answers to every operation are typed errors; extra fields are ignored",
          arguments: shapeModes, operations)
    func everyOperation(mode: String, operation: String) async throws {
        let server = try await HostileServer.start(mode: mode)
        defer { server.stop() }
        let client = KMSClient(config: try hostileConfig(endpoint: server.url))
        let emptyPage = mode == "missing-fields" && operation == "listKeys"
        let (result, seconds) = await outcome { try await Self.call(operation, on: client, wholeAnswer: !emptyPage) }
        switch mode {
        case "extra-fields":
            #expect(Expected.success.matches(result), "\(operation): got \(result)")
        case _ where emptyPage:
            #expect(Expected.success.matches(result), "\(operation): got \(result)")
        case "status-500-html":
            #expect(result.kmsCode == .unknown && (result.error as? KMSError)?.status == 500, "\(operation): got \(result)")
        default:
            #expect(result.kmsCode == .invalidResponse, "\(operation): got \(result)")
        }
        #expect(seconds < Self.timeout + Self.slack)
        let (after, _) = await outcome { try await Self.call(operation, on: client) }
        #expect(Expected.success.matches(after), "\(operation) after \(mode): got \(after)")
        await client.shutdown()
    }

    @Test("with retries on, transient faults are retried into the right result",
          arguments: ["close-before-answer", "close-mid-body", "status-500-json", "status-503-html", "status-502-empty"])
    func retriedIntoSuccess(mode: String) async throws {
        let server = try await HostileServer.start(mode: mode, faults: 2)
        defer { server.stop() }
        let client = KMSClient(config: try hostileConfig(endpoint: server.url, attempts: 3))
        let (result, seconds) = await outcome {
            let key = try await client.generateDataKey(id: "alias/hostile", size: 32)
            #expect(key.plaintextBytes.withUnsafeBytes { Array($0) } == Secret.serverKey(32))
        }
        #expect(Expected.success.matches(result), "\(mode): got \(result)")
        #expect(seconds < 3 * Self.timeout + Self.slack)
        let stats = try await server.stats()
        #expect(stats.requests == 3 && stats.faults == 2)
        await client.shutdown()
    }

    @Test("with retries on, a server that stays silent ends in a timeout after the last attempt")
    func retriedTimeouts() async throws {
        let server = try await HostileServer.start(mode: "silent", faults: 3)
        defer { server.stop() }
        let client = KMSClient(config: try hostileConfig(endpoint: server.url, timeout: 1, attempts: 3))
        let (result, seconds) = await outcome { _ = try await client.listKeys() }
        #expect(result.httpKind == .timeout, "got \(result)")
        #expect(seconds < 3 * 1 + Self.slack)
        #expect(try await server.stats().requests == 3)
        await Self.expectHealthy(client, "three silent answers")
        await client.shutdown()
    }

    @Test("a redirect is never followed: the signed request never reaches the other server",
          arguments: ["redirect-302", "redirect-307"], [1, 3])
    func redirectNotFollowed(mode: String, attempts: Int) async throws {
        let elsewhere = try await HostileServer.start(mode: "normal")
        defer { elsewhere.stop() }
        let server = try await HostileServer.start(mode: mode, faults: 10, redirectTo: elsewhere.url + "/")
        defer { server.stop() }
        let client = KMSClient(config: try hostileConfig(endpoint: server.url, attempts: attempts))
        let (result, _) = await outcome { _ = try await client.generateDataKey(id: "alias/hostile") }
        let error = try #require(result.error as? KMSError, "got \(result)")
        #expect(error.status == Int(mode.suffix(3)))
        let stats = try await elsewhere.stats()
        #expect(stats.requests == 0)
        #expect(stats.accepts == 1, "only the connection that fetched these stats")
        await client.shutdown()
    }
}
