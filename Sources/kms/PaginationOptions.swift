import ArgumentParser
import KMSCLI

/// The AWS CLI's pagination flags of list commands.
struct PaginationOptions: ParsableArguments {
    @Option(name: .customLong("max-items"), help: "Print at most this many items, and a NextToken to resume from.")
    var maxItems: Int?

    @Option(name: .customLong("page-size"), help: "Items per request (1...1000); all pages are still fetched.")
    var pageSize: Int?

    @Option(name: .customLong("starting-token"), help: "Resume where a previous --max-items listing stopped (its NextToken).")
    var startingToken: String?

    func validate() throws {
        if let maxItems, maxItems < 1 { throw ValidationError("--max-items must be at least 1, got \(maxItems)") }
        if let pageSize, !(1...1000).contains(pageSize) { throw ValidationError("--page-size must be between 1 and 1000, got \(pageSize)") }
        if let startingToken { _ = try usageCheck { try PageToken(startingToken) } }
    }

    /// The paginator these flags describe.
    func paginator<Item>(of: Item.Type) throws -> Paginator<Item> {
        Paginator(maxItems: maxItems, pageSize: pageSize, start: try startingToken.map { token throws(CLIUsageError) in try PageToken(token) })
    }
}
