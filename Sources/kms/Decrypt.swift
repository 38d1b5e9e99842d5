import ArgumentParser
import KMS

/// `kms decrypt`: the plaintext of a data key (or any KMS ciphertext) back from its blob.
struct Decrypt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decrypt a ciphertext blob made by generate-data-key or encrypt.",
        discussion: "Prints KeyId and Plaintext (base64)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("ciphertext-blob"), help: "The ciphertext, base64-encoded.")
    var ciphertextBlob: String

    @Option(
        name: .customLong("encryption-context"),
        parsing: .upToNextOption,
        help: ArgumentHelp("The encryption context the ciphertext was made with.", valueName: "key=value")
    )
    var encryptionContext: [EncryptionContextArgument] = []

    @Option(name: .customLong("key-id"), help: "Fail unless the ciphertext was made under this KMS key.")
    var keyId: String?

    func validate() throws {
        if ciphertextBlob.isEmpty { throw ValidationError("--ciphertext-blob must not be empty") }
        if let keyId, keyId.isEmpty { throw ValidationError("--key-id must not be empty") }
        _ = try EncryptionContextArgument.dictionary(encryptionContext)
    }

    func run() async throws {
        let context = try EncryptionContextArgument.dictionary(encryptionContext)
        try await ClientFactory.withClient(global) { client in
            let result = try await client.decrypt(ciphertextBlob: ciphertextBlob, encryptionContext: context, keyId: keyId)
            JSONOutput.object(dropping: [
                ("KeyId", .string(result.keyId)),
                ("Plaintext", .string(result.plaintext)),
                ("EncryptionAlgorithm", result.encryptionAlgorithm.map(JSONOutput.string)),
            ]).print()
        }
    }
}
