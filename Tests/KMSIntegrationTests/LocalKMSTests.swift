import Foundation
import KMS
import KMSTestSupport
import Testing
import CurlHTTP

/// The launcher itself: a started server answers signed requests only, and `stop()` really
/// ends it, so test runs leave no server behind.
@Suite("LocalKMS launcher", .localKMSAvailable)
struct LocalKMSTests {
    @Test("start gives a loopback endpoint, two identities and a key; stop ends the server process")
    func startAndStop() async throws {
        let server = try await LocalKMS.start()
        #expect(server.endpoint.hasPrefix("http://127.0.0.1:"))
        #expect(server.credentials.accessKeyId.hasPrefix("AKIA"))
        #expect(server.sessionCredentials.accessKeyId.hasPrefix("ASIA"))
        #expect(server.keyArn.hasSuffix(":key/\(server.keyId)"))
        #expect(server.roleArn.hasSuffix(":role/swift-kms-role"))
        #expect(Self.isRunning(server.pid))
        #expect(!"\(server)".contains(server.credentials.secretAccessKey), "description shows no secret")

        try await server.stop()
        #expect(!Self.isRunning(server.pid))
        // Stopping again is harmless.
        try await server.stop()
    }

    @Test("an unsigned request is refused once setup is done: the unauthenticated window is closed")
    func unsignedRequestRefused() async throws {
        let server = try await LocalKMS.start()
        let http = CurlHTTPClient()
        let request = HTTPRequest(
            method: "POST",
            url: server.endpoint + "/",
            headers: ["Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "TrentService.ListKeys"],
            body: Array("{}".utf8)
        )
        let response: HTTPResponse
        do {
            response = try await http.execute(request)
        } catch {
            await http.shutdown()
            try await server.stop()
            throw error
        }
        await http.shutdown()
        try await server.stop()
        #expect(response.status >= 400, "moto answered \(response.status) to an unsigned ListKeys")
        #expect(!String(decoding: response.body, as: UTF8.self).contains("\"Keys\""))
    }

    /// Whether a process with this id exists and is not a zombie.
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        let state = stat.split(separator: ")").last?.split(separator: " ").first
        return state != "Z"
    }
}
