import Testing

@testable import AWSSigV4

@Suite("Canonical headers")
struct CanonicalHeadersTests {
    static func canonical(_ headers: [(name: String, value: String)]) -> (headers: String, signed: String) {
        let result = CanonicalHeaders(headers)
        return (String(decoding: result.canonical, as: UTF8.self), String(decoding: result.signedHeaders, as: UTF8.self))
    }

    @Test("values are trimmed and inner whitespace runs folded to one space, quotes or not")
    func folding() {
        #expect(CanonicalHeaders.trimmed("  a   b\t\tc  ") == "a b c")
        #expect(CanonicalHeaders.trimmed("\"a   b   c\"") == "\"a b c\"")
        #expect(CanonicalHeaders.trimmed("value1\n  value2\r\n\tvalue3") == "value1 value2 value3")
        #expect(CanonicalHeaders.trimmed(" \t ") == "")
        #expect(CanonicalHeaders.trimmed("VALUE ünï") == "VALUE ünï")
    }

    @Test("names are lower-cased and sorted; repeated names are joined with , in order")
    func namesAndRepeats() {
        let result = Self.canonical([
            ("X-B", "1"), ("Host", "h"), ("x-b", " 3 "), ("X-A", "2"), ("X-B", "0"),
        ])
        #expect(result.headers == "host:h\nx-a:2\nx-b:1,3,0\n")
        #expect(result.signed == "host;x-a;x-b")
    }

    @Test("hop-by-hop and client headers are never signed, whatever their case", arguments: CanonicalHeaders.excludedNames)
    func excluded(name: String) {
        #expect(CanonicalHeaders.isExcluded(name))
        let upper = name.uppercased()
        let result = Self.canonical([("Host", "h"), (upper, "v"), ("X-Kept", "k")])
        #expect(result.signed == "host;x-kept")
        #expect(!result.headers.contains(name + ":"))
    }

    @Test("the exclusion list is the one the design names, plus botocore's hop-by-hop headers")
    func exclusionList() {
        for name in ["user-agent", "authorization", "expect", "connection", "transfer-encoding", "x-amzn-trace-id"] {
            #expect(CanonicalHeaders.excludedNames.contains(name))
        }
        for name in ["host", "content-type", "content-length", "x-amz-target", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"] {
            #expect(!CanonicalHeaders.isExcluded(name), "\(name) must be signed")
        }
    }

    @Test("names are compared as bytes: Unicode-equivalent spellings stay separate")
    func namesAsBytes() {
        let result = Self.canonical([("x-\u{E9}", "1"), ("x-e\u{301}", "2"), ("x-\u{E9}", "3")])
        #expect(result.signed == "x-e\u{301};x-\u{E9}")
        #expect(result.headers == "x-e\u{301}:2\nx-\u{E9}:1,3\n")
    }

    @Test("lower-casing touches ASCII letters only")
    func lowercasing() {
        #expect(CanonicalHeaders.lowercasedASCII("X-Amz-Security-Token") == "x-amz-security-token")
        #expect(CanonicalHeaders.lowercasedASCII("x-ÄB") == "x-Äb")
        #expect(CanonicalHeaders.lowercasedASCII("host") == "host")
    }
}
