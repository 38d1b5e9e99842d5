import ArgumentParser
import KMS
import KMSCLI

/// `kms create-key`: a new symmetric KMS key (mostly for local servers and tests).
struct CreateKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-key",
        abstract: "Create a symmetric encryption KMS key.",
        discussion: "Prints KeyMetadata."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "A description of the key.")
    var description: String?

    func run() async throws {
        try await ClientFactory.withClient(global) { client in
            let metadata = try await client.createKey(description: description)
            try global.print(KeyMetadataOutput.json(metadata), title: "CreateKey")
        }
    }
}
