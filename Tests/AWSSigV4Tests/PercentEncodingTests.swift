import Testing

@testable import AWSSigV4

@Suite("URI encoding")
struct PercentEncodingTests {
    @Test("unreserved characters are kept, every other byte becomes %XY in uppercase")
    func everyByte() {
        for scalar in (0x20 as UInt32)...0x7E {
            let character = String(UnicodeScalar(scalar)!)
            let encoded = PercentEncoding.encode(character)
            let isUnreserved = character.unicodeScalars.allSatisfy {
                ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-._~".unicodeScalars.contains($0)
            }
            if isUnreserved {
                #expect(encoded == character)
            } else {
                let hex = String(scalar, radix: 16, uppercase: true)
                #expect(encoded == "%" + (hex.count == 1 ? "0" + hex : hex), "\(character)")
            }
        }
    }

    @Test("raw UTF-8 is encoded byte by byte")
    func utf8() {
        #expect(PercentEncoding.encode("ሴ") == "%E1%88%B4")
        #expect(PercentEncoding.encode("é🔑") == "%C3%A9%F0%9F%94%91")
    }

    @Test("space is %20 and plus is %2B, never + or space")
    func spaceAndPlus() {
        #expect(PercentEncoding.encode("a b+c") == "a%20b%2Bc")
    }

    @Test("slash is kept only in paths")
    func slash() {
        #expect(PercentEncoding.encode("a/b") == "a%2Fb")
        #expect(PercentEncoding.encode("a/b", keepSlash: true) == "a/b")
    }

    @Test("already-encoded triples are kept, not encoded again, when asked")
    func alreadyEncoded() {
        #expect(PercentEncoding.encode("%E1%88%b4x", keepEncoded: true) == "%E1%88%b4x")
        #expect(PercentEncoding.encode("%E1%88%B4") == "%25E1%2588%25B4")
        // A `%` that does not start a valid triple is encoded.
        #expect(PercentEncoding.encode("50%", keepEncoded: true) == "50%25")
        #expect(PercentEncoding.encode("%G1%4", keepEncoded: true) == "%25G1%254")
        #expect(PercentEncoding.encode("%%41", keepEncoded: true) == "%25%41")
    }
}
