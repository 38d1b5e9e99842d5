import Foundation
import Logging
import Testing

@testable import KMS
import KMSTestSupport
import CurlHTTP

/// Fake values shared by the tests. Nothing here is a real credential or key.
enum Fake {
    static let accessKeyId = "AKIAFAKEFIXTURE00001"
    static let secretAccessKey = "fake/Secret+Key/For-Fixtures-Only-0000000"
    static let sessionToken = "FakeSessionToken//fixture-only+0000=="
    static let region = "us-east-1"
    static let endpoint = "http://127.0.0.1:4566"
    static let keyArn = "arn:aws:kms:us-east-1:111122223333:key/0d990263-018e-4e65-a703-eff731de951e"
    /// The fake plaintext of the fixtures: bytes 0x00…0x1f.
    static let plaintext32: [UInt8] = Array(0..<32)
    static let plaintext32Base64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

    /// Retries are off: each fixture answers exactly one request. `ClientRetryTests` turns
    /// them on.
    static func config(sessionToken: String? = nil) throws -> AWSConfig {
        var config = try AWSConfig(
            region: region, accessKeyId: accessKeyId, secretAccessKey: secretAccessKey,
            sessionToken: sessionToken, endpoint: endpoint)
        config.retry = RetryConfiguration(maxAttempts: 1)
        return config
    }
}

/// The fixture folder next to this test target's sources.
let fixturesDirectory: String = {
    var url = URL(fileURLWithPath: #filePath)
    url.deleteLastPathComponent()  // Support
    url.deleteLastPathComponent()  // KMSTests
    return url.appendingPathComponent("Fixtures").path
}()

/// Loads `Fixtures/<name>.json`.
func fixture(_ name: String) throws -> Fixture {
    try Fixture.load(path: "\(fixturesDirectory)/\(name).json")
}

/// A client that replays `fixtures`, and the transport to inspect afterwards.
func replayClient(
    _ fixtures: [Fixture], config: AWSConfig? = nil, logger: Logger? = nil
) throws -> (KMSClient, ReplayTransport) {
    let transport = ReplayTransport(fixtures) { problem in
        Issue.record(Comment(rawValue: problem))
    }
    let client = KMSClient(config: try config ?? Fake.config(), transport: transport, logger: logger)
    return (client, transport)
}

/// A client for one fixture file.
func replayClient(_ name: String) throws -> (KMSClient, ReplayTransport, Fixture) {
    let loaded = try fixture(name)
    let (client, transport) = try replayClient([loaded])
    return (client, transport, loaded)
}

/// Checks what every KMS request must look like on the wire, and that each fixture was used.
func expectWellFormedRequests(_ transport: ReplayTransport, operations: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let requests = transport.requests
    #expect(requests.count == operations.count, sourceLocation: sourceLocation)
    #expect(transport.remaining == 0, "every fixture is used", sourceLocation: sourceLocation)
    #expect(transport.mismatches.isEmpty, sourceLocation: sourceLocation)
    for (request, operation) in zip(requests, operations) {
        #expect(request.method == "POST", sourceLocation: sourceLocation)
        #expect(request.url == "http://127.0.0.1:4566/", sourceLocation: sourceLocation)
        #expect(request.headers["X-Amz-Target"] == ["TrentService.\(operation)"], sourceLocation: sourceLocation)
        #expect(request.headers["Content-Type"] == ["application/x-amz-json-1.1"], sourceLocation: sourceLocation)
        #expect(request.headers["Host"] == ["127.0.0.1:4566"], sourceLocation: sourceLocation)
        #expect(request.headers["User-Agent"] == ["swift-kms/\(KMSClient.libraryVersion)"], sourceLocation: sourceLocation)
        #expect(request.headers["X-Amz-Date"].count == 1, sourceLocation: sourceLocation)
        let authorization = request.headers[first: "Authorization"] ?? ""
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=\(Fake.accessKeyId)/"), sourceLocation: sourceLocation)
        #expect(authorization.contains("/\(Fake.region)/kms/aws4_request"), sourceLocation: sourceLocation)
        #expect(authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target,")
                    || authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,"),
                "signs exactly the KMS headers, never User-Agent", sourceLocation: sourceLocation)
    }
}

/// The JSON body a request carried.
func sentBody(_ request: HTTPRequest) -> Fixture.JSON? {
    Fixture.JSON(parsing: request.body)
}

/// Runs `body` and returns the `KMSError` it threw, recording an issue when it threw
/// something else or nothing.
func kmsError<T>(
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> T
) async -> KMSError? {
    do {
        _ = try await body()
        Issue.record("expected a KMSError, got a result", sourceLocation: sourceLocation)
    } catch let error as KMSError {
        return error
    } catch {
        Issue.record("expected a KMSError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// A log handler that keeps every rendered line, to check what is (not) logged.
final class CapturingLogHandler: LogHandler, @unchecked Sendable {
    // @unchecked: `lines` is only touched under `lock`.
    private let lock = NSLock()
    private var storage: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var lines: [String] { lock.withLock { storage } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = "\(event.level) \(event.message) \(merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
        lock.withLock { storage.append(rendered) }
    }
}
