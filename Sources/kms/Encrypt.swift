import ArgumentParser
import KMS
import KMSCLI

/// `kms encrypt`: up to 4 KiB of plaintext encrypted directly under a KMS key.
struct Encrypt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encrypt up to 4096 bytes under a KMS key.",
        discussion: "Prints CiphertextBlob (base64), KeyId and EncryptionAlgorithm."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var context: CryptoOptions

    @Option(name: .customLong("key-id"), help: "The KMS key: id, ARN, alias name or alias ARN.")
    var keyId: String

    @Option(help: "The plaintext: base64 text, or fileb://path for a file's raw bytes.")
    var plaintext: String

    func validate() throws {
        if keyId.isEmpty { throw ValidationError("--key-id must not be empty") }
        if plaintext.isEmpty { throw ValidationError("--plaintext must not be empty") }
    }

    func run() async throws {
        let encryptionContext = try context.context(global)
        let grantTokens = try context.tokens()
        let plaintext = try ParameterValue.blob(plaintext, option: "--plaintext")
        try await ClientFactory.withClient(global) { client in
            let result: KMSCiphertext
            switch plaintext {
            case .base64(let text):
                result = try await client.encrypt(
                    keyId: keyId, plaintextBase64: text, encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: context.dryRun)
            case .bytes(let bytes):
                result = try await client.encrypt(
                    keyId: keyId, plaintext: bytes, encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: context.dryRun)
            }
            try global.print(
                .object(dropping: [
                    ("CiphertextBlob", .string(result.ciphertextBlob)),
                    ("KeyId", .string(result.keyId)),
                    ("EncryptionAlgorithm", result.encryptionAlgorithm.map(JSONOutput.string)),
                ]),
                title: "Encrypt")
        }
    }
}
