import Foundation
import Testing

@testable import KMS
import KMSTestSupport

@Suite("JSON reader of the KMS responses")
struct JSONReaderTests {
    /// Reads a whole document, skipping its one value: what validity means for the reader.
    private func skipDocument(_ text: String) throws {
        try skipDocument(Array(text.utf8))
    }

    private func skipDocument(_ bytes: [UInt8]) throws {
        try JSONReader.readDocument(bytes) { try $0.skipValue() }
    }

    /// The string value of the member `s` of a one-member object.
    private func stringMember(_ json: String) throws -> String? {
        try JSONReader.readDocument(Array(json.utf8)) { reader in
            var value: String?
            try reader.readObject(fields: ["s"]) { _, reader in value = try reader.readOptionalString() }
            return value
        }
    }

    /// The number value of the member `n` of a one-member object.
    private func numberMember(_ json: String) throws -> Double? {
        try JSONReader.readDocument(Array(json.utf8)) { reader in
            var value: Double?
            try reader.readObject(fields: ["n"]) { _, reader in value = try reader.readDouble() }
            return value
        }
    }

    @Test(
        "valid JSON of every kind is accepted",
        arguments: [
            "{}", "[]", " { } ", "\r\n\t{}\n", "0", "-0", "12", "-12.5e+3", "1E-2", "0.25", "true", "false", "null",
            #""""#, #""plain""#, #"{"a":1,"b":[true,false,null],"c":{"d":"e"},"f":-0.5}"#,
            #"[{"KeyId":"k","KeyArn":"a"},{"KeyId":"k2","KeyArn":"a2"}]"#,
            #"{"s":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}"#, "{\"é\":\"ü€😀\"}", #"[[[[[]]]]]"#, #"{"a" : [ 1 , 2 ] }"#,
            "123456789012345678901234567890", "1e400", "-1e-400",
        ])
    func valid(json: String) throws {
        try skipDocument(json)
    }

    @Test(
        "invalid JSON is refused as not JSON",
        arguments: [
            "", " ", "{", "}", "[", "[1,]", "{,}", #"{"a":1,}"#, #"{"a" 1}"#, #"{"a":}"#, "{a:1}", "{'a':1}",
            #"{"a":1}}"#, #"{"a":1} x"#, "{} {}", "tru", "True", "nul", "nulll", "01", "-", "+1", "1.", ".5", "1e",
            "1e+", "0x10", "NaN", "Infinity", #""unterminated"#, #""bad \x escape""#, #""\u12""#, #""\u12G4""#,
            #""\ud800""#, #""\ud800\u0041""#, #""\udc00""#, "\"tab\tinside\"", "\"new\nline\"", "\u{FEFF}{}",
            #"["a" "b"]"#, "[1 2]", #"{"a":1 "b":2}"#,
        ])
    func invalid(json: String) {
        #expect(throws: JSONReader.Failure.invalidJSON) { try skipDocument(json) }
    }

    @Test(
        "invalid UTF-8 is refused: stray continuation, overlong, surrogate, above U+10FFFF, cut short",
        arguments: [[0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF]] as [[UInt8]])
    func invalidUTF8(sequence: [UInt8]) {
        let bytes = Array(#"{"s":""#.utf8) + sequence + Array(#""}"#.utf8)
        #expect(throws: JSONReader.Failure.invalidJSON) { try skipDocument(bytes) }
    }

    @Test(
        "escapes decode to the characters they stand for, surrogate pairs included",
        arguments: [
            (#"{"s":"plain"}"#, "plain"),
            (#"{"s":""}"#, ""),
            (#"{"s":"q\"b\\s\/"}"#, "q\"b\\s/"),
            (#"{"s":"\b\f\n\r\t"}"#, "\u{08}\u{0C}\n\r\t"),
            (#"{"s":"\u0041\u00E9\u20ac"}"#, "Aé€"),
            (#"{"s":"\ud83d\ude00!"}"#, "😀!"),
            (#"{"s":"\uD834\uDD1E"}"#, "𝄞"),
            (#"{"s":"nul\u0000byte"}"#, "nul\u{0}byte"),
            ("{\"s\":\"raw é € 😀\"}", "raw é € 😀"),
            (#"{"s":null}"#, nil),
        ] as [(String, String?)])
    func escapes(json: String, expected: String?) throws {
        #expect(try stringMember(json) == expected)
    }

    @Test("strings are scanned right wherever an escape, a control character or UTF-8 falls in them")
    func everyOffset() throws {
        for offset in 0...24 {
            let prefix = String(repeating: "a", count: offset)
            let suffix = String(repeating: "z", count: 24 - offset)
            #expect(try stringMember(#"{"s":""# + prefix + #"\""# + suffix + #""}"#) == prefix + "\"" + suffix)
            #expect(try stringMember(#"{"s":""# + prefix + #"\\"# + suffix + #""}"#) == prefix + "\\" + suffix)
            #expect(try stringMember(#"{"s":""# + prefix + "é😀" + suffix + #""}"#) == prefix + "é😀" + suffix)
            #expect(try stringMember(#"{"s":""# + prefix + "\u{7F}" + suffix + #""}"#) == prefix + "\u{7F}" + suffix)
            #expect(throws: JSONReader.Failure.invalidJSON) { try stringMember(#"{"s":""# + prefix + "\u{1F}" + suffix + #""}"#) }
            #expect(throws: JSONReader.Failure.invalidJSON) { try stringMember(#"{"s":""# + prefix + suffix) }
            #expect(throws: JSONReader.Failure.invalidJSON) {
                try skipDocument(Array(#"{"s":""#.utf8) + Array(prefix.utf8) + [0xC3] + Array(suffix.utf8) + Array(#""}"#.utf8))
            }
        }
    }

    @Test("keys are matched after unescaping")
    func escapedKey() throws {
        #expect(try stringMember(#"{"\u0073":"found"}"#) == "found")
        #expect(try stringMember(#"{"s\u0000":"other key","t":"x"}"#) == nil)
    }

    @Test(
        "numbers read as doubles; one too large is an invalid value, skipped ones may be any size",
        arguments: [
            (#"{"n":1700000000}"#, 1_700_000_000),
            (#"{"n":1.7e9}"#, 1.7e9),
            (#"{"n":-0.5}"#, -0.5),
            (#"{"n":1e-400}"#, 0),
            (#"{"big":123456789012345678901234567890e999,"n":2}"#, 2),
        ] as [(String, Double)])
    func numbers(json: String, expected: Double) throws {
        #expect(try numberMember(json) == expected)
    }

    @Test("a number too large for a Double is an invalid value at its path")
    func hugeNumber() {
        #expect(throws: JSONReader.Failure.invalidValue("n")) { try numberMember(#"{"n":1e400}"#) }
        let body = Array(#"{"KeyMetadata":{"KeyId":"k","Arn":"a","Enabled":true,"CreationDate":-1e999}}"#.utf8)
        #expect(throws: JSONReader.Failure.invalidValue("KeyMetadata.CreationDate")) {
            try KMSResponseDecoder.keyMetadata(body)
        }
    }

    @Test("nesting up to 512 levels is read, deeper is refused (JSONDecoder's limit)")
    func depth() throws {
        func nested(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        try skipDocument(nested(512))
        #expect(throws: JSONReader.Failure.invalidJSON) { try skipDocument(nested(513)) }
        #expect(throws: JSONReader.Failure.invalidJSON) { try skipDocument(nested(100_000)) }
        try skipDocument(#"{"a":"# + nested(511) + "}")
        #expect(throws: JSONReader.Failure.invalidJSON) { try skipDocument(#"{"a":"# + nested(512) + "}") }
    }

    @Test("a repeated key counts once: the first wins, as with JSONDecoder")
    func duplicateKeys() throws {
        #expect(try stringMember(#"{"s":"first","s":"second"}"#) == "first")
        #expect(try stringMember(#"{"s":null,"s":"second"}"#) == nil)
        struct Probe: Decodable { var s: String }
        let decoded = try JSONDecoder().decode(Probe.self, from: Data(#"{"s":"first","s":"second"}"#.utf8))
        #expect(decoded.s == "first", "JSONDecoder's behaviour, which the reader keeps")
        // The repeat is still checked: it has to be valid JSON.
        #expect(throws: JSONReader.Failure.invalidJSON) { try stringMember(#"{"s":"first","s":tru}"#) }
    }

    @Test("every truncation of a GenerateDataKey response is refused as not JSON")
    func truncated() throws {
        let body = Array(#"{"CiphertextBlob":"Y2lwaGVy","KeyId":"arn:aws:kms:us-east-1:111122223333:key/k","Plaintext":"\#(Fake.plaintext32Base64)","KeyMaterialId":"m\u00e9"}"#.utf8)
        let key = try KMSResponseDecoder.dataKey(body)
        #expect(key.plaintextBytes.withUnsafeBytes { Array($0) } == Fake.plaintext32)
        #expect(key.keyMaterialId == "mé")
        for length in 0..<body.count {
            #expect(throws: JSONReader.Failure.invalidJSON, "cut at \(length)") {
                try KMSResponseDecoder.dataKey(Array(body[..<length]))
            }
        }
    }

    @Test(
        "response shapes: wrong types and missing fields name their path",
        arguments: [
            (#"["not","an","object"]"#, JSONReader.Failure.wrongType("")),
            (#"{"CiphertextBlob":"Y2lw","KeyId":"k"}"#, .missing("Plaintext")),
            (#"{"CiphertextBlob":"Y2lw","KeyId":"k","Plaintext":null}"#, .missing("Plaintext")),
            (#"{"CiphertextBlob":"Y2lw","Plaintext":"AAEC"}"#, .missing("KeyId")),
            (#"{"CiphertextBlob":"Y2lw","KeyId":7,"Plaintext":"AAEC"}"#, .wrongType("KeyId")),
            (#"{"CiphertextBlob":"Y2lw","KeyId":"k","Plaintext":12}"#, .wrongType("Plaintext")),
            (#"{"CiphertextBlob":"Y2lw","KeyId":"k","Plaintext":"AAE*"}"#, .invalidBase64("Plaintext")),
            (#"{"CiphertextBlob":"Y2lw","KeyId":"k","Plaintext":"AA\u002AC"}"#, .invalidBase64("Plaintext")),
        ] as [(String, JSONReader.Failure)])
    func dataKeyFailures(json: String, expected: JSONReader.Failure) {
        #expect(throws: expected) { try KMSResponseDecoder.dataKey(Array(json.utf8)) }
    }

    @Test("a plaintext written with JSON escapes (\\/ for /, as some servers write it) is the same key")
    func escapedBase64Plaintext() throws {
        let key = try KMSResponseDecoder.dataKey(Array(#"{"CiphertextBlob":"Y2lw","KeyId":"k","Plaintext":"AA\/C"}"#.utf8))
        #expect(key.plaintextBytes.withUnsafeBytes { Array($0) } == [0x00, 0x0F, 0xC2])
    }

    @Test("ListKeys: arrays of objects, paths with indexes, null as absent, unknown fields skipped")
    func listKeys() throws {
        let page = try KMSResponseDecoder.keyPage(Array(#"""
            {"Keys":[{"KeyId":"a","KeyArn":"arn:a","Extra":{"x":[1,2,{"y":null}]}},{"KeyArn":"arn:b","KeyId":"b"}],
             "NextMarker":"m","Truncated":true,"Unknown":"skipped"}
            """#.utf8))
        #expect(page.keys == [KMSKey(keyId: "a", keyArn: "arn:a"), KMSKey(keyId: "b", keyArn: "arn:b")])
        #expect(page.nextMarker == "m")
        #expect(page.truncated)
        let empty = try KMSResponseDecoder.keyPage(Array(#"{"Keys":null,"NextMarker":null,"Truncated":null}"#.utf8))
        #expect(empty.keys.isEmpty && empty.nextMarker == nil && !empty.truncated)
        #expect(throws: JSONReader.Failure.missing("Keys[1].KeyArn")) {
            try KMSResponseDecoder.keyPage(Array(#"{"Keys":[{"KeyId":"a","KeyArn":"x"},{"KeyId":"b"}]}"#.utf8))
        }
        #expect(throws: JSONReader.Failure.wrongType("Keys[0]")) {
            try KMSResponseDecoder.keyPage(Array(#"{"Keys":["a"]}"#.utf8))
        }
        #expect(throws: JSONReader.Failure.wrongType("Truncated")) {
            try KMSResponseDecoder.keyPage(Array(#"{"Keys":[],"Truncated":"yes"}"#.utf8))
        }
    }

    @Test("KeyMetadata: the nested object, dates as epoch seconds, string arrays")
    func keyMetadata() throws {
        let metadata = try KMSResponseDecoder.keyMetadata(Array(#"""
            {"KeyMetadata":{"AWSAccountId":"111122223333","KeyId":"k","Arn":"arn:k","CreationDate":1.7e9,
             "Enabled":false,"Description":"d\n","KeyUsage":"ENCRYPT_DECRYPT","KeyState":"PendingDeletion",
             "DeletionDate":1700000000.5,"Origin":"AWS_KMS","KeyManager":"CUSTOMER","KeySpec":"SYMMETRIC_DEFAULT",
             "EncryptionAlgorithms":["SYMMETRIC_DEFAULT"],"MultiRegion":false,"Future":{"Nested":[]}}}
            """#.utf8))
        #expect(metadata == KMSKeyMetadata(
            keyId: "k", arn: "arn:k", awsAccountId: "111122223333", description: "d\n", enabled: false,
            keyState: "PendingDeletion", keyUsage: "ENCRYPT_DECRYPT", keySpec: "SYMMETRIC_DEFAULT",
            creationDate: Date(timeIntervalSince1970: 1.7e9), deletionDate: Date(timeIntervalSince1970: 1_700_000_000.5),
            keyManager: "CUSTOMER", origin: "AWS_KMS", encryptionAlgorithms: ["SYMMETRIC_DEFAULT"], multiRegion: false))
        #expect(throws: JSONReader.Failure.missing("KeyMetadata.Enabled")) {
            try KMSResponseDecoder.keyMetadata(Array(#"{"KeyMetadata":{"KeyId":"k","Arn":"a"}}"#.utf8))
        }
        #expect(throws: JSONReader.Failure.wrongType("KeyMetadata.EncryptionAlgorithms[1]")) {
            try KMSResponseDecoder.keyMetadata(Array(#"{"KeyMetadata":{"KeyId":"k","Arn":"a","Enabled":true,"EncryptionAlgorithms":["A",2]}}"#.utf8))
        }
        #expect(throws: JSONReader.Failure.missing("KeyMetadata")) {
            try KMSResponseDecoder.keyMetadata(Array(#"{"KeyMetadata":null}"#.utf8))
        }
    }

    @Test("error bodies: __type before code, message before Message")
    func errorBodies() throws {
        let both = try KMSResponseDecoder.error(Array(#"{"code":"C","__type":"ns#T","Message":"M","message":"m"}"#.utf8))
        #expect(both.code == "ns#T" && both.message == "m")
        let fallback = try KMSResponseDecoder.error(Array(#"{"code":"C","Message":"M"}"#.utf8))
        #expect(fallback.code == "C" && fallback.message == "M")
    }

    @Test("the reader agrees with JSONDecoder on the fixtures' 2xx bodies")
    func agreesWithJSONDecoder() throws {
        struct Wire: Decodable {
            var KeyId: String?
            var CiphertextBlob: String?
            var KeyMaterialId: String?
        }
        for name in ["GenerateDataKey/documented", "GenerateDataKey/pretty-printed", "GenerateDataKey/number-of-bytes-32"] {
            let body = try fixture(name).response.bodyBytes
            let key = try KMSResponseDecoder.dataKey(body)
            let wire = try JSONDecoder().decode(Wire.self, from: Data(body))
            #expect(key.id == wire.KeyId && key.ciphertextBlob == wire.CiphertextBlob && key.keyMaterialId == wire.KeyMaterialId, "\(name)")
        }
    }
}
