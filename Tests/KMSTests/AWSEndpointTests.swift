import Testing

@testable import KMS

@Suite("AWSEndpoint parses what users write, and refuses the rest")
struct AWSEndpointTests {
    @Test(
        "accepted endpoints",
        arguments: [
            ("https://kms.eu-west-1.amazonaws.com", "https", "kms.eu-west-1.amazonaws.com", nil, "https://kms.eu-west-1.amazonaws.com/"),
            ("http://127.0.0.1:4566", "http", "127.0.0.1", 4566, "http://127.0.0.1:4566/"),
            ("http://localhost:4566/", "http", "localhost", 4566, "http://localhost:4566/"),
            ("HTTPS://KMS.Example.COM", "https", "kms.example.com", nil, "https://kms.example.com/"),
            ("kms.example.com", "https", "kms.example.com", nil, "https://kms.example.com/"),
            ("kms.example.com:8443", "https", "kms.example.com", 8443, "https://kms.example.com:8443/"),
            ("https://kms.example.com:443", "https", "kms.example.com", nil, "https://kms.example.com/"),
            ("http://127.0.0.1:80", "http", "127.0.0.1", nil, "http://127.0.0.1/"),
            ("http://127.0.0.1:443", "http", "127.0.0.1", 443, "http://127.0.0.1:443/"),
            ("http://[::1]:4566", "http", "[::1]", 4566, "http://[::1]:4566/"),
            ("https://[::1]", "https", "[::1]", nil, "https://[::1]/"),
            ("http://my_host.local:1", "http", "my_host.local", 1, "http://my_host.local:1/"),
            ("http://127.0.0.1:65535", "http", "127.0.0.1", 65535, "http://127.0.0.1:65535/"),
        ] as [(String, String, String, Int?, String)])
    func accepted(text: String, scheme: String, host: String, port: Int?, url: String) throws {
        let endpoint = try AWSEndpoint(parsing: text)
        #expect(endpoint.scheme == scheme)
        #expect(endpoint.host == host)
        #expect(endpoint.port == port)
        #expect(endpoint.url == url)
        #expect(endpoint.hostHeader == (port.map { "\(host):\($0)" } ?? host))
    }

    @Test(
        "refused endpoints",
        arguments: [
            "", "ftp://kms.example.com", "file:///etc/passwd", "://kms.example.com",
            "https://", "https://:443", "http://127.0.0.1:", "http://127.0.0.1:0", "http://127.0.0.1:65536",
            "http://127.0.0.1:99999999", "http://127.0.0.1:-1", "http://127.0.0.1:44a", "http://127.0.0.1:+80",
            "https://kms.example.com/path", "https://kms.example.com/?a=b", "https://kms.example.com?a=b",
            "https://kms.example.com#frag", "https://user:pass@kms.example.com", "https://user@kms.example.com",
            "https://kms example.com", " https://kms.example.com", "https://kms.example.com\r\nX-Evil: 1",
            "https://kms.example.com\t", "https://kms.ex\u{7F}ample.com", "https://kms.exämple.com",
            "http://[::1", "http://[::1]x", "http://[]:80", "http://[zz::1]:80", "https://a:1:2",
            "https://kms.example.com//", "https://kms.example.com\\x",
        ])
    func refused(text: String) {
        #expect(throws: AWSConfigError.invalidEndpoint) { try AWSEndpoint(parsing: text) }
    }

    @Test("the default endpoint is KMS's own in the region, over https")
    func defaultEndpoint() {
        let endpoint = AWSEndpoint.defaultKMS(region: "eu-central-2")
        #expect(endpoint.url == "https://kms.eu-central-2.amazonaws.com/")
        #expect(endpoint.hostHeader == "kms.eu-central-2.amazonaws.com")
        #expect(endpoint.isSecure)
    }

    @Test("refusal messages name the problem")
    func messages() {
        #expect(throws: AWSConfigError.self) { try AWSEndpoint(parsing: "ftp://x") }
        do {
            _ = try AWSEndpoint(parsing: "http://127.0.0.1:70000")
            Issue.record("accepted a bad port")
        } catch {
            #expect(error.message.contains("port"))
            #expect(error.description.hasPrefix("AWSConfigError.invalidEndpoint"))
        }
    }
}
