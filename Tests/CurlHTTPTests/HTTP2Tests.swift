import Foundation
import Testing
@testable import CurlHTTP

/// nginx serving HTTP/2 over TLS on 127.0.0.1 for one test, with a certificate made for it.
final class NginxHTTP2Server: @unchecked Sendable {
    static let executable = "/usr/sbin/nginx"
    private let process = Process()
    let directory: URL
    let port: Int

    init() throws {
        let tools = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Servers")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("curlhttp-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                          "-nodes", "-keyout", directory.appendingPathComponent("key.pem").path,
                                          "-out", directory.appendingPathComponent("cert.pem").path, "-days", "2",
                                          "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        // A port the kernel just handed out and released; nginx cannot report one it picked.
        port = Int(try Self.run("/usr/bin/env", ["python3", "-c",
            "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let template = try String(contentsOf: tools.appendingPathComponent("nginx-http2.conf"), encoding: .utf8)
        let config = directory.appendingPathComponent("nginx.conf")
        try template.replacingOccurrences(of: "@DIR@", with: directory.path)
            .replacingOccurrences(of: "@PORT@", with: String(port))
            .write(to: config, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["-p", directory.path, "-e", directory.appendingPathComponent("error.log").path, "-c", config.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    var url: String { "https://127.0.0.1:\(port)/" }
    var caBundlePath: String { directory.appendingPathComponent("cert.pem").path }

    /// Waits (5 s at most) until nginx accepts requests.
    func waitUntilReady() async throws {
        var configuration = CurlHTTPClient.Configuration.testing()
        configuration.caBundlePath = caBundlePath
        try await CurlHTTPClient.with(configuration) { probe in
            for _ in 0..<250 {
                if (try? await probe.execute(HTTPRequest(url: url))) != nil { return }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw TestServer.StartError(description: "nginx did not start listening on \(port)")
        }
    }

    /// Stops nginx (SIGTERM, then SIGKILL after 5 s) and removes its folder.
    func stop() {
        stopProcess(process)
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

extension CurlHTTPClientTests {
    /// Against a server that offers HTTP/2: HTTP/1.1 unless the configuration asks for HTTP/2,
    /// then one multiplexed connection.
    @Suite("HTTP/2", .enabled(if: FileManager.default.isExecutableFile(atPath: NginxHTTP2Server.executable),
                              "needs nginx (Debian package nginx)"))
    struct HTTP2 {
        @Test("by default a client speaks HTTP/1.1 to a server offering h2, as to AWS's JSON endpoints")
        func http1ByDefault() async throws {
            #expect(CurlHTTPClient.Configuration().httpVersion == .http1_1)
            let server = try NginxHTTP2Server()
            defer { server.stop() }
            try await server.waitUntilReady()
            try await CurlHTTPClient.with(.testing { $0.caBundlePath = server.caBundlePath }) { client in
                let response = try await client.execute(HTTPRequest(method: "POST", url: server.url, body: Array("one".utf8)))
                #expect(response.status == 200)
                #expect(String(decoding: response.body, as: UTF8.self).hasPrefix("HTTP/1.1 "))
            }
        }

        @Test("with httpVersion .http2, 32 concurrent https requests are multiplexed over one HTTP/2 connection")
        func multiplexing() async throws {
            let server = try NginxHTTP2Server()
            defer { server.stop() }
            try await server.waitUntilReady()
            let configuration = CurlHTTPClient.Configuration.testing {
                $0.caBundlePath = server.caBundlePath
                $0.httpVersion = .http2
            }
            try await CurlHTTPClient.with(configuration) { client in
                let bodies = try await withThrowingTaskGroup(of: HTTPResponse.self) { group in
                    for index in 0..<32 {
                        group.addTask {
                            try await client.execute(HTTPRequest(method: "POST", url: server.url, body: Array("\(index)".utf8)))
                        }
                    }
                    var bodies: [String] = []
                    for try await response in group {
                        #expect(response.status == 200)
                        #expect(response.headers[first: "content-type"] == "text/plain")
                        bodies.append(String(decoding: response.body, as: UTF8.self))
                    }
                    return bodies
                }
                #expect(bodies.count == 32)
                #expect(bodies.allSatisfy { $0.hasPrefix("HTTP/2.0 ") })
                #expect(Set(bodies).count == 1, "connections used: \(Set(bodies).sorted())")
            }
        }
    }
}
