/// One page of `ListKeys`: up to the requested number of keys and where to go on.
public struct KMSKeyPage: Sendable, Hashable {
    /// The keys on this page.
    public var keys: [KMSKey]
    /// The marker to pass for the next page; nil on the last page.
    public var nextMarker: String?
    /// True when there are more keys after this page.
    public var truncated: Bool

    /// Creates a page.
    public init(keys: [KMSKey], nextMarker: String?, truncated: Bool) {
        self.keys = keys
        self.nextMarker = nextMarker
        self.truncated = truncated
    }
}
