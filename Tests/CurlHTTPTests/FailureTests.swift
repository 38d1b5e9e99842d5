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
                try await CurlHTTPClient.with(.testing { $0.timeout = 0.5 }) { client in
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
                try await CurlHTTPClient.with(.testing { $0.timeout = 30 }) { client in
                    let clock = ContinuousClock()
                    let task = Task { try await client.execute(HTTPRequest(url: server.url("/hang"))) }
                    try await Task.sleep(for: .milliseconds(200))
                    let start = clock.now
                    task.cancel()
                    await #expect(throws: CancellationError.self) { try await task.value }
                    #expect(clock.now - start < .seconds(1), "cancellation took \(clock.now - start)")

                    let response = try await client.execute(HTTPRequest(url: server.url("/echo")))
                    #expect(response.status == 200)
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
