import Testing
@testable import CurlHTTP

extension CurlHTTPClientTests {
    /// Connections are reused, and concurrency costs tasks, not threads.
    @Suite("Connections and concurrency")
    struct Connections {
        @Test("1,000 sequential requests to one host use one TCP connection")
        func sequentialRequestsShareOneConnection() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    for index in 0..<1000 {
                        let body = Array("request \(index)".utf8)
                        let response = try await client.execute(HTTPRequest(method: "POST", url: server.url("/echo"), body: body))
                        #expect(response.status == 200)
                        #expect(response.body == body)
                    }
                    #expect(try await client.stats(of: server) == ServerStats(accepts: 1, requests: 1000))
                }
            }
        }

        /// Callers wake the curl thread only when it sleeps in `curl_multi_poll`, which waits
        /// a second at most: a wake-up lost between its check and its sleep would show here as
        /// a request that took a second.
        @Test("no request waits for the curl thread's one-second poll, sequential or concurrent")
        func noWakeUpIsLost() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let clock = ContinuousClock()
                    func timedRequest() async throws -> Duration {
                        let started = clock.now
                        let response = try await client.execute(HTTPRequest(method: "POST", url: server.url("/echo"), body: [1]))
                        #expect(response.status == 200)
                        return clock.now - started
                    }
                    var slowest = Duration.zero
                    for _ in 0..<600 { slowest = max(slowest, try await timedRequest()) }
                    for tasks in [2, 4, 8] {
                        let slowestOfRound = try await withThrowingTaskGroup(of: Duration.self) { group in
                            for _ in 0..<tasks {
                                group.addTask {
                                    var slowest = Duration.zero
                                    for _ in 0..<(600 / tasks) { slowest = max(slowest, try await timedRequest()) }
                                    return slowest
                                }
                            }
                            return try await group.reduce(Duration.zero) { max($0, $1) }
                        }
                        slowest = max(slowest, slowestOfRound)
                    }
                    #expect(slowest < .milliseconds(900), "slowest request: \(slowest)")
                }
            }
        }

        @Test("64 concurrent requests all complete correctly without adding threads")
        func concurrentRequestsAddNoThreads() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    // Start the client's thread and the cooperative pool before counting.
                    _ = try await client.execute(HTTPRequest(url: server.url("/echo")))
                    let before = ProcessThreads.count()

                    let (responses, during) = try await withThrowingTaskGroup(of: (Int, HTTPResponse).self) { group in
                        for index in 0..<64 {
                            group.addTask {
                                let request = HTTPRequest(method: "POST", url: server.url("/echo?delay=600"),
                                                          body: Array("body \(index)".utf8))
                                return (index, try await client.execute(request))
                            }
                        }
                        // Every request is now waiting on the server's delay.
                        try await Task.sleep(for: .milliseconds(300))
                        let during = ProcessThreads.count()
                        var responses: [Int: HTTPResponse] = [:]
                        for try await (index, response) in group { responses[index] = response }
                        return (responses, during)
                    }
                    let after = ProcessThreads.count()

                    #expect(responses.count == 64)
                    for (index, response) in responses {
                        #expect(response.status == 200)
                        #expect(response.body == Array("body \(index)".utf8))
                    }
                    // One thread per request would add 64. The slack allows for test targets
                    // that share this process and start threads of their own meanwhile.
                    #expect(during <= before + 2, "threads: \(before) before, \(during) with 64 requests in flight")
                    #expect(after <= before + 2, "threads: \(before) before, \(after) after")
                    let stats = try await client.stats(of: server)
                    #expect(stats.requests == 65)
                    #expect(stats.accepts <= 64)
                }
            }
        }

        @Test("connections are capped by maximumConnections and then reused")
        func connectionCap() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing { $0.maximumConnections = 4 }) { client in
                    try await withThrowingTaskGroup(of: Int.self) { group in
                        for _ in 0..<16 {
                            group.addTask { try await client.execute(HTTPRequest(url: server.url("/echo?delay=100"))).status }
                        }
                        for try await status in group { #expect(status == 200) }
                    }
                    let stats = try await client.stats(of: server)
                    #expect(stats.requests == 16)
                    #expect(stats.accepts <= 4)
                }
            }
        }
    }
}
