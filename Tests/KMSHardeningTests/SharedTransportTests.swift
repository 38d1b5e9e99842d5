import Foundation
import Testing

@testable import KMS
@testable import CurlHTTP
import KMSTestSupport

/// Many `KMSClient`s on the shared transport against a real loopback server: one libcurl thread
/// and one connection pool between them, and one client's shutdown leaves the others working.
@Suite struct SharedTransportTests {
    /// The names of this process's threads (`/proc/self/task/*/comm`).
    static func threadNames() -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { task in
            (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    @Test("16 clients share one libcurl thread and its connections; shutting one down leaves the others working")
    func manyClientsOneThread() async throws {
        let server = try await HostileServer.start(mode: "normal", faults: 0)
        defer { server.stop() }
        var config = try hostileConfig(endpoint: server.url, timeout: 9.75)  // settings no other test uses
        config.httpConfiguration.maximumConnections = 4
        let clients = (0..<16).map { _ in KMSClient(config: config) }

        let transport = try #require(clients[0].callPath.transport as? CurlHTTPClient)
        #expect(clients.allSatisfy { $0.callPath.transport as AnyObject === transport })

        // Each client calls in turn: one connection serves them all.
        for client in clients {
            let key = try await client.generateDataKey(id: "alias/hostile", size: 32)
            #expect(key.plaintextBytes.withUnsafeBytes { Array($0) } == Secret.serverKey(32))
        }
        // (The thread names itself as it starts: by now it has.)
        #expect(Self.threadNames().filter { $0 == transport.loop.threadName }.count == 1, "one thread, running")
        // stats() connects with a client of its own: one accept per call of it.
        #expect(try await server.stats().accepts == 1 + 1, "the clients reused one connection")

        await clients[0].shutdown()
        await #expect { try await clients[0].generateDataKey(id: "alias/hostile") } throws: {
            ($0 as? KMSError)?.code == .clientShutDown
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in clients.dropFirst() {
                group.addTask { () async throws in #expect(try await client.generateDataKey(id: "alias/hostile", size: 16).plaintextBytes.count == 16) }
            }
            try await group.waitForAll()
        }
        #expect(Self.threadNames().filter { $0 == transport.loop.threadName }.count == 1, "still the one thread")
        #expect(try await server.stats().accepts - 2 <= 4, "at most maximumConnections connections")
        for client in clients { await client.shutdown() }
    }

    @Test("calls from a task preferring KMSClient.taskExecutor run on the transport's curl thread, and answer right")
    func callsOnTheCurlThread() async throws {
        let server = try await HostileServer.start(mode: "normal", faults: 0)
        defer { server.stop() }
        let config = try hostileConfig(endpoint: server.url, timeout: 9.5)  // settings no other test uses
        let client = KMSClient(config: config)
        let transport = try #require(client.callPath.transport as? CurlHTTPClient)
        let executor = try #require(client.taskExecutor)
        let names = try await withTaskExecutorPreference(executor) {
            var names: Set<String> = []
            for size in [16, 32, 64, 32, 16] {
                let key = try await client.generateDataKey(id: "alias/hostile", size: size)
                #expect(key.plaintextBytes.withUnsafeBytes { Array($0) } == Secret.serverKey(size))
                names.insert((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
            }
            return names
        }
        #expect(names == [transport.loop.threadName])
        #expect(KMSClient(config: config, transport: InstantTransport()).taskExecutor == nil, "not a libcurl transport")
        await client.shutdown()
    }
}

/// A transport that is not libcurl's: answers nothing, only its kind matters.
private struct InstantTransport: HTTPTransport {
    func execute(_ request: HTTPRequest) async throws -> HTTPResponse { HTTPResponse(status: 500, headers: HTTPHeaders(), body: []) }
}
