import ArgumentParser
import KMS
import KMSCLI

/// `kms generate-data-key`: a new data key, as plaintext (base64, to use and drop) and as
/// ciphertext (to store beside the data).
struct GenerateDataKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-data-key",
        abstract: "Generate a data key encrypted under a KMS key.",
        discussion: "Prints CiphertextBlob, Plaintext (base64) and KeyId. Without --number-of-bytes or --key-spec the key has 32 bytes."
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
            let dataKey: KMSDataKey
            if let keySpec = size.keySpec {
                dataKey = try await client.generateDataKey(
                    id: keyId, keySpec: keySpec.keySpec, encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: context.dryRun)
            } else {
                dataKey = try await client.generateDataKey(
                    id: keyId, numberOfBytes: size.numberOfBytes ?? 32, encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: context.dryRun)
            }
            try global.print(
                .object(dropping: [
                    ("CiphertextBlob", .string(dataKey.ciphertextBlob)),
                    ("Plaintext", .string(dataKey.plaintext)),
                    ("KeyId", .string(dataKey.id)),
                    ("KeyMaterialId", dataKey.keyMaterialId.map(JSONOutput.string)),
                ]),
                title: "GenerateDataKey")
        }
    }
}
