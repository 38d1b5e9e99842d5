import Foundation
import Logging
import Testing

@testable import KMS
import KMSTestSupport

@Suite("Plaintext key material is contained, zeroed and never printed")
struct SecretHandlingTests {
    /// What the release observer saw: the bytes at release, after wiping.
    final class Observation: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [UInt8]?
        var bytes: [UInt8]? { lock.withLock { seen } }
        func record(_ buffer: UnsafeRawBufferPointer) { lock.withLock { seen = Array(buffer) } }
    }

    @Test("KMSSecretBytes zeroes its storage when released")
    func zeroedOnRelease() {
        let observation = Observation()
        do {
            let secret = KMSSecretBytes(count: 32, releaseObserver: { observation.record($0) }) { buffer in
                for index in buffer.indices { buffer[index] = UInt8(index) }
            }
            #expect(secret.withUnsafeBytes { Array($0) } == Fake.plaintext32)
            #expect(secret.base64EncodedString() == Fake.plaintext32Base64)
            #expect(observation.bytes == nil, "not released yet")
        }
        #expect(observation.bytes == Array(repeating: 0, count: 32))
    }

    @Test("a failed initialization leaves nothing behind")
    func failedInitialization() {
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try KMSSecretBytes(count: 8) { buffer in
                buffer.initializeMemory(as: UInt8.self, repeating: 0xAA)
                throw Boom()
            }
        }
    }

    @Test("init(copying:) takes the same bytes from contiguous storage and from any other sequence")
    func copyingForms() {
        let bytes = Fake.plaintext32
        let forms: [KMSSecretBytes] = [
            KMSSecretBytes(copying: bytes),
            KMSSecretBytes(copying: ContiguousArray(bytes)),
            KMSSecretBytes(copying: bytes[4...]),
            KMSSecretBytes(copying: bytes.lazy.map { $0 }),
            KMSSecretBytes(copying: stride(from: 0, to: 32, by: 1).lazy.map { UInt8($0) }),
        ]
        let expected: [[UInt8]] = [bytes, bytes, Array(bytes[4...]), bytes, bytes]
        for (secret, want) in zip(forms, expected) {
            #expect(secret.withUnsafeBytes { Array($0) } == want)
        }
    }

    @Test("a secret is ContiguousBytes: APIs that take bytes read its storage")
    func contiguousBytes() {
        func readThrough(_ bytes: some ContiguousBytes) -> [UInt8] { bytes.withUnsafeBytes { Array($0) } }
        #expect(readThrough(KMSSecretBytes(copying: Fake.plaintext32)) == Fake.plaintext32)
    }

    @Test("empty secrets are allowed")
    func empty() {
        let secret = KMSSecretBytes(copying: [])
        #expect(secret.count == 0)
        #expect(secret.base64EncodedString() == "")
    }

    @Test("descriptions show a byte count, never the bytes")
    func description() {
        let secret = KMSSecretBytes(copying: Fake.plaintext32)
        #expect(secret.description == "KMSSecretBytes(32 bytes, <redacted>)")
        #expect(secret.debugDescription == secret.description)
        let plaintext = KMSPlaintext(keyId: Fake.keyArn, plaintextBytes: secret)
        for text in [plaintext.description, plaintext.debugDescription, "\(plaintext)"] {
            #expect(!text.contains(Fake.plaintext32Base64))
            #expect(text.contains("32 bytes"))
        }
    }

    @Test("the decoder reads Plaintext into a container; scrubbing turns it into As in the body")
    func extractorScrubs() throws {
        var body = Array(#"{"CiphertextBlob":"Y2lwaGVy","Plaintext":"\#(Fake.plaintext32Base64)","KeyId":"k"}"#.utf8)
        let secret = try KMSResponseDecoder.dataKey(body).plaintextBytes
        #expect(secret.withUnsafeBytes { Array($0) } == Fake.plaintext32)
        #expect(PlaintextExtractor.scrub(&body))
        let text = String(decoding: body, as: UTF8.self)
        #expect(text == #"{"CiphertextBlob":"Y2lwaGVy","Plaintext":"\#(String(repeating: "A", count: 44))","KeyId":"k"}"#)
    }

    @Test(
        "the extractor finds only the top-level Plaintext key",
        arguments: [
            (#"{"Description":"Plaintext","Plaintext":"AAEC"}"#, "AAEC"),
            (#"{"Nested":{"Plaintext":"BBBB"},"Plaintext":"AAEC"}"#, "AAEC"),
            (#"{"List":[{"Plaintext":"BBBB"}],"Plaintext" : "AAEC"}"#, "AAEC"),
            (#"{"Esc\"Plaintext\"":"x","Plaintext":"AAEC"}"#, "AAEC"),
            (#"{"Plaintext\"":"BBBB","Plaintext":"AAEC"}"#, "AAEC"),
            (#"{"Nested":{"Plaintext":"BBBB"}}"#, nil),
            (#"{"Plaintext":12}"#, nil),
            (#"{"Plaintext":null}"#, nil),
            (#"{"Plaintext":"unterminated"#, nil),
            ("", nil),
        ] as [(String, String?)])
    func extractorTopLevelOnly(json: String, expected: String?) throws {
        var body = Array(json.utf8)
        #expect(PlaintextExtractor.valueRange(in: body).map { String(decoding: body[$0], as: UTF8.self) } == expected)
        let original = body
        #expect(PlaintextExtractor.scrub(&body) == (expected != nil))
        #expect(body.count == original.count)
        #expect((body == original) == (expected == nil), "only a top-level Plaintext string is touched")
    }

    @Test("invalid base64 in Plaintext is scrubbed too")
    func extractorInvalid() {
        var body = Array(#"{"Plaintext":"c2VjcmV0*"}"#.utf8)
        #expect(PlaintextExtractor.scrub(&body))
        #expect(String(decoding: body, as: UTF8.self) == #"{"Plaintext":"AAAAAAAAA"}"#)
    }

    @Test("wiping a byte array zeroes its own storage in place, without a copy")
    func wipeInPlace() {
        var bytes = (0..<32).map { UInt8($0) }  // uniquely owned, as the client's bodies are
        let before = bytes.withUnsafeBufferPointer { $0.baseAddress }
        KMSSecretBytes.wipe(&bytes)
        #expect(bytes == Array(repeating: 0, count: 32))
        #expect(bytes.withUnsafeBufferPointer { $0.baseAddress } == before)
    }

    @Test("encrypt puts the plaintext's base64 in the request body it sends")
    func encryptBody() async throws {
        let (client, transport, _) = try replayClient("Encrypt/bytes")
        let secret = KMSSecretBytes(copying: Fake.plaintext32)
        _ = try await client.encrypt(keyId: "alias/fixture-key", plaintext: secret, encryptionContext: ["purpose": "fixture"])
        // The replay transport keeps its own copy of the request (the client's copy is zeroed
        // after sending; a copy a transport keeps is out of the client's reach, as documented).
        #expect(sentBody(transport.requests[0])?["Plaintext"] == .string(Fake.plaintext32Base64))
    }

    @Test("a 2xx body that fails to decode is scrubbed of its Plaintext before it becomes an excerpt")
    func callPathScrubsUndecodedResponse() async throws {
        let fixture = try fixture("GenerateDataKey/number-of-bytes-32")
        let transport = ReplayTransport([fixture])
        let path = AWSJSONClient(config: try Fake.config(), transport: transport, logger: Logger(label: "test"))
        let captured = CapturedBody()
        let error = await #expect(throws: KMSError.self) {
            try await path.call("GenerateDataKey", body: Array(#"{"KeyId":"alias/fixture-key","NumberOfBytes":32}"#.utf8)) { body in
                captured.set(body)
                throw JSONReader.Failure.missing("Something")
            }
        }
        #expect(error?.code == .invalidResponse)
        #expect(error?.message == "the response has no Something")
        let seen = try #require(captured.value)
        #expect(String(decoding: seen, as: UTF8.self).contains(Fake.plaintext32Base64), "the decoder gets the body as it came")
        let excerpt = try #require(error?.bodyExcerpt)
        #expect(!excerpt.contains(Fake.plaintext32Base64))
        #expect(excerpt.contains(#""Plaintext": "AAAAAAAAAAAAAAAAAAAA"#) || excerpt.contains(#""Plaintext":"AAAAAAAAAAAAAAAAAAAA"#))
    }

    final class CapturedBody: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [UInt8]?
        var value: [UInt8]? { lock.withLock { stored } }
        func set(_ bytes: [UInt8]) { lock.withLock { stored = bytes } }
    }

    @Test("logs name operation, status, request id and duration, and carry no secret")
    func logging() async throws {
        let handler = CapturingLogHandler()
        let logger = Logger(label: "kms-test", factory: { _ in handler })
        let fixtures = try ["GenerateDataKey/number-of-bytes-32", "Encrypt/bytes", "errors/json-namespaced/NotFoundException"].map(fixture)
        let (client, _) = try replayClient(fixtures, config: Fake.config(sessionToken: Fake.sessionToken), logger: logger)
        let dataKey = try await client.generateDataKey(id: "alias/fixture-key")
        _ = try await client.encrypt(keyId: "alias/fixture-key", plaintext: dataKey.plaintextBytes, encryptionContext: ["purpose": "fixture"])
        _ = try? await client.generateDataKey(id: "alias/fixture-key")
        let lines = handler.lines
        #expect(lines.contains { $0.contains("kms.operation=GenerateDataKey") && $0.contains("kms.status=200") && $0.contains("kms.request_id=gdk-32") && $0.contains("kms.duration_ms=") })
        #expect(lines.contains { $0.contains("kms.operation=Encrypt") && $0.contains("kms.request_id=encrypt") })
        #expect(lines.contains { $0.contains("kms.status=400") })
        for line in lines {
            for secret in [Fake.plaintext32Base64, Fake.secretAccessKey, Fake.sessionToken, "AWS4-HMAC-SHA256", "Signature="] {
                #expect(!line.contains(secret), "log line carries a secret: \(line)")
            }
        }
    }
}
