import ArgumentParser
import KMS
import KMSCLI

/// `kms generate-data-key-pair`: an asymmetric data key pair, the private key in the clear
/// (base64, to use and drop) and encrypted (to store).
struct GenerateDataKeyPair: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-data-key-pair",
        abstract: "Generate an asymmetric data key pair whose private key is encrypted under a KMS key.",
        discussion: "Prints PrivateKeyCiphertextBlob, PrivateKeyPlaintext, PublicKey (base64 DER), KeyId and KeyPairSpec."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var context: CryptoOptions

    @Option(name: .customLong("key-id"), help: "The symmetric KMS key that encrypts the private key.")
    var keyId: String

    @Option(name: .customLong("key-pair-spec"), help: "The kind of pair.")
    var keyPairSpec: KeyPairSpecArgument

    func validate() throws {
        if keyId.isEmpty { throw ValidationError("--key-id must not be empty") }
    }

    func run() async throws {
        let encryptionContext = try context.context(global)
        let grantTokens = try context.tokens()
        try await ClientFactory.withClient(global) { client in
            let pair = try await client.generateDataKeyPair(
                keyId: keyId, keyPairSpec: keyPairSpec.spec, encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: context.dryRun)
            try global.print(
                .object(dropping: [
                    ("PrivateKeyCiphertextBlob", .string(pair.privateKeyCiphertextBlob)),
                    ("PrivateKeyPlaintext", .string(pair.privateKeyPlaintext.base64EncodedString())),
                    ("PublicKey", .string(pair.publicKey)),
                    ("KeyId", .string(pair.keyId)),
                    ("KeyPairSpec", pair.keyPairSpec.map(JSONOutput.string)),
                ]),
                title: "GenerateDataKeyPair")
        }
    }
}
