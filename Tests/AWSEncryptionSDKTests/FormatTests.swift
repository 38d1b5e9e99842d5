import Testing

@testable import AWSEncryptionSDK

/// The byte layout on its own: encryption context serialization, the reader's bounds, header
/// fields that must be refused.
@Suite struct FormatTests {
    @Test func contextIsSortedByUTF8BytesOfTheKey() throws {
        let bytes = try EncryptionContextCoding.serialize(["b": "2", "a": "1", "é": "3", "Z": "4"])
        var expected: [UInt8] = [0, 4]
        for (key, value) in [("Z", "4"), ("a", "1"), ("b", "2"), ("é", "3")] {
            expected += [0, UInt8(key.utf8.count)] + Array(key.utf8) + [0, UInt8(value.utf8.count)] + Array(value.utf8)
        }
        #expect(bytes == expected)
        #expect(try EncryptionContextCoding.parse(bytes) == ["b": "2", "a": "1", "é": "3", "Z": "4"])
        #expect(try EncryptionContextCoding.serialize([:]).isEmpty)
        #expect(try EncryptionContextCoding.parse([]).isEmpty)
    }

    @Test(arguments: [
        ("zero pairs", [0, 0] as [UInt8]),
        ("duplicate key", [0, 2, 0, 1, 0x61, 0, 1, 0x31, 0, 1, 0x61, 0, 1, 0x32]),
        ("short value", [0, 1, 0, 1, 0x61, 0, 5, 0x31]),
        ("trailing byte", [0, 1, 0, 1, 0x61, 0, 1, 0x31, 0xFF]),
        ("not UTF-8", [0, 1, 0, 1, 0xC3, 0, 1, 0x31]),
        ("count only", [0, 9]),
    ])
    func malformedContextsAreRefused(_ name: String, _ bytes: [UInt8]) {
        #expect(throws: EncryptionSDKError.self, "\(name)") { try EncryptionContextCoding.parse(bytes) }
        do { _ = try EncryptionContextCoding.parse(bytes) } catch { #expect(error.code == .malformed, "\(name)") }
    }

    @Test func readerNeverReadsPastTheEnd() throws {
        var reader = ByteReader([0, 1, 2])
        #expect(try reader.readUInt16("a") == 1)
        #expect(throws: EncryptionSDKError.self) { try reader.readUInt16("b") }
        #expect(reader.offset == 2, "a failed read consumes nothing")
        #expect(throws: EncryptionSDKError.self) { try reader.readBytes(-1, "c") }
        #expect(throws: EncryptionSDKError.self) { try reader.readShortLengthPrefixed("d") }
        #expect(try reader.readUInt8("e") == 2)
        #expect(reader.remaining == 0)
    }

    /// A valid v2 header from a real message, to mutate field by field.
    static func header() async throws -> [UInt8] {
        let message = try await EncryptionSDKClient().encrypt(
            plaintext: [1], keyring: try testKeyring(), encryptionContext: ["k": "v"], algorithmSuite: .aes256GcmHkdfSha512CommitKey)
        var reader = ByteReader(message)
        _ = try MessageHeader.parse(&reader)
        return Array(message[..<reader.offset])
    }

    @Test func headerFieldsOutOfRangeAreRefused() async throws {
        let header = try await Self.header()
        func code(_ bytes: [UInt8]) -> EncryptionSDKError.Code? {
            var reader = ByteReader(bytes)
            do { _ = try MessageHeader.parse(&reader) } catch { return error.code }
            return nil
        }
        #expect(code(header) == nil)
        var version = header; version[0] = 3
        #expect(code(version) == .malformed)
        var v1 = header; v1[0] = 1
        #expect(code(v1) == .malformed, "a v2 suite in a v1 header")
        var suite = header; suite[2] = 0x79
        #expect(code(suite) == .unsupportedAlgorithmSuite)
        // Content type: after version, suite, id, AAD (2 + 11), count (2) and the one EDK.
        var reader = ByteReader(header)
        let parsed = try MessageHeader.parse(&reader).header
        var edkLength = 0
        for key in parsed.encryptedDataKeys { edkLength += 6 + key.providerId.utf8.count + key.providerInfo.count + key.ciphertext.count }
        let contentType = 1 + 2 + 32 + 2 + parsed.serializedEncryptionContext.count + 2 + edkLength
        #expect(header[contentType] == 2)
        var content = header; content[contentType] = 3
        #expect(code(content) == .malformed)
        var frame = header; frame.replaceSubrange((contentType + 1)..<(contentType + 5), with: [0, 0, 0, 0])
        #expect(code(frame) == .malformed, "framed with frame length 0")
        var noKeys = header; noKeys.replaceSubrange((contentType - edkLength - 2)..<contentType, with: [0, 0])
        #expect(code(noKeys) == .malformed, "zero encrypted data keys")
        var manyKeys = header; manyKeys.replaceSubrange((contentType - edkLength - 2)..<(contentType - edkLength), with: [0xFF, 0xFF])
        #expect(code(manyKeys) == .truncated, "a count the bytes cannot hold")
        var limited = ByteReader(header)
        #expect(throws: EncryptionSDKError.tooManyEncryptedDataKeys) { try MessageHeader.parse(&limited, maxEncryptedDataKeys: 0) }
    }

    @Test func errorsCompareByCodeAndDescribeThemselves() {
        #expect(EncryptionSDKError.malformed("a") == EncryptionSDKError.malformed("b"))
        #expect(EncryptionSDKError.tampered != EncryptionSDKError.commitmentMismatch)
        #expect(EncryptionSDKError.authenticationFailed == .tampered)
        #expect(EncryptionSDKError.notCommitting(.requireEncryptRequireDecrypt).description.contains("REQUIRE_ENCRYPT_REQUIRE_DECRYPT"))
        let nested = EncryptionSDKError.noKeyringDecrypted([EncryptionSDKError.tampered])
        #expect(nested.description.contains("tampered"))
    }
}
