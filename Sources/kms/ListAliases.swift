import ArgumentParser
import KMS
import KMSCLI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `kms list-aliases`: every alias (of one key, or of the account), paginated as `list-keys`.
struct ListAliases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-aliases",
        abstract: "List the aliases of the account, or of one KMS key."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var pagination: PaginationOptions

    @Option(name: .customLong("key-id"), help: "Only the aliases of this KMS key (id or ARN).")
    var keyId: String?

    func validate() throws {
        if let keyId, keyId.isEmpty { throw ValidationError("--key-id must not be empty") }
        if let pageSize = pagination.pageSize, pageSize > 100 {
            throw ValidationError("--page-size must be between 1 and 100 for list-aliases, got \(pageSize)")
        }
    }

    func run() async throws {
        let paginator = try pagination.paginator(of: KMSAlias.self)
        try await ClientFactory.withClient(global) { client in
            if global.noPaginate {
                let page = try await client.listAliases(keyId: keyId, limit: pagination.pageSize, marker: nil)
                try global.print(Self.output(page.aliases, page: page, nextToken: nil), title: "ListAliases")
                return
            }
            let (aliases, nextToken) = try await paginator.collect { limit, marker in
                let page = try await client.listAliases(keyId: keyId, limit: limit, marker: marker)
                return .init(items: page.aliases, nextMarker: page.nextMarker, truncated: page.truncated)
            }
            try global.print(Self.output(aliases, page: nil, nextToken: nextToken), title: "ListAliases")
        }
    }

    /// `Aliases[{AliasName, AliasArn, TargetKeyId, CreationDate, LastUpdatedDate}]`, and the page
    /// fields or `NextToken` as for `list-keys`.
    static func output(_ aliases: [KMSAlias], page: KMSAliasPage?, nextToken: PageToken?) -> JSONOutput {
        let entries = aliases.map { alias in
            JSONOutput.object(dropping: [
                ("AliasName", .string(alias.aliasName)),
                ("AliasArn", alias.aliasArn.map(JSONOutput.string)),
                ("TargetKeyId", alias.targetKeyId.map(JSONOutput.string)),
                ("CreationDate", alias.creationDate.map { .string($0.formatted(.iso8601)) }),
                ("LastUpdatedDate", alias.lastUpdatedDate.map { .string($0.formatted(.iso8601)) }),
            ])
        }
        return .object(dropping: [
            ("Aliases", .array(entries)),
            ("NextMarker", page?.nextMarker.map(JSONOutput.string)),
            ("Truncated", page.map { .bool($0.truncated) }),
            ("NextToken", nextToken.map { .string($0.text) }),
        ])
    }
}
