/// One page of `ListAliases`: up to the requested number of aliases and where to go on.
public struct KMSAliasPage: Sendable, Hashable {
    /// The aliases on this page.
    public var aliases: [KMSAlias]
    /// The marker to pass for the next page; nil on the last page.
    public var nextMarker: String?
    /// True when there are more aliases after this page.
    public var truncated: Bool

    /// Creates a page.
    public init(aliases: [KMSAlias], nextMarker: String?, truncated: Bool) {
        self.aliases = aliases
        self.nextMarker = nextMarker
        self.truncated = truncated
    }
}
