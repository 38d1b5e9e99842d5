import Foundation
import KMS
import CurlHTTP

/// `Servers/hostile_kms.py` on 127.0.0.1 for one test: started on a free port, stopped by
/// `stop()`. It exits when its standard input closes, so it cannot outlive the test process.
final class HostileServer: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    /// The port it listens on.
    let port: Int

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// What the server counted (`GET /__stats`).
    struct Stats: Decodable {
        /// KMS requests seen (stats requests excluded).
        var requests: Int
        /// Connections accepted.
        var accepts: Int
        /// Requests answered with a fault.
        var faults: Int
        /// Body bytes the 100 MB modes wrote before the client hung up.
        var huge_sent: Int
    }

    /// Starts the server: the first `faults` KMS requests get `mode`, later ones a correct
    /// answer; mode `random` fails each request with probability `rate`.
    private convenience init(mode: String, faults: Int = 1, rate: Double = 0.2, seed: Int? = nil, redirectTo: String? = nil, port: Int? = nil) throws {
        var arguments = ["--mode", mode, "--faults", "\(faults)", "--rate", "\(rate)"]
        if let port { arguments += ["--port", "\(port)"] }
        if let seed { arguments += ["--seed", "\(seed)"] }
        if let redirectTo { arguments += ["--redirect-to", redirectTo] }
        try self.init(script: Self.testsDirectory.appendingPathComponent("KMSHardeningTests/Servers/hostile_kms.py"), arguments: arguments)
    }

    /// Starts the server without blocking a Swift concurrency thread while Python starts (the
    /// cooperative pool has one thread per core, and other suites run alongside).
    /// `port` asks for a given port instead of a free one.
    static func start(mode: String, faults: Int = 1, rate: Double = 0.2, seed: Int? = nil, redirectTo: String? = nil, port: Int? = nil) async throws -> HostileServer {
        try await offThePool { try HostileServer(mode: mode, faults: faults, rate: rate, seed: seed, redirectTo: redirectTo, port: port) }
    }

    /// KMSTests' `credential_server.py` (IMDS, container endpoint and STS on loopback), reused
    /// as it is: its answers carry `fake-secret-N` and `fake-session-token-N`.
    static func credentialServer(_ arguments: [String] = []) async throws -> HostileServer {
        try await offThePool {
            try HostileServer(script: testsDirectory.appendingPathComponent("KMSTests/Fixtures/config/credential_server.py"), arguments: arguments)
        }
    }

    private static func offThePool(_ make: @escaping @Sendable () throws -> HostileServer) async throws -> HostileServer {
        // A thread of its own: GCD's global pool is shared too (the library's credential_process
        // runner waits on it), and it is as small as the cooperative one.
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try make() }) }.start()
        }
    }

    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Starts a Python server script that prints its port on its first line.
    private init(script: URL, arguments: [String]) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
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
        guard let text = String(data: line, encoding: .utf8),
              let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            throw StartError(description: "\(script.lastPathComponent) did not print its port")
        }
        self.port = port
    }

    /// `http://127.0.0.1:PORT`.
    var url: String { "http://127.0.0.1:\(port)" }

    /// The server's counters, fetched with a client of its own.
    func stats() async throws -> Stats {
        var configuration = CurlHTTPClient.Configuration()
        configuration.proxy = .disabled
        configuration.timeout = .seconds(10)
        let client = CurlHTTPClient(configuration: configuration)
        let response: Result<HTTPResponse, any Error>
        do {
            response = .success(try await client.execute(HTTPRequest(method: "GET", url: url + "/__stats")))
        } catch {
            response = .failure(error)
        }
        await client.shutdown()
        return try JSONDecoder().decode(Stats.self, from: Data(response.get().body))
    }

    /// Stops the server: closing its input ends it; a thread of its own (no shared pool's)
    /// reaps it, with SIGKILL if it is still there after 5 s.
    func stop() {
        try? input.fileHandleForWriting.close()
        let process = process
        Thread {
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning, Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }.start()
    }
}

