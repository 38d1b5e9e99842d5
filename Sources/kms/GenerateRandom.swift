import ArgumentParser
import KMS
import KMSCLI

/// `kms generate-random`: random bytes from KMS, base64.
struct GenerateRandom: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-random",
        abstract: "Get random bytes from KMS.",
        discussion: "Prints Plaintext (base64)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("number-of-bytes"), help: "How many bytes (1...1024).")
    var numberOfBytes: Int

    func validate() throws {
        if !(1...1024).contains(numberOfBytes) {
            throw ValidationError("--number-of-bytes must be between 1 and 1024, got \(numberOfBytes)")
        }
    }

    func run() async throws {
        try await ClientFactory.withClient(global) { client in
            let random = try await client.generateRandom(numberOfBytes: numberOfBytes)
            try global.print(.object([("Plaintext", .string(random.base64EncodedString()))]), title: "GenerateRandom")
        }
    }
}
