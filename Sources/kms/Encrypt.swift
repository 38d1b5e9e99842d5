import ArgumentParser
import KMS

/// `kms encrypt`: up to 4 KiB of plaintext encrypted directly under a KMS key.
struct Encrypt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encrypt up to 4096 bytes under a KMS key.",
        discussion: "Prints CiphertextBlob (base64) and KeyId."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("key-id"), help: "The KMS key: id, ARN, alias name or alias ARN.")
    var keyId: String

    @Option(help: "The plaintext, base64-encoded.")
    var plaintext: String

    @Option(
        name: .customLong("encryption-context"),
        parsing: .upToNextOption,
        help: ArgumentHelp("Key-value pairs bound to the ciphertext; decrypt needs the same.", valueName: "key=value")
    )
    var encryptionContext: [EncryptionContextArgument] = []

    func validate() throws {
        if keyId.isEmpty { throw ValidationError("--key-id must not be empty") }
        if plaintext.isEmpty { throw ValidationError("--plaintext must not be empty") }
        _ = try EncryptionContextArgument.dictionary(encryptionContext)
    }

    func run() async throws {
        let context = try EncryptionContextArgument.dictionary(encryptionContext)
        try await ClientFactory.withClient(global) { client in
            let result = try await client.encrypt(keyId: keyId, plaintextBase64: plaintext, encryptionContext: context)
            JSONOutput.object(dropping: [
                ("CiphertextBlob", .string(result.ciphertextBlob)),
                ("KeyId", .string(result.keyId)),
                ("EncryptionAlgorithm", result.encryptionAlgorithm.map(JSONOutput.string)),
            ]).print()
        }
    }
}
