import ArgumentParser
import KMS
import KMSCLI

/// `kms list-keys`: every key of the account in the region (all pages, as the AWS CLI), or
/// part of them with `--max-items`, or one raw page with `--no-paginate`, `--limit` or `--marker`.
struct ListKeys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-keys",
        abstract: "List the KMS keys of the account in the region."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var pagination: PaginationOptions

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
        let paginator = try pagination.paginator(of: KMSKey.self)
        try await ClientFactory.withClient(global) { client in
            if global.noPaginate || limit != nil || marker != nil {
                let page = try await client.listKeys(limit: limit ?? pagination.pageSize, marker: marker)
                try global.print(Self.output(keys: page.keys, page: page, nextToken: nil), title: "ListKeys")
                return
            }
            let (keys, nextToken) = try await paginator.collect { limit, marker in
                let page = try await client.listKeys(limit: limit, marker: marker)
                return .init(items: page.keys, nextMarker: page.nextMarker, truncated: page.truncated)
            }
            try global.print(Self.output(keys: keys, page: nil, nextToken: nextToken), title: "ListKeys")
        }
    }

    /// The AWS CLI's `list-keys` output: `Keys`, and for one page `NextMarker` and `Truncated`,
    /// or `NextToken` when `--max-items` stopped early.
    static func output(keys: [KMSKey], page: KMSKeyPage?, nextToken: PageToken?) -> JSONOutput {
        let entries = keys.map { key in
            JSONOutput.object([("KeyId", .string(key.keyId)), ("KeyArn", .string(key.keyArn))])
        }
        return .object(dropping: [
            ("Keys", .array(entries)),
            ("NextMarker", page?.nextMarker.map(JSONOutput.string)),
            ("Truncated", page.map { .bool($0.truncated) }),
            ("NextToken", nextToken.map { .string($0.text) }),
        ])
    }
}
