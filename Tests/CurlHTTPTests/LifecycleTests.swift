import Testing
@testable import CurlHTTP

extension CurlHTTPClientTests {
    /// Shutting down fails what is pending and frees the thread; so does dropping a client.
    @Suite("Lifecycle")
    struct Lifecycle {
        @Test("shutdown fails in-flight requests with .shutDown, and later calls too")
        func shutdownFailsInFlight() async throws {
            try await withTestServer { server in
                let client = CurlHTTPClient(configuration: .testing { $0.timeout = .seconds(30) })
                let tasks = (0..<4).map { _ in
                    Task { try await client.execute(HTTPRequest(url: server.url("/hang"))) }
                }
                // Wait until the server has all four requests.
                let observer = CurlHTTPClient(configuration: .testing())
                var seen = 0
                for _ in 0..<100 where seen < 4 {
                    seen = try await observer.stats(of: server).requests
                    if seen < 4 { try await Task.sleep(for: .milliseconds(20)) }
                }
                await observer.shutdown()
                #expect(seen == 4)

                let clock = ContinuousClock()
                let start = clock.now
                await client.shutdown()
                for task in tasks {
                    await #expect(throws: HTTPClientError.shutDown) { try await task.value }
                }
                #expect(clock.now - start < .seconds(10))  // the hanging requests would wait 30 s
                await #expect(throws: HTTPClientError.shutDown) {
                    try await client.execute(HTTPRequest(url: server.url("/echo")))
                }
                await client.shutdown()  // again: nothing happens
                #expect(!ProcessThreads.names().contains(client.loop.threadName))
            }
        }

        @Test("a client released without shutdown ends its thread")
        func releasedClientEndsItsThread() async throws {
            try await withTestServer { server in
                let baseline = ProcessThreads.count()
                var client: CurlHTTPClient? = CurlHTTPClient(configuration: .testing())
                let name = try #require(client?.loop.threadName)
                #expect(try await client?.execute(HTTPRequest(url: server.url("/echo"))).status == 200)
                #expect(ProcessThreads.names().contains(name))
                client = nil

                let gone = await ProcessThreads.wait(upTo: 5) { !ProcessThreads.names().contains(name) }
                #expect(gone, "thread \(name) still running")
                // Back to the baseline; the slack allows for other test targets in this process.
                let settled = await ProcessThreads.wait(upTo: 5) { ProcessThreads.count() <= baseline }
                #expect(settled || ProcessThreads.count() <= baseline + 2,
                        "threads: \(baseline) before, \(ProcessThreads.count()) after")
            }
        }

        @Test("many clients created and shut down leave no threads behind")
        func manyClients() async throws {
            try await withTestServer { server in
                let baseline = ProcessThreads.count()
                for _ in 0..<20 {
                    let client = CurlHTTPClient(configuration: .testing())
                    let response = try await client.execute(HTTPRequest(url: server.url("/echo")))
                    #expect(response.status == 200)
                    await client.shutdown()
                }
                // shutdown joins the thread, so nothing is left to wait for.
                #expect(ProcessThreads.count() <= baseline + 2, "threads: \(baseline) before, \(ProcessThreads.count()) after")
            }
        }
    }
}
