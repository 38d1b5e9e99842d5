/// What can go wrong when signing, as one typed error.
///
/// Compare with the static members (`error == .invalidExpires`); two errors are equal when
/// their kinds are, whatever the message. Messages never hold credentials.
public struct SigV4Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The kind's name.
        public var description: String { name }

        /// A presigned URL's lifetime outside 1…604800 seconds (`SigV4Signer.presignExpiresRange`).
        public static let invalidExpires = Kind(name: "invalidExpires")
    }

    /// The kind of failure.
    public var kind: Kind
    /// A short human-readable message.
    public var message: String

    /// Creates an error of `kind` with an optional message.
    public init(kind: Kind, message: String = "") {
        self.kind = kind
        self.message = message
    }

    /// A presigned URL's lifetime outside 1…604800 seconds.
    public static let invalidExpires = SigV4Error(kind: .invalidExpires)

    /// Errors are equal when their kinds are.
    public static func == (lhs: SigV4Error, rhs: SigV4Error) -> Bool { lhs.kind == rhs.kind }
    /// Hashes the kind only, like `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    /// `SigV4Error.<kind>: <message>`.
    public var description: String {
        message.isEmpty ? "SigV4Error.\(kind)" : "SigV4Error.\(kind): \(message)"
    }
}
