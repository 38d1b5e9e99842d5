import Foundation
import Testing
@testable import KMS
import KMSTestSupport
import CurlHTTP

/// A transport that answers from a closure and records every request; never touches the network.
final class FakeTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []
    private let handler: @Sendable (HTTPRequest) async throws -> HTTPResponse

    init(_ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
        self.handler = handler
    }

    var requests: [HTTPRequest] { lock.withLock { recorded } }

    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock { recorded.append(request) }
        return try await handler(request)
    }

    /// A transport that fails every request as a test failure: for sources that must not call out.
    static func unreachable() -> FakeTransport {
        FakeTransport { request in
            Issue.record("unexpected request \(request.method) \(request.url)")
            throw HTTPClientError.connectionRefused
        }
    }
}

/// A counter safe to bump from concurrent tasks.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.withLock { count += 1; return count } }
    var value: Int { lock.withLock { count } }
}

/// A settable clock for cache tests.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// Where the test target's data files are.
enum ConfigFixtures {
    static let directory: String = {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/config").path
    }()

    static func path(_ name: String) -> String { directory + "/" + name }
}

/// ISO 8601 text for a date, as the services write it.
func isoText(_ date: Date) -> String {
    date.formatted(.iso8601)
}

/// The fake JSON a metadata endpoint answers with.
func credentialsJSON(keyId: String, expiration: Date, code: String? = nil) -> [UInt8] {
    var fields = ["\"AccessKeyId\": \"\(keyId)\"", "\"SecretAccessKey\": \"fake-secret\"", "\"Token\": \"fake-token\"", "\"Expiration\": \"\(isoText(expiration))\""]
    if let code { fields.append("\"Code\": \"\(code)\"") }
    return Array(("{" + fields.joined(separator: ", ") + "}").utf8)
}

/// `credential_server.py` on 127.0.0.1, started for one test and stopped by it.
final class LoopbackCredentialServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    /// With `--tls DIR`: DIR, whose `cert.pem` is the CA to trust.
    let tlsDirectory: String?
    private let stdin = Pipe()

    /// Starts the server with extra command-line arguments and waits (≤ 10 s) for its port, on
    /// a thread of its own: waiting for Python on one of the cooperative pool's two threads
    /// starved other suites' time bounds.
    static func start(_ arguments: [String] = []) async throws -> LoopbackCredentialServer {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try LoopbackCredentialServer(arguments) }) }.start()
        }
    }

    private init(_ arguments: [String]) throws {
        let stdout = Pipe()
        tlsDirectory = arguments.firstIndex(of: "--tls").map { arguments[$0 + 1] }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ConfigFixtures.path("credential_server.py")] + arguments
        process.standardOutput = stdout
        process.standardInput = stdin
        try process.run()
        let reader = stdout.fileHandleForReading
        let deadline = Date().addingTimeInterval(10)
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            guard Date() < deadline, process.isRunning else { break }
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let text = String(data: line, encoding: .utf8)?.split(separator: "\n").first, let port = Int(text) else {
            process.terminate()
            throw CredentialProviderError(code: .unreachable, source: "test server", message: "credential_server.py did not print its port")
        }
        self.port = port
    }

    var baseURL: String { "\(tlsDirectory == nil ? "http" : "https")://127.0.0.1:\(port)" }

    /// The certificate a `--tls` server made, which is its own CA.
    var caBundlePath: String? { tlsDirectory.map { $0 + "/cert.pem" } }

    /// Request counts and last-request details from `/__stats`.
    func stats(using transport: any HTTPTransport) async throws -> [String: Any] {
        let response = try await transport.execute(HTTPRequest(method: "GET", url: baseURL + "/__stats"))
        return (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
    }

    func count(_ key: String, using transport: any HTTPTransport) async throws -> Int {
        let stats = try await stats(using: transport)
        return ((stats["counts"] as? [String: Any])?[key] as? Int) ?? -1
    }

    /// Changes settings (`expiry_seconds`, `delay_ms`, `token_status`, `expire_tokens`).
    func control(_ settings: [String: Any], using transport: any HTTPTransport) async throws {
        let body = try JSONSerialization.data(withJSONObject: settings)
        _ = try await transport.execute(HTTPRequest(method: "POST", url: baseURL + "/__control", headers: ["Content-Type": "application/json"], body: [UInt8](body)))
    }

    /// Ends the server; it is reaped on a thread of its own, not a cooperative one.
    func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        let process = process
        Thread { process.waitUntilExit() }.start()
    }

    deinit { stop() }
}

/// The real transport for loopback tests.
func loopbackTransport() -> CurlHTTPClient {
    var configuration = CurlHTTPClient.Configuration()
    configuration.connectTimeout = .seconds(2)
    configuration.timeout = .seconds(5)
    return CurlHTTPClient(configuration: configuration)
}
