import ArgumentParser
import KMS
import KMSCLI

/// `kms re-encrypt`: a stored blob moved to another KMS key or context, without the plaintext
/// leaving KMS.
struct ReEncrypt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "re-encrypt",
        abstract: "Decrypt and encrypt again inside KMS, under another key or encryption context.",
        discussion: "Prints CiphertextBlob, SourceKeyId, KeyId and the algorithms."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("ciphertext-blob"), help: "The ciphertext: base64 text, or fileb://path for a file's raw bytes.")
    var ciphertextBlob: String

    @Option(name: .customLong("destination-key-id"), help: "The KMS key to encrypt under.")
    var destinationKeyId: String

    @Option(name: .customLong("source-encryption-context"), help: "The context the blob was made with (shorthand, JSON or file://).")
    var sourceEncryptionContext: String?

    @Option(name: .customLong("destination-encryption-context"), help: "The context to bind to the new blob (shorthand, JSON or file://).")
    var destinationEncryptionContext: String?

    @Option(name: .customLong("source-key-id"), help: "Fail unless the blob was made under this KMS key.")
    var sourceKeyId: String?

    @OptionGroup var request: RequestOptions

    func validate() throws {
        if ciphertextBlob.isEmpty { throw ValidationError("--ciphertext-blob must not be empty") }
        if destinationKeyId.isEmpty { throw ValidationError("--destination-key-id must not be empty") }
        _ = try usageCheck { try contexts() }
    }

    private func contexts() throws -> (source: [String: String], destination: [String: String]) {
        (try ParameterValue.stringDictionary(sourceEncryptionContext, option: "--source-encryption-context"),
         try ParameterValue.stringDictionary(destinationEncryptionContext, option: "--destination-encryption-context"))
    }

    func run() async throws {
        let (source, destination) = try contexts()
        let tokens = try request.tokens()
        if let sourceEncryptionContext { global.debugNote(unpacked: "--source-encryption-context", sourceEncryptionContext) }
        if let destinationEncryptionContext { global.debugNote(unpacked: "--destination-encryption-context", destinationEncryptionContext) }
        let blob = try ParameterValue.blob(ciphertextBlob, option: "--ciphertext-blob").base64Text
        try await ClientFactory.withClient(global) { client in
            let result = try await client.reEncrypt(
                ciphertextBlob: blob, destinationKeyId: destinationKeyId,
                sourceEncryptionContext: source, destinationEncryptionContext: destination,
                sourceKeyId: sourceKeyId, grantTokens: tokens, dryRun: request.dryRun)
            try global.print(
                .object(dropping: [
                    ("CiphertextBlob", .string(result.ciphertextBlob)),
                    ("SourceKeyId", result.sourceKeyId.map(JSONOutput.string)),
                    ("KeyId", .string(result.keyId)),
                    ("SourceEncryptionAlgorithm", result.sourceEncryptionAlgorithm.map(JSONOutput.string)),
                    ("DestinationEncryptionAlgorithm", result.destinationEncryptionAlgorithm.map(JSONOutput.string)),
                ]),
                title: "ReEncrypt")
        }
    }
}
