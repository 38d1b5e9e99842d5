import Foundation
import KMS
import KMSTestSupport
import CurlHTTP

/// `Servers/hostile_tls.py` for one test: a good TLS server and one per way a handshake must
/// be refused, with certificates it made with openssl in a temporary directory. Ends when its
/// standard input closes (`stop()`), so it cannot outlive the test process.
final class HostileTLSServers: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    let directory: TemporaryDirectory
    /// Port of each mode: good, untrusted, mismatch, expired, oldtls, stall, close.
    let ports: [String: Int]

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// Per-mode counts from `GET /__stats` on the good server.
    struct Counts: Decodable {
        var connections: Int
        var handshakes: Int
        var http_requests: Int
        var first_bytes_http: Int
    }

    /// The CA that signed the good server's certificate (and the mismatched, expired and old ones).
    var trustedCA: String { directory.path + "/ca.pem" }
    /// The CA of the `untrusted` server, which no client trusts unless told to.
    var otherCA: String { directory.path + "/other-ca.pem" }

    func url(_ mode: String, _ path: String = "/") -> String { "https://127.0.0.1:\(ports[mode] ?? 0)\(path)" }

    /// Starts the servers off the cooperative pool (Python and openssl take a moment).
    static func start() async throws -> HostileTLSServers {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try HostileTLSServers() }) }.start()
        }
    }

    private init() throws {
        directory = try TemporaryDirectory()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Servers/hostile_tls.py")
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, directory.path]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        let reader = output.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        try? reader.close()
        guard let ports = try? JSONDecoder().decode([String: Int].self, from: line) else {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            directory.remove()
            throw StartError(description: "hostile_tls.py did not print its ports (is openssl installed?)")
        }
        self.ports = ports
    }

    /// The counts of every mode, fetched from the good server with a client of its own.
    func counts() async throws -> [String: Counts] {
        var configuration = CurlHTTPClient.Configuration()
        configuration.proxy = .disabled
        configuration.caBundlePath = trustedCA
        let client = CurlHTTPClient(configuration: configuration)
        let response: Result<HTTPResponse, any Error>
        do {
            response = .success(try await client.execute(HTTPRequest(method: "GET", url: url("good", "/__stats"))))
        } catch {
            response = .failure(error)
        }
        await client.shutdown()
        return try JSONDecoder().decode([String: Counts].self, from: Data(response.get().body))
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        let process = process
        let directory = directory
        Thread {
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning, Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            directory.remove()
        }.start()
    }
}
