import Testing
@testable import CurlHTTP

extension CurlHTTPClientTests {
    /// Requests that could inject or mis-frame anything are refused before a byte is sent.
    @Suite("Request validation")
    struct Validation {
        /// One refused request: what is wrong with it, and how to make it from a server's URL.
        struct Case: Sendable, CustomTestStringConvertible {
            var testDescription: String
            var make: @Sendable (TestServer) -> HTTPRequest
        }

        static let secret = "s3cr3t-value"

        static let cases: [Case] = [
            Case(testDescription: "CR LF in a header value") {
                HTTPRequest(url: $0.url("/echo"), headers: ["X-Token": "\(secret)\r\nX-Injected: 1"])
            },
            Case(testDescription: "bare LF in a header value") {
                HTTPRequest(url: $0.url("/echo"), headers: ["X-Token": "\(secret)\nX-Injected: 1"])
            },
            Case(testDescription: "bare CR in a header value") {
                HTTPRequest(url: $0.url("/echo"), headers: ["X-Token": "\(secret)\r"])
            },
            Case(testDescription: "NUL in a header value") {
                HTTPRequest(url: $0.url("/echo"), headers: ["X-Token": "\(secret)\u{0}tail"])
            },
            Case(testDescription: "CR LF in a header name") {
                HTTPRequest(url: $0.url("/echo"), headers: ["X-A\r\nX-B": secret])
            },
            Case(testDescription: "a colon in a header name") {
                HTTPRequest(url: $0.url("/echo"), headers: ["X-A: b": secret])
            },
            Case(testDescription: "a space in a header name") {
                HTTPRequest(url: $0.url("/echo"), headers: ["X A": secret])
            },
            Case(testDescription: "an empty header name") {
                HTTPRequest(url: $0.url("/echo"), headers: ["": secret])
            },
            Case(testDescription: "a method with a space") {
                HTTPRequest(method: "GET /other HTTP/1.1\r\nX:", url: $0.url("/echo"))
            },
            Case(testDescription: "an empty method") {
                HTTPRequest(method: "", url: $0.url("/echo"))
            },
            Case(testDescription: "an ftp URL") { _ in
                HTTPRequest(url: "ftp://127.0.0.1/\(secret)")
            },
            Case(testDescription: "a file URL") { _ in
                HTTPRequest(url: "file:///etc/passwd")
            },
            Case(testDescription: "a relative URL") { _ in
                HTTPRequest(url: "/echo")
            },
            Case(testDescription: "a URL without a host") { _ in
                HTTPRequest(url: "http://")
            },
            Case(testDescription: "a URL with a space") {
                HTTPRequest(url: $0.url("/echo?a=\(secret) b"))
            },
            Case(testDescription: "a URL with CR LF") {
                HTTPRequest(url: $0.url("/echo\r\nX-Injected: 1"))
            },
            Case(testDescription: "a Content-Length that differs from the body") {
                HTTPRequest(method: "POST", url: $0.url("/echo"), headers: ["Content-Length": "3"], body: Array(secret.utf8))
            },
            Case(testDescription: "a Transfer-Encoding header") {
                HTTPRequest(method: "POST", url: $0.url("/echo"), headers: ["Transfer-Encoding": "chunked"], body: [1])
            },
            Case(testDescription: "a HEAD request with a body") {
                HTTPRequest(method: "HEAD", url: $0.url("/echo"), body: [1])
            },
        ]

        @Test("refused with .invalidRequest and nothing sent", arguments: cases)
        func refused(_ invalid: Case) async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let error = await #expect(throws: HTTPClientError.invalidRequest) {
                        try await client.execute(invalid.make(server))
                    }
                    // The message names the problem, never the value.
                    #expect(error.map { !$0.description.contains(Self.secret) } == true)
                    let stats = try await client.stats(of: server)
                    #expect(stats == ServerStats(accepts: 1, requests: 0))
                }
            }
        }

        @Test("a header name is accepted exactly when every byte is an RFC 9110 tchar")
        func tokenBytes() {
            let tchar = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
            for byte in UInt8.min...UInt8.max {
                let name = "X" + String(decoding: [byte], as: UTF8.self) + "Y"
                let request = HTTPRequest(url: "http://127.0.0.1:9/", headers: HTTPHeaders([(name: name, value: "v")]))
                let accepted = (try? request.validatedShape()) != nil
                #expect(accepted == tchar.contains(byte), "byte \(byte)")
            }
        }

        @Test("tabs, obs-text and every token character are allowed")
        func permissiveWhereHTTPIs() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let name = "X-!#$%&'*+.^_`|~09az"
                    let response = try await client.execute(
                        HTTPRequest(url: server.url("/echo"), headers: HTTPHeaders([(name: name, value: "a\tb")])))
                    #expect(response.status == 200)
                    #expect(response.echoedHeaders.contains("\(name): a\tb"))
                }
            }
        }
    }
}
