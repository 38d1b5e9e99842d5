import KMS
import Testing

@testable import AWSEncryptionSDK

/// Data keys, derived keys, wrapping keys and signing keys never show in descriptions, dumps
/// or errors.
@Suite struct SecretHandlingTests {
    /// Every rendering of `value` a log line or a debugger could show.
    func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), dumped]
    }

    func forms(of secret: KMSSecretBytes) -> [String] {
        let bytes = secret.withUnsafeBytes { Array($0) }
        return [bytes.map { String(format: "%02x", $0) }.joined(), bytes.map { String(format: "%02X", $0) }.joined(),
                Base64.encodeToString(bytes), "\(bytes)"]
    }

    @Test func materialsNeverShowTheirDataKey() async throws {
        let manager = DefaultCryptographicMaterialsManager(keyring: try testKeyring())
        let materials = try await manager.getEncryptionMaterials(EncryptionMaterialsRequest(
            encryptionContext: ["k": "v"], algorithmSuite: .default, commitmentPolicy: .requireEncryptRequireDecrypt,
            maxPlaintextLength: 10))
        let dataKey = try #require(materials.plaintextDataKey)
        let secretForms = forms(of: dataKey)
        for text in renderings(materials) {
            for form in secretForms { #expect(!text.contains(form)) }
        }
        #expect(String(describing: materials).contains("<redacted>"))

        let edks = materials.encryptedDataKeys
        let decryption = try await manager.decryptMaterials(DecryptionMaterialsRequest(
            algorithmSuite: .default, commitmentPolicy: .requireEncryptRequireDecrypt, encryptedDataKeys: edks,
            encryptionContext: materials.encryptionContext))
        let recovered = try #require(decryption.plaintextDataKey)
        #expect(recovered.withUnsafeBytes { Array($0) } == dataKey.withUnsafeBytes { Array($0) })
        for text in renderings(decryption) {
            for form in secretForms { #expect(!text.contains(form)) }
        }
    }

    @Test func keyringsAndResultsNeverShowKeysOrPlaintext() async throws {
        let wrappingKey: [UInt8] = Array(repeating: 0xA5, count: 32)
        let keyring = try testKeyring(key: wrappingKey)
        let wrappingForms = [wrappingKey.map { String(format: "%02x", $0) }.joined(), Base64.encodeToString(wrappingKey), "165, 165, 165"]
        for text in renderings(keyring) {
            for form in wrappingForms { #expect(!text.contains(form)) }
        }
        let plaintext = Array("a secret plaintext".utf8)
        let message = try await EncryptionSDKClient().encrypt(plaintext: plaintext, keyring: keyring)
        let result = try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: keyring)
        #expect(!String(describing: result).contains("a secret plaintext"))
        #expect(String(describing: result).contains("18 bytes"))
    }

    @Test func errorsNameWhatFailedNotTheKeys() async throws {
        let keyring = try testKeyring()
        var message = try await EncryptionSDKClient().encrypt(plaintext: Array("secret".utf8), keyring: keyring)
        message[message.count / 2] ^= 0x10
        do {
            _ = try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: keyring)
            Issue.record("a changed message decrypted")
        } catch {
            let text = String(describing: error)
            #expect(!text.contains("secret"))
            #expect(!text.contains(Base64.encodeToString(testWrappingKey)))
        }
    }

    @Test func signingKeyShowsOnlyItsCurve() throws {
        let key = try SigningKey(curve: .p384)
        #expect(String(describing: key) == "SigningKey(P-384, <redacted>)")
        #expect(key.publicPoint.count == 49)
    }
}
