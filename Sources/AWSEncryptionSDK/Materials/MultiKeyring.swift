/// Several keyrings as one (spec `framework/multi-keyring.md`): the generator makes the data
/// key and every child wraps it too, so any of them can decrypt the message; on decrypt each
/// is tried in turn (generator first) until one succeeds.
public struct MultiKeyring: Keyring {
    /// The keyring that generates the data key; nil when the materials must arrive with one.
    public let generator: (any Keyring)?
    /// Keyrings that wrap the generated data key.
    public let children: [any Keyring]

    /// A multi-keyring; fails when it has neither a generator nor a child.
    public init(generator: (any Keyring)? = nil, children: [any Keyring] = []) throws {
        guard generator != nil || !children.isEmpty else {
            throw EncryptionSDKError.invalidParameter("a multi-keyring needs a generator or at least one child")
        }
        self.generator = generator
        self.children = children
    }

    /// The generator makes the data key (or the materials already have one), then each child
    /// adds its encrypted copy; any failure fails the whole.
    public func onEncrypt(_ materials: EncryptionMaterials) async throws -> EncryptionMaterials {
        var materials = materials
        if let generator {
            materials = try await generator.onEncrypt(materials)
            guard materials.plaintextDataKey != nil else {
                throw EncryptionSDKError.keyringFailed("the generator keyring returned no data key")
            }
        } else if materials.plaintextDataKey == nil {
            throw EncryptionSDKError.keyringFailed("a multi-keyring without a generator needs materials with a data key")
        }
        for child in children {
            materials = try await child.onEncrypt(materials)
        }
        return materials
    }

    /// The first keyring (generator, then children in order) that decrypts a data key wins;
    /// when none does, every failure is reported.
    public func onDecrypt(_ materials: DecryptionMaterials, encryptedDataKeys: [EncryptedDataKey]) async throws -> DecryptionMaterials {
        guard materials.plaintextDataKey == nil else {
            throw EncryptionSDKError.keyringFailed("the decryption materials already have a data key")
        }
        var failures: [any Error] = []
        for keyring in (generator.map { [$0] } ?? []) + children {
            do {
                let result = try await keyring.onDecrypt(materials, encryptedDataKeys: encryptedDataKeys)
                if result.plaintextDataKey != nil { return result }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failures.append(error)
            }
        }
        throw EncryptionSDKError.noKeyringDecrypted(failures)
    }
}
