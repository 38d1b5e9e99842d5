import Testing
@testable import CurlHTTP

/// Requests, responses and settings can be printed and logged without leaking secrets.
@Suite("Descriptions")
struct DescriptionTests {
    static let secret = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY"

    @Test("a request prints its method and URL without query, header values or body")
    func request() {
        let request = HTTPRequest(
            method: "POST", url: "https://kms.example/path?X-Amz-Signature=\(Self.secret)",
            headers: ["Authorization": "AWS4-HMAC-SHA256 Signature=\(Self.secret)", "X-Amz-Security-Token": Self.secret],
            body: Array("{\"Plaintext\":\"\(Self.secret)\"}".utf8))
        for text in [String(describing: request), String(reflecting: request), "\(request)"] {
            #expect(!text.contains(Self.secret))
            #expect(text.contains("POST https://kms.example/path"))
        }
    }

    @Test("a response prints status and headers but not its body or credential headers")
    func response() {
        let response = HTTPResponse(status: 200, headers: ["Content-Type": "application/json", "Set-Cookie": Self.secret],
                                    body: Array(Self.secret.utf8))
        for text in [String(describing: response), String(reflecting: response)] {
            #expect(!text.contains(Self.secret))
            #expect(text.contains("200"))
            #expect(text.contains("\"Content-Type\": \"application/json\""))
        }
    }

    @Test("a configuration never prints its proxy URL")
    func configuration() {
        var configuration = CurlHTTPClient.Configuration()
        configuration.proxy = .url("http://user:\(Self.secret)@proxy.example:3128")
        for text in [String(describing: configuration), String(reflecting: configuration)] {
            #expect(!text.contains(Self.secret))
        }
    }
}
