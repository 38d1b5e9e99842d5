import Foundation
import Testing

@testable import AWSSigV4

/// `signHeaders`, the lean entry point, against `sign`; and the allocation-free canonical
/// request against a plain reference where requests are large enough to take the rare paths
/// (more headers than insertion sort handles, scratch grown past what a context keeps).
@Suite("Lean header signing")
struct LeanSigningTests {
    /// `name:value` lines, in order.
    static func lines(_ headers: [(name: String, value: String)]) -> [String] {
        headers.map { "\($0.name):\($0.value)" }
    }

    @Test("signHeaders adds exactly the headers sign adds, for every official suite case",
          .enabled(if: OfficialSuite.isAvailable, Comment(rawValue: OfficialSuite.skipMessage)))
    func officialSuite() throws {
        #expect(!OfficialSuite.caseNames.isEmpty)
        for name in OfficialSuite.caseNames {
            let suiteCase = try SuiteCase(named: name)
            let date = try suiteCase.date
            let full = suiteCase.signer.sign(suiteCase.signerRequest, credentials: suiteCase.credentials, date: date)
            let lean = suiteCase.signer.signHeaders(suiteCase.signerRequest, credentials: suiteCase.credentials, date: date)
            #expect(Self.lines(lean.headers) == Self.lines(full.headers), "case \(name)")
            #expect(lean.authorization == full.authorization, "case \(name)")
        }
    }

    @Test("signHeaders matches sign for every option, payload and credential kind")
    func everyOption() {
        let options: [SigV4Signer.Options] = [
            .init(), .s3, .init(signSessionToken: false), .init(addContentSHA256Header: true, signSessionToken: false),
        ]
        let payloads: [SigV4Payload] = [
            .bytes(Array(#"{"KeyId":"alias/test"}"#.utf8)), .bytes([]),
            .precomputedHash(String(repeating: "ab", count: 32)), .unsigned,
        ]
        let requests: [SigV4Request] = [
            TestFixtures.kmsRequest(),
            // Stale signer headers, repeated and folded values, odd case, an empty value.
            TestFixtures.kmsRequest(extraHeaders: [
                ("X-Amz-Date", "19990101T000000Z"), ("x-amz-security-token", "stale"),
                ("X-Multi", "  a   b  "), ("x-multi", "c\t\td"), ("X-Empty", ""), ("X-Amz-Content-SHA256", "stale"),
            ]),
            SigV4Request(
                method: "GET", path: "/a/./b/../c d/%2F", query: "z=1&a=2&a=1&k",
                headers: [("Host", "example.amazonaws.com")], payload: .unsigned
            ),
        ]
        var checked = 0
        for option in options {
            let signer = SigV4Signer(region: "eu-west-1", service: "kms", options: option)
            for credentials in [TestFixtures.credentials, TestFixtures.temporaryCredentials] {
                for payload in payloads {
                    for var request in requests {
                        request.payload = payload
                        let full = signer.sign(request, credentials: credentials, date: TestFixtures.date)
                        let lean = signer.signHeaders(request, credentials: credentials, date: TestFixtures.date)
                        #expect(Self.lines(lean.headers) == Self.lines(full.headers))
                        var forEach: [(name: String, value: String)] = []
                        lean.forEach { forEach.append(($0, $1)) }
                        #expect(Self.lines(forEach) == Self.lines(full.headers))
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 4 * 2 * 4 * 3)
    }

    @Test("many long headers: the canonical headers are the plain reference's, and a small request after signs as before")
    func manyLongHeaders() throws {
        // 40 headers (more than insertion sort takes), 2 KiB values (80 KiB: more scratch than a
        // context keeps), names in mixed case with repeats.
        var headers: [(name: String, value: String)] = [("Host", "kms.eu-west-1.amazonaws.com")]
        for index in 0..<40 {
            let name = index % 2 == 0 ? "X-Custom-\(39 - index % 13)" : "x-custom-\(39 - index % 13)".uppercased()
            headers.append((name, "v\(index)-" + String(repeating: "\(index % 10)", count: 2048)))
        }
        let request = SigV4Request(method: "POST", path: "/", headers: headers, payload: .bytes([1, 2, 3]))
        let signer = SigV4Signer(region: "eu-west-1", service: "kms")
        let small = signer.sign(TestFixtures.kmsRequest(), credentials: TestFixtures.credentials, date: TestFixtures.date)

        let result = signer.sign(request, credentials: TestFixtures.credentials, date: TestFixtures.date)

        // The reference: lower-case, stable sort by name bytes, repeats joined in order.
        var byName: [(name: [UInt8], values: [String])] = []
        for header in headers + [("x-amz-date", "20251125T093000Z")] {
            let name = Array(header.name.lowercased().utf8)
            if let index = byName.firstIndex(where: { $0.name == name }) {
                byName[index].values.append(header.value)
            } else {
                byName.append((name, [header.value]))
            }
        }
        byName.sort { $0.name.lexicographicallyPrecedes($1.name) }
        let canonicalHeaders = byName.map { String(decoding: $0.name, as: UTF8.self) + ":" + $0.values.joined(separator: ",") + "\n" }
            .joined()
        let signedHeaders = byName.map { String(decoding: $0.name, as: UTF8.self) }.joined(separator: ";")
        let payloadHash = "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81"  // SHA-256 of 01 02 03
        #expect(result.canonicalRequest == "POST\n/\n\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + payloadHash)
        #expect(result.authorization?.contains("SignedHeaders=\(signedHeaders),") == true)

        // The context that grew and gave its scratch back signs small requests as before.
        let again = signer.sign(TestFixtures.kmsRequest(), credentials: TestFixtures.credentials, date: TestFixtures.date)
        #expect(again.canonicalRequest == small.canonicalRequest)
        #expect(again.signature == small.signature)
    }

    @Test("the lean headers show names and the date, never the token or the Authorization value")
    func redaction() throws {
        let signer = SigV4Signer(region: "eu-west-1", service: "kms")
        let lean = signer.signHeaders(
            TestFixtures.kmsRequest(), credentials: TestFixtures.temporaryCredentials, date: TestFixtures.date
        )
        let token = try #require(TestFixtures.temporaryCredentials.sessionToken)
        var dumped = ""
        dump(lean, to: &dumped)
        for text in [lean.description, lean.debugDescription, dumped, "\(lean)"] {
            #expect(text.contains("X-Amz-Date: 20251125T093000Z"))
            #expect(text.contains("X-Amz-Security-Token") && text.contains("Authorization"))
            #expect(!text.contains(token))
            #expect(!text.contains(lean.authorization))
            #expect(!text.contains("Signature="))
        }
    }

    @Test("a signature's texts are read lazily and can be replaced one at a time")
    func lazyTexts() {
        let signer = SigV4Signer(region: "eu-west-1", service: "kms")
        var result = signer.sign(TestFixtures.kmsRequest(), credentials: TestFixtures.credentials, date: TestFixtures.date)
        let canonicalRequest = result.canonicalRequest
        let stringToSign = result.stringToSign
        let signature = result.signature
        #expect(canonicalRequest.hasPrefix("POST\n/\n\ncontent-type:application/x-amz-json-1.1\n"))
        #expect(stringToSign.hasSuffix("\n" + Array(canonicalRequest.utf8).sha256Hex))

        result.stringToSign = "replaced"
        #expect(result.stringToSign == "replaced")
        #expect(result.canonicalRequest == canonicalRequest)
        #expect(result.signature == signature)
        result.headers = [("X-Only", "1")]
        #expect(Self.lines(result.headers) == ["X-Only:1"])
        #expect(result.authorization == nil)
    }
}

extension Array where Element == UInt8 {
    /// SHA-256 in hex, through a fresh context (a reference independent of the signer's pool).
    fileprivate var sha256Hex: String {
        withUnsafeBytes { CryptoContext().sha256($0).hexString }
    }
}
