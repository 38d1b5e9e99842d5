import ArgumentParser
import KMS

/// `kms generate-data-key`: a new data key, as plaintext (base64, to use and drop) and as
/// ciphertext (to store beside the data).
struct GenerateDataKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-data-key",
        abstract: "Generate a data key encrypted under a KMS key.",
        discussion: "Prints CiphertextBlob, Plaintext (base64) and KeyId. Without --number-of-bytes or --key-spec the key has 32 bytes."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("key-id"), help: "The KMS key: id, ARN, alias name or alias ARN.")
    var keyId: String

    @Option(name: .customLong("number-of-bytes"), help: "Length of the data key in bytes (1...1024).")
    var numberOfBytes: Int?

    @Option(name: .customLong("key-spec"), help: "Length of the data key by name.")
    var keySpec: KeySpecArgument?

    @Option(
        name: .customLong("encryption-context"),
        parsing: .upToNextOption,
        help: ArgumentHelp("Key-value pairs bound to the ciphertext; decrypt needs the same.", valueName: "key=value")
    )
    var encryptionContext: [EncryptionContextArgument] = []

    func validate() throws {
        if keyId.isEmpty { throw ValidationError("--key-id must not be empty") }
        if numberOfBytes != nil && keySpec != nil {
            throw ValidationError("give either --number-of-bytes or --key-spec, not both")
        }
        if let numberOfBytes, !(1...1024).contains(numberOfBytes) {
            throw ValidationError("--number-of-bytes must be between 1 and 1024, got \(numberOfBytes)")
        }
        _ = try EncryptionContextArgument.dictionary(encryptionContext)
    }

    func run() async throws {
        let context = try EncryptionContextArgument.dictionary(encryptionContext)
        try await ClientFactory.withClient(global) { client in
            let dataKey: KMSDataKey
            if let keySpec {
                dataKey = try await client.generateDataKey(id: keyId, keySpec: keySpec.keySpec, encryptionContext: context)
            } else {
                dataKey = try await client.generateDataKey(id: keyId, numberOfBytes: numberOfBytes ?? 32, encryptionContext: context)
            }
            JSONOutput.object([
                ("CiphertextBlob", .string(dataKey.ciphertextBlob)),
                ("Plaintext", .string(dataKey.plaintext)),
                ("KeyId", .string(dataKey.id)),
            ]).print()
        }
    }
}
