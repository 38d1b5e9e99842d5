import ArgumentParser
import KMS
import KMSCLI

/// `kms decrypt`: the plaintext of a data key (or any KMS ciphertext) back from its blob.
struct Decrypt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decrypt a ciphertext blob made by generate-data-key or encrypt.",
        discussion: "Prints KeyId, Plaintext (base64) and EncryptionAlgorithm."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var context: CryptoOptions

    @Option(name: .customLong("ciphertext-blob"), help: "The ciphertext: base64 text, or fileb://path for a file's raw bytes.")
    var ciphertextBlob: String

    @Option(name: .customLong("key-id"), help: "Fail unless the ciphertext was made under this KMS key.")
    var keyId: String?

    func validate() throws {
        if ciphertextBlob.isEmpty { throw ValidationError("--ciphertext-blob must not be empty") }
        if let keyId, keyId.isEmpty { throw ValidationError("--key-id must not be empty") }
    }

    func run() async throws {
        let encryptionContext = try context.context(global)
        let grantTokens = try context.tokens()
        let blob = try ParameterValue.blob(ciphertextBlob, option: "--ciphertext-blob").base64Text
        try await ClientFactory.withClient(global) { client in
            let result = try await client.decrypt(
                ciphertextBlob: blob, encryptionContext: encryptionContext, grantTokens: grantTokens, keyId: keyId,
                dryRun: context.dryRun)
            try global.print(
                .object(dropping: [
                    ("KeyId", .string(result.keyId)),
                    ("Plaintext", .string(result.plaintext)),
                    ("EncryptionAlgorithm", result.encryptionAlgorithm.map(JSONOutput.string)),
                ]),
                title: "Decrypt")
        }
    }
}
