import KMS

/// Wraps data keys with an AES key you hold (spec `framework/raw-aes-keyring.md`): AES-GCM
/// with a random IV, the serialized encryption context as AAD. Interoperable with the
/// official SDKs' raw AES keyrings and raw master keys of the same namespace and name.
///
/// The wrapping key is copied into a `KMSSecretBytes` (zeroed on release); your array is
/// not zeroed. `description` and `dump` show the namespace and name only.
public struct RawAESKeyring: Keyring, CustomStringConvertible, CustomReflectable {
    /// The key namespace: the encrypted data key's provider id.
    public let keyNamespace: String
    /// The key name, stored in each encrypted data key's provider info.
    public let keyName: String
    private let wrappingKey: KMSSecretBytes
    /// The key name's UTF-8 bytes, the start of every provider info (made once, not per message).
    private let keyNameBytes: [UInt8]

    private static let tagLengthBits: UInt32 = 128

    /// A keyring for a 16-, 24- or 32-byte AES wrapping key. The namespace must not start with
    /// `aws-kms` (reserved for KMS keyrings); namespace and name must fit a u16 length.
    public init(keyNamespace: String, keyName: String, wrappingKey: [UInt8]) throws {
        guard [16, 24, 32].contains(wrappingKey.count) else {
            throw EncryptionSDKError.invalidParameter("a raw AES wrapping key is 16, 24 or 32 bytes, not \(wrappingKey.count)")
        }
        guard !keyNamespace.hasPrefix("aws-kms") else {
            throw EncryptionSDKError.invalidParameter("the key namespace \"\(keyNamespace)\" is reserved for KMS keyrings")
        }
        guard keyNamespace.utf8.count <= Int(UInt16.max), keyName.utf8.count + 20 <= Int(UInt16.max) else {
            throw EncryptionSDKError.invalidParameter("the key namespace or name is too long")
        }
        self.keyNamespace = keyNamespace
        self.keyName = keyName
        self.keyNameBytes = Array(keyName.utf8)
        self.wrappingKey = KMSSecretBytes(copying: wrappingKey)
    }

    /// Generates the data key when there is none, then wraps it.
    public func onEncrypt(_ materials: EncryptionMaterials) async throws -> EncryptionMaterials {
        var materials = materials
        let iv: [UInt8]
        if materials.plaintextDataKey == nil {
            let (dataKey, wrappingIV) = try LibCrypto.randomSecret(materials.algorithmSuite.keyLength, andPublic: AlgorithmSuite.ivLength)
            materials = try materials.withPlaintextDataKey(dataKey)
            iv = wrappingIV
        } else {
            iv = try LibCrypto.randomBytes(AlgorithmSuite.ivLength)
        }
        guard let dataKey = materials.plaintextDataKey else { throw EncryptionSDKError.keyringFailed("no data key") }
        let aad = try EncryptionContextCoding.serialize(materials.encryptionContext)
        let sealed = try dataKey.withUnsafeBytes { dataKey in
            try AESGCM(key: wrappingKey, encrypting: true).seal(iv: iv, aad: aad, plaintext: dataKey)
        }
        var info: [UInt8] = []
        info.reserveCapacity(keyNameBytes.count + 8 + iv.count)
        info.append(contentsOf: keyNameBytes)
        info.appendBigEndian(Self.tagLengthBits)
        info.appendBigEndian(UInt32(AlgorithmSuite.ivLength))
        info.append(contentsOf: iv)
        return materials.addingEncryptedDataKey(
            EncryptedDataKey(providerId: keyNamespace, providerInfo: info, ciphertext: sealed.ciphertext + sealed.tag))
    }

    /// Unwraps the first encrypted data key of this namespace and name that authenticates.
    public func onDecrypt(_ materials: DecryptionMaterials, encryptedDataKeys: [EncryptedDataKey]) async throws -> DecryptionMaterials {
        guard materials.plaintextDataKey == nil else {
            throw EncryptionSDKError.keyringFailed("the decryption materials already have a data key")
        }
        let aad = try EncryptionContextCoding.serialize(materials.encryptionContext)
        let name = keyNameBytes
        var failures: [any Error] = []
        for key in encryptedDataKeys where key.providerId == keyNamespace {
            guard let iv = Self.iv(fromProviderInfo: key.providerInfo, keyName: name) else { continue }
            guard key.ciphertext.count >= AlgorithmSuite.tagLength else {
                failures.append(EncryptionSDKError.malformed("\(self): an encrypted data key shorter than its tag"))
                continue
            }
            let keyLength = key.ciphertext.count - AlgorithmSuite.tagLength
            do {
                let opener = try AESGCM(key: wrappingKey, encrypting: false)
                let dataKey = try KMSSecretBytes(count: keyLength) { output in
                    let ok = iv.withUnsafeBytes { iv in
                        aad.withUnsafeBytes { aad in
                            key.ciphertext.withUnsafeBytes { sealed in
                                opener.open(
                                    iv: iv, aad: aad, ciphertext: UnsafeRawBufferPointer(rebasing: sealed[..<keyLength]),
                                    tag: UnsafeRawBufferPointer(rebasing: sealed[keyLength...]), output: output)
                            }
                        }
                    }
                    guard ok else { throw EncryptionSDKError.tampered("\(self): the encrypted data key does not authenticate") }
                }
                return try materials.withPlaintextDataKey(dataKey)
            } catch {
                failures.append(error)
            }
        }
        if failures.isEmpty {
            failures.append(EncryptionSDKError.keyringFailed("\(self): no encrypted data key of this namespace and name"))
        }
        throw EncryptionSDKError.noKeyringDecrypted(failures)
    }

    /// The IV from provider info `name || tag bits u32 || IV length u32 || IV`, or nil when the
    /// info names another key or another wrapping algorithm.
    private static func iv(fromProviderInfo info: [UInt8], keyName name: [UInt8]) -> [UInt8]? {
        guard info.count == name.count + 8 + AlgorithmSuite.ivLength, info.starts(with: name) else { return nil }
        var reader = ByteReader(info, offset: name.count)
        guard (try? reader.readUInt32("tag length")) == tagLengthBits,
              (try? reader.readUInt32("IV length")) == UInt32(AlgorithmSuite.ivLength)
        else { return nil }
        return try? reader.readBytes(AlgorithmSuite.ivLength, "IV")
    }

    /// Namespace and name; never the key.
    public var description: String { "RawAESKeyring(namespace: \(keyNamespace), name: \(keyName))" }

    /// Namespace and name only, so `dump` shows no key.
    public var customMirror: Mirror {
        Mirror(self, children: ["keyNamespace": keyNamespace, "keyName": keyName], displayStyle: .struct)
    }
}
