#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One alias from `ListAliases`: a friendly name (`alias/…`) and the key it points at.
public struct KMSAlias: Sendable, Hashable {
    /// The name, `alias/…`.
    public var aliasName: String
    /// The alias ARN.
    public var aliasArn: String?
    /// The id of the key it points at; nil for an AWS alias not yet in use.
    public var targetKeyId: String?
    /// When it was created, when the service says.
    public var creationDate: Date?
    /// When it last changed target, when the service says.
    public var lastUpdatedDate: Date?

    /// Creates an alias from its parts.
    public init(aliasName: String, aliasArn: String?, targetKeyId: String?, creationDate: Date? = nil, lastUpdatedDate: Date? = nil) {
        self.aliasName = aliasName
        self.aliasArn = aliasArn
        self.targetKeyId = targetKeyId
        self.creationDate = creationDate
        self.lastUpdatedDate = lastUpdatedDate
    }
}
