import Testing

@testable import AWSSigV4

@Suite("Canonical URI")
struct CanonicalPathTests {
    @Test(
        "normalization resolves dot segments and merges slashes, as botocore does",
        arguments: [
            ("/", "/"),
            ("/a/./b", "/a/b"),
            ("/a/b/../c", "/a/c"),
            ("/../a", "/a"),  // cannot go above the root
            ("/a/../../b/", "/b/"),
            ("//", "/"),
            ("/a//b///", "/a/b/"),  // trailing slash kept
            ("/a/..", "/"),
            ("/a/b/..", "/a"),
            ("/a/b/../", "/a/"),
            ("/./", "/"),
            ("/...", "/..."),  // not a dot segment
            ("/.a/..b/a.", "/.a/..b/a."),
            ("/%2E%2E/a", "/%2E%2E/a"),  // encoded dots are not dots
        ]
    )
    func normalization(input: String, expected: String) {
        #expect(CanonicalPath.normalized(input) == expected)
    }

    @Test("an empty path is /")
    func emptyPath() {
        #expect(CanonicalPath.canonical("", normalize: true, doubleEncode: true) == "/")
        #expect(CanonicalPath.canonical("", normalize: false, doubleEncode: false) == "/")
    }

    @Test("without normalization the path is kept as sent, only encoded")
    func unnormalized() {
        #expect(CanonicalPath.canonical("//a/./b/../c d/", normalize: false, doubleEncode: true) == "//a/./b/../c%20d/")
    }

    @Test("double encoding encodes the already-encoded path again; single encoding keeps %XY")
    func encodingModes() {
        #expect(CanonicalPath.canonical("/a%20b/ሴ", normalize: true, doubleEncode: true) == "/a%2520b/%E1%88%B4")
        #expect(CanonicalPath.canonical("/a%20b/ሴ", normalize: true, doubleEncode: false) == "/a%20b/%E1%88%B4")
        #expect(CanonicalPath.canonical("/a b/100%", normalize: false, doubleEncode: false) == "/a%20b/100%25")
    }

    @Test("S3 options sign the path as sent")
    func s3Options() {
        let options = SigV4Signer.Options.s3
        #expect(
            CanonicalPath.canonical("/bucket//key/../x%2By", normalize: options.normalizePath, doubleEncode: options.doubleEncodePath)
                == "/bucket//key/../x%2By"
        )
    }
}
