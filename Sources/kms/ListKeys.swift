import ArgumentParser
import KMS

/// `kms list-keys`: every key of the account in the region (all pages), or one page with
/// `--limit` / `--marker`.
struct ListKeys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-keys",
        abstract: "List the KMS keys of the account in the region."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Return one page of at most this many keys (1...1000) instead of all of them.")
    var limit: Int?

    @Option(help: "Return the page that starts at this marker (a previous page's NextMarker).")
    var marker: String?

    func validate() throws {
        if let limit, !(1...1000).contains(limit) {
            throw ValidationError("--limit must be between 1 and 1000, got \(limit)")
        }
        if let marker, marker.isEmpty {
            throw ValidationError("--marker must not be empty")
        }
    }

    func run() async throws {
        try await ClientFactory.withClient(global) { client in
            if limit == nil && marker == nil {
                Self.output(keys: try await client.listKeys(), page: nil).print()
            } else {
                let page = try await client.listKeys(limit: limit, marker: marker)
                Self.output(keys: page.keys, page: page).print()
            }
        }
    }

    /// The AWS CLI's `list-keys` output: `Keys`, and for one page `NextMarker` and `Truncated`.
    static func output(keys: [KMSKey], page: KMSKeyPage?) -> JSONOutput {
        let entries = keys.map { key in
            JSONOutput.object([("KeyId", .string(key.keyId)), ("KeyArn", .string(key.keyArn))])
        }
        return .object(dropping: [
            ("Keys", .array(entries)),
            ("NextMarker", page?.nextMarker.map(JSONOutput.string)),
            ("Truncated", page.map { .bool($0.truncated) }),
        ])
    }
}
