import ArgumentParser
import KMS
import KMSCLI

/// `kms describe-key`: a key's metadata (ARN, state, usage, creation date).
struct DescribeKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe-key",
        abstract: "Show the metadata of a KMS key.",
        discussion: "Prints KeyMetadata."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("key-id"), help: "The KMS key: id, ARN, alias name or alias ARN.")
    var keyId: String

    func validate() throws {
        if keyId.isEmpty { throw ValidationError("--key-id must not be empty") }
    }

    func run() async throws {
        try await ClientFactory.withClient(global) { client in
            let metadata = try await client.describeKey(keyId: keyId)
            try global.print(KeyMetadataOutput.json(metadata), title: "DescribeKey")
        }
    }
}
