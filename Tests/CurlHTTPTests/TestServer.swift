import Foundation
import Testing

/// `Servers/test_server.py` running on 127.0.0.1 for one test: started on a free port, stopped
/// by `stop()` (closing its standard input also ends it if the test process dies).
final class TestServer: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    /// The port it listens on.
    let port: Int
    /// With TLS: the folder holding its self-signed `cert.pem` (also the CA to trust).
    let tlsDirectory: URL?

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts the server; `tls` makes it serve HTTPS with a certificate made for this run.
    init(tls: Bool = false) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Servers/test_server.py")
        var arguments = ["python3", script.path]
        if tls {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("curlhttp-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            arguments += ["--tls", directory.path]
            tlsDirectory = directory
        } else {
            tlsDirectory = nil
        }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()

        // The first line is the port; EOF before it means the server could not start.
        var line = Data()
        let reader = output.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let text = String(data: line, encoding: .utf8),
              let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.terminate()
            throw StartError(description: "test server did not print its port")
        }
        self.port = port
    }

    /// Stops the server and waits for it to exit.
    func stop() {
        // The server exits when its input closes (SIGTERM may be blocked: children inherit
        // the signal mask of the Swift worker thread that started them).
        try? input.fileHandleForWriting.close()
        stopProcess(process, grace: 2)
        if let tlsDirectory { try? FileManager.default.removeItem(at: tlsDirectory) }
    }

    /// `http://127.0.0.1:PORT` + `path` (`https` for a TLS server).
    func url(_ path: String) -> String {
        "\(tlsDirectory == nil ? "http" : "https")://127.0.0.1:\(port)\(path)"
    }

    /// The server's own certificate, to trust as a CA.
    var caBundlePath: String? {
        tlsDirectory?.appendingPathComponent("cert.pem").path
    }
}

/// Ends a child process: waits up to `grace` seconds for it to exit by itself, then sends
/// SIGTERM, and SIGKILL if it is still there 5 s later. Always returns.
func stopProcess(_ process: Process, grace: Double = 0) {
    func exited(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        return !process.isRunning
    }
    if !exited(within: grace) {
        process.terminate()
        if !exited(within: 5) { kill(process.processIdentifier, SIGKILL) }
    }
    process.waitUntilExit()
}

/// Runs `body` with a fresh server and always stops it. Starting (waiting for Python to print
/// its port) and stopping (waiting for it to exit) happen on a thread of their own: on one of
/// the cooperative pool's two threads they starved other suites' time bounds.
@discardableResult
func withTestServer<Result>(tls: Bool = false, _ body: (TestServer) async throws -> Result) async throws -> Result {
    let server = try await offCooperativePool { try TestServer(tls: tls) }
    do {
        let result = try await body(server)
        try await offCooperativePool { server.stop() }
        return result
    } catch {
        try? await offCooperativePool { server.stop() }
        throw error
    }
}

/// Runs blocking `work` on a new thread and waits for it without holding a cooperative thread.
func offCooperativePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// What the server counted: connections it accepted and requests other than `/stats`.
struct ServerStats: Decodable, Equatable {
    var accepts: Int
    var requests: Int
}

/// The threads of this process, read from procfs.
enum ProcessThreads {
    /// `Threads:` of `/proc/self/status`.
    static func count() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix("Threads:") {
            return Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) ?? -1
        }
        return -1
    }

    /// The names (`comm`) of every thread.
    static func names() -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { task in
            (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// Polls `condition` every 20 ms for up to `seconds`; returns whether it came true.
    static func wait(upTo seconds: Double, until condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}

/// Bytes `i % 251` for `i` in `offset..<offset + count`, as the server's `/bytes` and
/// `/chunked` send them.
func serverPattern(_ count: Int, offset: Int = 0) -> [UInt8] {
    (0..<count).map { UInt8((offset + $0) % 251) }
}
