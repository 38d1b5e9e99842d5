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
                let keys = try await client.listKeys()
                try JSONOutput.print(Output(keys: keys.map(Entry.init), nextMarker: nil, truncated: nil))
            } else {
                let page = try await client.listKeys(limit: limit, marker: marker)
                try JSONOutput.print(Output(keys: page.keys.map(Entry.init), nextMarker: page.nextMarker, truncated: page.truncated))
            }
        }
    }

    /// The AWS CLI's `list-keys` output.
    struct Output: Encodable {
        var keys: [Entry]
        var nextMarker: String?
        var truncated: Bool?

        enum CodingKeys: String, CodingKey {
            case keys = "Keys", nextMarker = "NextMarker", truncated = "Truncated"
        }
    }

    /// One key: `KeyId` and `KeyArn`.
    struct Entry: Encodable {
        var keyId: String
        var keyArn: String

        init(_ key: KMSKey) {
            keyId = key.keyId
            keyArn = key.keyArn
        }

        enum CodingKeys: String, CodingKey {
            case keyId = "KeyId", keyArn = "KeyArn"
        }
    }
}
