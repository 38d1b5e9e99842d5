/// What can go wrong when signing, as one typed error.
///
/// Compare with the static members (`error == .invalidExpires`); two errors are equal when
/// their codes are, whatever the message. Messages never hold credentials.
public struct SigV4Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The code's name.
        public var description: String { name }

        /// A presigned URL's lifetime outside 1…604800 seconds (`SigV4Signer.presignExpiresRange`).
        public static let invalidExpires = Code(name: "invalidExpires")
    }

    /// What kind of failure this is.
    public internal(set) var code: Code
    /// A short human-readable message.
    public internal(set) var message: String

    /// Creates an error with `code` and an optional message.
    public init(code: Code, message: String = "") {
        self.code = code
        self.message = message
    }

    /// A presigned URL's lifetime outside 1…604800 seconds.
    public static let invalidExpires = SigV4Error(code: .invalidExpires)

    /// Errors are equal when their codes are.
    public static func == (lhs: SigV4Error, rhs: SigV4Error) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, like `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// `SigV4Error.<code>: <message>`.
    public var description: String {
        message.isEmpty ? "SigV4Error.\(code)" : "SigV4Error.\(code): \(message)"
    }
}
