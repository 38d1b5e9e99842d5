import Testing

@testable import KMS
import KMSTestSupport

@Suite("Base64 and the JSON body writer")
struct CodecTests {
    @Test("base64 round-trips every length and matches RFC 4648's vectors")
    func base64() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64.encodeToString(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
        for length in 0...64 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let encoded = Base64.encodeToString(bytes)
            #expect(Base64.decode(encoded) == bytes)
            #expect(Base64.decodedCount(of: encoded.utf8) == length)
        }
        let all = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encodeToString(all)) == all)
    }

    @Test("invalid base64 is refused", arguments: ["A", "AA", "AAA", "AAAAA", "A===", "=AAA", "AA=A", "AAA=A===", "AA-_", "AA\nA", "AA A", "ÄAAA"])
    func invalidBase64(text: String) {
        #expect(!Base64.isValid(text))
        #expect(Base64.decode(text) == nil)
    }

    @Test("the body writer writes compact JSON that parses back to the same values")
    func bodyWriter() throws {
        var writer = JSONBodyWriter()
        writer.field("KeyId", "alias/\"quoted\"\\\n\t\u{0}\u{7F}é🔑")
        writer.field("NumberOfBytes", 32 as Int?)
        writer.field("Absent", nil as String?)
        writer.field("DryRun", true as Bool?)
        writer.field("EncryptionContext", ["b": "2", "a": "1"])
        writer.field("GrantTokens", ["t1", "t2"])
        writer.field("Empty", [String]())
        writer.field("Plaintext", base64Of: KMSSecretBytes(copying: Fake.plaintext32))
        let bytes = writer.finish()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"KeyId":"alias/\"quoted\"\\\u000a\u0009\u0000\u007fé🔑","NumberOfBytes":32,"DryRun":true,"EncryptionContext":{"a":"1","b":"2"}"#))
        let parsed = try #require(Fixture.JSON(parsing: bytes))
        #expect(parsed == .object([
            "KeyId": .string("alias/\"quoted\"\\\n\t\u{0}\u{7F}é🔑"),
            "NumberOfBytes": .number(32),
            "DryRun": .bool(true),
            "EncryptionContext": .object(["a": .string("1"), "b": .string("2")]),
            "GrantTokens": .array([.string("t1"), .string("t2")]),
            "Plaintext": .string(Fake.plaintext32Base64),
        ]))
    }

    @Test("an empty body is {}")
    func emptyBody() {
        #expect(JSONBodyWriter().finish() == Array("{}".utf8))
    }

    @Test("text from the network is made printable and bounded")
    func sanitizer() {
        #expect(TextSanitizer.printable("a\nb\u{1B}c", limit: 10) == "a?b?c")
        #expect(TextSanitizer.printable(String(repeating: "x", count: 300), limit: 200) == String(repeating: "x", count: 197) + "...")
        #expect(TextSanitizer.printable(String(repeating: "x", count: 200), limit: 200) == String(repeating: "x", count: 200))
        #expect(TextSanitizer.printable("é", limit: 10) == "??")
    }
}
