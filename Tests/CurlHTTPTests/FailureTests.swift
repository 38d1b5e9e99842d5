import Testing
@testable import CurlHTTP

extension CurlHTTPClientTests {
    /// Every way a server can misbehave ends in a typed error, in bounded time and memory,
    /// and the client keeps working afterwards.
    @Suite("Failures")
    struct Failures {
        @Test("a server that never answers hits the timeout")
        func timeout() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing { $0.timeout = .seconds(0.5) }) { client in
                    let clock = ContinuousClock()
                    let start = clock.now
                    await #expect(throws: HTTPClientError.timeout) {
                        try await client.execute(HTTPRequest(url: server.url("/hang")))
                    }
                    let elapsed = clock.now - start
                    #expect(elapsed >= .milliseconds(400) && elapsed < .seconds(5), "took \(elapsed)")
                    // The client serves the next request.
                    let next = try await client.execute(HTTPRequest(url: server.url("/echo")))
                    #expect(next.status == 200)
                }
            }
        }

        @Test("an endless body hits the size bound while it arrives")
        func endlessBody() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing { $0.maximumResponseSize = 1024 * 1024 }) { client in
                    let error = await #expect(throws: HTTPClientError.responseTooLarge) {
                        try await client.execute(HTTPRequest(url: server.url("/endless")))
                    }
                    #expect(error?.message.contains("1048576") == true)
                    let next = try await client.execute(HTTPRequest(url: server.url("/echo")))
                    #expect(next.status == 200)
                }
            }
        }

        @Test("a Content-Length over the bound fails before the body; one at the bound passes")
        func announcedLength() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing { $0.maximumResponseSize = 100_000 }) { client in
                    await #expect(throws: HTTPClientError.responseTooLarge) {
                        try await client.execute(HTTPRequest(url: server.url("/bytes?n=100001")))
                    }
                    let response = try await client.execute(HTTPRequest(url: server.url("/bytes?n=100000")))
                    #expect(response.body == serverPattern(100_000))
                }
            }
        }

        @Test("a connection closed mid-body or before any answer is .connectionClosed", arguments: ["/truncated", "/nothing"])
        func closedMidway(path: String) async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let error = await #expect(throws: HTTPClientError.connectionClosed) {
                        try await client.execute(HTTPRequest(url: server.url(path)))
                    }
                    #expect(error?.curlCode != 0)
                    let next = try await client.execute(HTTPRequest(url: server.url("/echo")))
                    #expect(next.status == 200)
                }
            }
        }

        @Test("a port nobody listens on is .connectionRefused")
        func connectionRefused() async throws {
            let server = try TestServer()
            let url = server.url("/echo")
            server.stop()
            try await CurlHTTPClient.with(.testing()) { client in
                let error = await #expect(throws: HTTPClientError.connectionRefused) {
                    try await client.execute(HTTPRequest(url: url))
                }
                #expect(error?.curlCode == 7)
            }
        }

        @Test("a cancelled task returns at once and the client serves the next request")
        func cancellation() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing { $0.timeout = .seconds(30) }) { client in
                    let clock = ContinuousClock()
                    let task = Task { try await client.execute(HTTPRequest(url: server.url("/hang"))) }
                    try await Task.sleep(for: .milliseconds(200))
                    let start = clock.now
                    task.cancel()
                    await #expect(throws: CancellationError.self) { try await task.value }
                    // Far under the 30 s timeout, with room for a loaded CI machine.
                    #expect(clock.now - start < .seconds(5), "cancellation took \(clock.now - start)")

                    let response = try await client.execute(HTTPRequest(url: server.url("/echo")))
                    #expect(response.status == 200)
                }
            }
        }

        @Test("cancelling requests at random moments leaves every caller answered and the client working")
        func cancellationRaces() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing { $0.timeout = .seconds(10) }) { client in
                    var generator = SystemRandomNumberGenerator()
                    let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                        var tasks: [Task<HTTPResponse, any Error>] = []
                        for index in 0..<200 {
                            let delay = Int.random(in: 0...30, using: &generator)
                            tasks.append(Task {
                                try await client.execute(HTTPRequest(method: "POST", url: server.url("/echo?delay=\(delay)"),
                                                                     body: Array("\(index)".utf8)))
                            })
                        }
                        for (index, task) in tasks.enumerated() {
                            let cancelAfter = index.isMultiple(of: 2) ? Int.random(in: 0...40, using: &generator) : nil
                            group.addTask {
                                if let cancelAfter {
                                    try await Task.sleep(for: .milliseconds(cancelAfter))
                                    task.cancel()
                                }
                                do {
                                    let response = try await task.value
                                    return response.body == Array("\(index)".utf8) ? "ok" : "wrong body"
                                } catch is CancellationError {
                                    return cancelAfter == nil ? "cancelled unasked" : "cancelled"
                                } catch {
                                    return "error \(error)"
                                }
                            }
                        }
                        var outcomes: [String: Int] = [:]
                        for try await outcome in group { outcomes[outcome, default: 0] += 1 }
                        return outcomes
                    }
                    #expect(outcomes.values.reduce(0, +) == 200)
                    #expect(Set(outcomes.keys).isSubset(of: ["ok", "cancelled"]), "\(outcomes)")
                    #expect((outcomes["ok"] ?? 0) >= 100)
                    let next = try await client.execute(HTTPRequest(url: server.url("/echo")))
                    #expect(next.status == 200)
                }
            }
        }

        @Test("a task cancelled before it calls execute sends nothing")
        func cancelledBeforehand() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let task = Task {
                        withUnsafeCurrentTask { $0?.cancel() }
                        return try await client.execute(HTTPRequest(url: server.url("/echo")))
                    }
                    await #expect(throws: CancellationError.self) { try await task.value }
                    let stats = try await client.stats(of: server)
                    #expect(stats.requests == 0)
                }
            }
        }

        @Test("a self-signed certificate is refused by default")
        func selfSignedRefused() async throws {
            try await withTestServer(tls: true) { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let error = await #expect(throws: HTTPClientError.tlsFailure) {
                        try await client.execute(HTTPRequest(url: server.url("/echo")))
                    }
                    #expect(error?.curlCode != 0)
                }
            }
        }

        @Test("a self-signed certificate is accepted when its CA is configured")
        func selfSignedTrusted() async throws {
            try await withTestServer(tls: true) { server in
                let configuration = CurlHTTPClient.Configuration.testing { $0.caBundlePath = server.caBundlePath }
                try await CurlHTTPClient.with(configuration) { client in
                    for _ in 0..<3 {
                        let response = try await client.execute(
                            HTTPRequest(method: "POST", url: server.url("/echo"), body: Array("over tls".utf8)))
                        #expect(response.status == 200)
                        #expect(response.body == Array("over tls".utf8))
                    }
                    #expect(try await client.stats(of: server).accepts == 1)
                }
            }
        }

        @Test("a CA bundle that does not exist is a TLS failure, not a silent fallback")
        func missingCABundle() async throws {
            try await withTestServer(tls: true) { server in
                try await CurlHTTPClient.with(.testing { $0.caBundlePath = "/nonexistent/ca.pem" }) { client in
                    await #expect(throws: HTTPClientError.tlsFailure) {
                        try await client.execute(HTTPRequest(url: server.url("/echo")))
                    }
                }
            }
        }
    }
}
