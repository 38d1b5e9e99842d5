import KMS
import Testing

@testable import AWSEncryptionSDK

/// The crypto layer against published vectors and its own inverse.
@Suite struct CryptoTests {
    @Test func hkdfMatchesRFC5869() throws {
        let ikm = KMSSecretBytes(copying: [UInt8](repeating: 0x0b, count: 22))
        let case1 = try HKDF.derive(
            digest: .sha256, key: ikm, salt: bytes(hex: "000102030405060708090a0b0c"), info: bytes(hex: "f0f1f2f3f4f5f6f7f8f9"), length: 42)
        #expect(case1.withUnsafeBytes { Array($0) } == bytes(hex: "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"))
        let case3 = try HKDF.derive(digest: .sha256, key: ikm, salt: [], info: [], length: 42)
        #expect(case3.withUnsafeBytes { Array($0) } == bytes(hex: "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"))
        #expect(throws: EncryptionSDKError.self) { try HKDF.derive(digest: .sha256, key: ikm, salt: [], info: [], length: 255 * 32 + 1) }
    }

    @Test func hkdfHashesASaltLongerThanTheDigestBlock() throws {
        // RFC 5869 case 2: an 80-byte salt, longer than SHA-256's 64-byte block.
        let ikm = KMSSecretBytes(copying: Array(UInt8(0x00)...UInt8(0x4f)))
        let okm = try HKDF.derive(
            digest: .sha256, key: ikm, salt: Array(UInt8(0x60)...UInt8(0xaf)), info: Array(UInt8(0xb0)...UInt8(0xff)), length: 82)
        #expect(okm.withUnsafeBytes { Array($0) } == bytes(hex:
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"))
        // SHA-512 with a 200-byte salt (block 128), against Python's hmac module.
        let long = try HKDF.derive(digest: .sha512, key: ikm, salt: (0..<200).map { UInt8($0) }, info: Array("ab".utf8), length: 40)
        #expect(long.withUnsafeBytes { Array($0) } == bytes(hex:
            "17321d5ee75c9709bce10114c2ac3c571c8b37cdd32a619a41ab74fcf2d1cdcf8f3f58404a4584bd"))
    }

    @Test func oneExtractGivesTheSameKeysAsTwoDerivations() throws {
        let dataKey = KMSSecretBytes(copying: (0..<32).map { UInt8($0 &* 3) })
        let salt = (0..<32).map { UInt8(255 - $0) }
        var commit = [UInt8](repeating: 0, count: 32)
        let key = try HKDF.derive(
            digest: .sha512, key: dataKey, salt: salt, info: Array("one".utf8), length: 32,
            publicInfo: Array("two".utf8), publicOutput: &commit)
        let alone = try HKDF.derive(digest: .sha512, key: dataKey, salt: salt, info: Array("two".utf8), length: 32)
        #expect(commit == alone.withUnsafeBytes { Array($0) })
        #expect(key.withUnsafeBytes { Array($0) } == (try HKDF.derive(digest: .sha512, key: dataKey, salt: salt, info: Array("one".utf8), length: 32)).withUnsafeBytes { Array($0) })
        #expect(commit != key.withUnsafeBytes { Array($0) })
    }

    @Test(arguments: [AlgorithmSuite.Curve.p256, .p384])
    func signaturesVerifyOnlyForTheirMessageAndKey(_ curve: AlgorithmSuite.Curve) throws {
        let key = try SigningKey(curve: curve)
        let signer = try MessageSignature(signingWith: key)
        try signer.update([1, 2, 3])
        try signer.update([4])
        let signature = try signer.sign()
        #expect(signature.first == 0x30, "DER sequence")

        let verificationKey = try VerificationKey(compressedPoint: key.publicPoint, curve: curve)
        let good = try MessageSignature(verifyingWith: verificationKey)
        try good.update([1, 2, 3, 4])
        #expect(good.verify(signature))
        let otherMessage = try MessageSignature(verifyingWith: verificationKey)
        try otherMessage.update([1, 2, 3, 5])
        #expect(!otherMessage.verify(signature))
        let otherKey = try MessageSignature(verifyingWith: VerificationKey(compressedPoint: SigningKey(curve: curve).publicPoint, curve: curve))
        try otherKey.update([1, 2, 3, 4])
        #expect(!otherKey.verify(signature))
        let empty = try MessageSignature(verifyingWith: verificationKey)
        #expect(!empty.verify([]))
    }

    @Test func pointsOffTheCurveOrUncompressedAreRefused() throws {
        let point = try SigningKey(curve: .p384).publicPoint
        #expect(throws: EncryptionSDKError.self) { try VerificationKey(compressedPoint: Array(point.dropLast()), curve: .p384) }
        #expect(throws: EncryptionSDKError.self) { try VerificationKey(compressedPoint: [4] + point.dropFirst(), curve: .p384) }
        #expect(throws: EncryptionSDKError.self) { try VerificationKey(compressedPoint: point, curve: .p256) }
        // x = p - 1 style garbage: all 0xFF is not a field element, so not a point.
        #expect(throws: EncryptionSDKError.self) { try VerificationKey(compressedPoint: [2] + [UInt8](repeating: 0xFF, count: 48), curve: .p384) }
    }

    @Test func aesGCMOpensWhatItSealsAndNothingElse() throws {
        let key = KMSSecretBytes(copying: [UInt8](repeating: 9, count: 24))
        let iv = [UInt8](repeating: 1, count: 12)
        let sealed = try [UInt8](repeating: 5, count: 100).withUnsafeBytes { plaintext in
            try AESGCM(key: key, encrypting: true).seal(iv: iv, aad: [7], plaintext: plaintext)
        }
        let opener = try AESGCM(key: key, encrypting: false)
        func open(aad: [UInt8], tag: [UInt8]) -> [UInt8]? {
            var output = [UInt8](repeating: 0, count: 100)
            let ok = iv.withUnsafeBytes { iv in aad.withUnsafeBytes { aad in sealed.ciphertext.withUnsafeBytes { ciphertext in
                tag.withUnsafeBytes { tag in output.withUnsafeMutableBytes { opener.open(iv: iv, aad: aad, ciphertext: ciphertext, tag: tag, output: $0) } }
            } } }
            return ok ? output : nil
        }
        #expect(open(aad: [7], tag: sealed.tag) == [UInt8](repeating: 5, count: 100))
        #expect(open(aad: [8], tag: sealed.tag) == nil)
        var tag = sealed.tag
        tag[0] ^= 1
        #expect(open(aad: [7], tag: tag) == nil)
        #expect(throws: EncryptionSDKError.self) { try AESGCM(key: KMSSecretBytes(copying: [1, 2, 3]), encrypting: true) }
    }

    @Test func constantTimeCompare() {
        let a: [UInt8] = [1, 2, 3], b: [UInt8] = [1, 2, 4]
        a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in
                #expect(LibCrypto.constantTimeEqual(a, a))
                #expect(!LibCrypto.constantTimeEqual(a, b))
                #expect(!LibCrypto.constantTimeEqual(a, UnsafeRawBufferPointer(rebasing: b[..<2])))
            }
        }
    }
}
