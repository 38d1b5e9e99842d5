import Testing
@testable import CurlHTTP

extension CurlHTTPClientTests {
    /// What goes out is what the caller gave; what comes back is what the server sent.
    @Suite("Round trips")
    struct RoundTrips {
        @Test("method, headers and body arrive exactly as given", arguments: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PURGE"])
        func requestArrivesExactly(method: String) async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let body: [UInt8] = method == "GET" ? [] : Array("body of \(method)".utf8)
                    let headers: HTTPHeaders = HTTPHeaders([
                        (name: "X-First", value: "1"),
                        (name: "X-Repeat", value: "a"),
                        (name: "x-repeat", value: "b"),
                        (name: "X-Spaces", value: "inner  spaces kept"),
                        (name: "X-Last", value: "z"),
                    ])
                    let response = try await client.execute(
                        HTTPRequest(method: method, url: server.url("/echo?q=1&r=%2F"), headers: headers, body: body))

                    #expect(response.status == 200)
                    #expect(response.headers[first: "X-Echo-Method"] == method)
                    #expect(response.headers[first: "X-Echo-Target"] == "/echo?q=1&r=%2F")
                    #expect(response.body == body)
                    let sent = response.echoedHeaders
                    #expect(sent.first == "Host: 127.0.0.1:\(server.port)")
                    // The caller's fields, in order, and nothing libcurl made up (no Accept,
                    // User-Agent, Expect or Content-Type).
                    let given = sent.filter { !$0.hasPrefix("Host:") && !$0.hasPrefix("Content-Length:") }
                    #expect(given == ["X-First: 1", "X-Repeat: a", "x-repeat: b", "X-Spaces: inner  spaces kept", "X-Last: z"])
                    let lengths = sent.filter { $0.hasPrefix("Content-Length:") }
                    #expect(lengths == (body.isEmpty && method != "POST" && method != "PUT" && method != "PATCH" ? [] : ["Content-Length: \(body.count)"]))
                }
            }
        }

        /// Pooled easy handles keep their shared options between requests; nothing of one
        /// request (method, body, headers, HEAD's no-body) may reach the next.
        @Test("one handle, reused sequentially, carries nothing from one request to the next")
        func reusedHandleCarriesNothingOver() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let sequence: [(method: String, body: String, header: String?)] = [
                        ("POST", "first body", "X-Only-Here: 1"), ("GET", "", nil), ("HEAD", "", nil),
                        ("GET", "", nil), ("PUT", "put body", nil), ("DELETE", "", nil),
                        ("POST", "", nil), ("HEAD", "", nil), ("POST", "last", nil),
                    ]
                    for step in sequence {
                        let headers = step.header == nil ? HTTPHeaders() : HTTPHeaders([(name: "X-Only-Here", value: "1")])
                        let response = try await client.execute(HTTPRequest(
                            method: step.method, url: server.url("/echo"), headers: headers, body: Array(step.body.utf8)))
                        let sent = response.echoedHeaders
                        #expect(response.status == 200, "\(step.method)")
                        #expect(response.headers[first: "X-Echo-Method"] == step.method)
                        #expect(response.headers[first: "X-Echo-Length"] == String(step.body.utf8.count), "\(step.method)")
                        #expect(response.body == (step.method == "HEAD" ? [] : Array(step.body.utf8)), "\(step.method)")
                        #expect(sent.contains("X-Only-Here: 1") == (step.header != nil), "\(step.method)")
                        let hasLength = sent.contains { $0.hasPrefix("Content-Length:") }
                        #expect(hasLength == ["POST", "PUT"].contains(step.method), "\(step.method): \(sent)")
                    }
                }
            }
        }

        @Test("an empty POST body is sent as Content-Length: 0")
        func emptyPostBody() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let response = try await client.execute(HTTPRequest(method: "POST", url: server.url("/echo")))
                    #expect(response.status == 200)
                    #expect(response.body.isEmpty)
                    #expect(response.headers[first: "X-Echo-Length"] == "0")
                    #expect(response.echoedHeaders.contains("Content-Length: 0"))
                }
            }
        }

        /// libcurl would add `Expect: 100-continue` above 1 MiB and wait for the server.
        @Test("1 MiB bodies go out and come back intact, without Expect: 100-continue",
              arguments: [1024 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024])
        func largeBody(size: Int) async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let body = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
                    let response = try await client.execute(HTTPRequest(method: "PUT", url: server.url("/echo"), body: body))
                    #expect(response.status == 200)
                    #expect(response.body == body)
                    #expect(response.headers[first: "X-Echo-Length"] == String(body.count))
                    #expect(!response.echoedHeaders.contains { $0.lowercased().hasPrefix("expect:") })
                }
            }
        }

        @Test("headers the caller gives replace libcurl's and an empty value is sent empty")
        func callerHeadersWin() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let headers: HTTPHeaders = [
                        "Content-Type": "application/x-amz-json-1.1",
                        "Accept": "application/json",
                        "User-Agent": "swift-kms-test",
                        "X-Empty": "",
                    ]
                    let response = try await client.execute(
                        HTTPRequest(method: "POST", url: server.url("/echo"), headers: headers, body: Array("{}".utf8)))
                    #expect(response.echoedHeaders == [
                        "Host: 127.0.0.1:\(server.port)",
                        "Content-Type: application/x-amz-json-1.1",
                        "Accept: application/json",
                        "User-Agent: swift-kms-test",
                        "X-Empty:",
                        "Content-Length: 2",
                    ])
                }
            }
        }

        @Test("the path is sent as is, dot segments included")
        func pathAsIs() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let response = try await client.execute(HTTPRequest(url: server.url("/a/../b/./echo")))
                    #expect(response.headers[first: "X-Echo-Target"] == "/a/../b/./echo")
                }
            }
        }

        @Test("HEAD returns the status and headers with no body")
        func head() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let response = try await client.execute(HTTPRequest(method: "HEAD", url: server.url("/bytes?n=5000")))
                    #expect(response.status == 200)
                    #expect(response.headers[first: "Content-Length"] == "5000")
                    #expect(response.body.isEmpty)
                }
            }
        }

        @Test("error statuses are responses, not errors", arguments: [204, 404, 500])
        func statuses(status: Int) async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let body = Array("status \(status)".utf8)
                    let response = try await client.execute(
                        HTTPRequest(method: "POST", url: server.url("/echo?status=\(status)"), body: body))
                    #expect(response.status == status)
                    #expect(response.body == (status == 204 ? [] : body))
                    #expect(response.headers[first: "X-Echo-Method"] == "POST")
                }
            }
        }

        @Test("response headers keep repeated names in order, with values trimmed")
        func responseHeaders() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let response = try await client.execute(HTTPRequest(url: server.url("/headers")))
                    #expect(response.headers == HTTPHeaders([
                        (name: "Set-Cookie", value: "a=1"),
                        (name: "X-Padded", value: "padded value"),
                        (name: "Set-Cookie", value: "b=2"),
                        (name: "X-Empty", value: ""),
                        (name: "Content-Length", value: "0"),
                    ]))
                    #expect(response.headers["set-cookie"] == ["a=1", "b=2"])
                }
            }
        }

        @Test("a chunked response is decoded whole")
        func chunked() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let response = try await client.execute(HTTPRequest(url: server.url("/chunked?count=70&size=1001")))
                    #expect(response.status == 200)
                    #expect(response.body == serverPattern(70 * 1001))
                }
            }
        }

        @Test("a Content-Length body arrives whole")
        func contentLengthBody() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let response = try await client.execute(HTTPRequest(url: server.url("/bytes?n=300000")))
                    #expect(response.body == serverPattern(300_000))
                }
            }
        }

        @Test("only the final response's headers are kept after a 1xx")
        func interimResponse() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let response = try await client.execute(HTTPRequest(url: server.url("/interim")))
                    #expect(response.status == 200)
                    #expect(response.headers == ["X-Final": "yes", "Content-Length": "2"])
                    #expect(response.body == Array("ok".utf8))
                }
            }
        }

        @Test("redirects are returned, not followed")
        func noRedirects() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let response = try await client.execute(HTTPRequest(url: server.url("/echo?status=302&location=/echo")))
                    #expect(response.status == 302)
                    #expect(response.headers[first: "Location"] == "/echo")
                    #expect(try await client.stats(of: server).requests == 1)
                }
            }
        }
    }
}
