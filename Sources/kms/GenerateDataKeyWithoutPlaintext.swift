import ArgumentParser
import KMS
import KMSCLI

/// `kms generate-data-key-without-plaintext`: a new data key returned only encrypted, for a
/// component that stores keys for others to decrypt later.
struct GenerateDataKeyWithoutPlaintext: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-data-key-without-plaintext",
        abstract: "Generate a data key and return it only encrypted under a KMS key.",
        discussion: "Prints CiphertextBlob and KeyId. Without --number-of-bytes or --key-spec the key has 32 bytes."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var size: DataKeySizeOptions
    @OptionGroup var context: CryptoOptions

    @Option(name: .customLong("key-id"), help: "The KMS key: id, ARN, alias name or alias ARN.")
    var keyId: String

    func validate() throws {
        if keyId.isEmpty { throw ValidationError("--key-id must not be empty") }
    }

    func run() async throws {
        let encryptionContext = try context.context(global)
        let grantTokens = try context.tokens()
        try await ClientFactory.withClient(global) { client in
            let dataKey = try await client.generateDataKeyWithoutPlaintext(
                keyId: keyId, keySpec: size.keySpec?.keySpec, numberOfBytes: size.numberOfBytes,
                encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: context.dryRun)
            try global.print(
                .object(dropping: [
                    ("CiphertextBlob", .string(dataKey.ciphertextBlob)),
                    ("KeyId", .string(dataKey.keyId)),
                    ("KeyMaterialId", dataKey.keyMaterialId.map(JSONOutput.string)),
                ]),
                title: "GenerateDataKeyWithoutPlaintext")
        }
    }
}
