/// An algorithm suite of the AWS Encryption SDK: the AES-GCM key size, how the message key is
/// derived from the data key, whether it commits to the data key, and the signature.
///
/// Known by its two-byte id, as it is written in the message header. Every suite uses a
/// 12-byte IV and a 16-byte tag.
public struct AlgorithmSuite: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The suite id as written in the header, e.g. 0x0578.
    public let rawValue: UInt16

    /// The suite with this id, or nil when the id is not one of the eleven suites.
    public init?(rawValue: UInt16) {
        guard Self.properties(of: rawValue) != nil else { return nil }
        self.rawValue = rawValue
    }

    private init(known rawValue: UInt16) { self.rawValue = rawValue }

    /// AES-256-GCM, HKDF-SHA512, key commitment, ECDSA P-384 (0x0578): the default.
    public static let aes256GcmHkdfSha512CommitKeyEcdsaP384 = AlgorithmSuite(known: 0x0578)
    /// AES-256-GCM, HKDF-SHA512, key commitment, no signature (0x0478): for readers trusted
    /// as much as writers.
    public static let aes256GcmHkdfSha512CommitKey = AlgorithmSuite(known: 0x0478)
    /// AES-256-GCM, HKDF-SHA384, ECDSA P-384, no commitment (0x0378).
    public static let aes256GcmIv12Tag16HkdfSha384EcdsaP384 = AlgorithmSuite(known: 0x0378)
    /// AES-192-GCM, HKDF-SHA384, ECDSA P-384, no commitment (0x0346).
    public static let aes192GcmIv12Tag16HkdfSha384EcdsaP384 = AlgorithmSuite(known: 0x0346)
    /// AES-128-GCM, HKDF-SHA256, ECDSA P-256, no commitment (0x0214).
    public static let aes128GcmIv12Tag16HkdfSha256EcdsaP256 = AlgorithmSuite(known: 0x0214)
    /// AES-256-GCM, HKDF-SHA256, no commitment, no signature (0x0178).
    public static let aes256GcmIv12Tag16HkdfSha256 = AlgorithmSuite(known: 0x0178)
    /// AES-192-GCM, HKDF-SHA256, no commitment, no signature (0x0146).
    public static let aes192GcmIv12Tag16HkdfSha256 = AlgorithmSuite(known: 0x0146)
    /// AES-128-GCM, HKDF-SHA256, no commitment, no signature (0x0114).
    public static let aes128GcmIv12Tag16HkdfSha256 = AlgorithmSuite(known: 0x0114)
    /// AES-256-GCM with the data key used directly (0x0078): decrypt only.
    public static let aes256GcmIv12Tag16NoKdf = AlgorithmSuite(known: 0x0078)
    /// AES-192-GCM with the data key used directly (0x0046): decrypt only.
    public static let aes192GcmIv12Tag16NoKdf = AlgorithmSuite(known: 0x0046)
    /// AES-128-GCM with the data key used directly (0x0014): decrypt only.
    public static let aes128GcmIv12Tag16NoKdf = AlgorithmSuite(known: 0x0014)

    /// The default suite, ``aes256GcmHkdfSha512CommitKeyEcdsaP384`` (0x0578).
    public static let `default` = aes256GcmHkdfSha512CommitKeyEcdsaP384

    /// Every suite, committing first.
    public static let allCases: [AlgorithmSuite] = [
        .aes256GcmHkdfSha512CommitKeyEcdsaP384, .aes256GcmHkdfSha512CommitKey,
        .aes256GcmIv12Tag16HkdfSha384EcdsaP384, .aes192GcmIv12Tag16HkdfSha384EcdsaP384,
        .aes128GcmIv12Tag16HkdfSha256EcdsaP256, .aes256GcmIv12Tag16HkdfSha256,
        .aes192GcmIv12Tag16HkdfSha256, .aes128GcmIv12Tag16HkdfSha256,
        .aes256GcmIv12Tag16NoKdf, .aes192GcmIv12Tag16NoKdf, .aes128GcmIv12Tag16NoKdf,
    ]

    /// The id in hex, e.g. `0x0578`.
    public var description: String {
        let hex = String(rawValue, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// The data key and message key length in bytes (16, 24 or 32).
    public var keyLength: Int { properties.keyLength }
    /// Whether the suite commits to the data key (message format version 2).
    public var isCommitting: Bool { properties.committing }
    /// Whether messages of this suite end with an ECDSA signature.
    public var isSigned: Bool { properties.curve != nil }

    // MARK: - What the format and crypto layers need

    /// A hash function named by the suite.
    enum Digest: Sendable {
        case sha256, sha384, sha512

        /// libcrypto's name for it.
        var name: String {
            switch self {
            case .sha256: "SHA256"
            case .sha384: "SHA384"
            case .sha512: "SHA512"
            }
        }

        /// The output length in bytes.
        var length: Int {
            switch self {
            case .sha256: 32
            case .sha384: 48
            case .sha512: 64
            }
        }
    }

    /// The signature curve, with the hash it signs.
    enum Curve: Sendable {
        case p256, p384

        /// libcrypto's group name.
        var groupName: String { self == .p256 ? "P-256" : "P-384" }
        /// The hash the signature is taken over.
        var digest: Digest { self == .p256 ? .sha256 : .sha384 }
        /// The length of a compressed point.
        var compressedPointLength: Int { self == .p256 ? 33 : 49 }
    }

    struct Properties: Sendable {
        var keyLength: Int
        /// nil: the identity KDF (the data key is the message key).
        var kdf: Digest?
        var committing: Bool
        var curve: Curve?
    }

    var properties: Properties { Self.properties(of: rawValue)! }

    /// The header version this suite writes: 2 for committing suites, 1 for the rest.
    var messageFormatVersion: UInt8 { isCommitting ? 2 : 1 }
    /// The message id length of its header version.
    var messageIdLength: Int { isCommitting ? 32 : 16 }
    /// The commit key (header suite data) length; 0 for non-committing suites.
    var suiteDataLength: Int { isCommitting ? 32 : 0 }
    /// AES-GCM IV length for every suite.
    static let ivLength = 12
    /// AES-GCM tag length for every suite.
    static let tagLength = 16

    private static func properties(of id: UInt16) -> Properties? {
        switch id {
        case 0x0578: Properties(keyLength: 32, kdf: .sha512, committing: true, curve: .p384)
        case 0x0478: Properties(keyLength: 32, kdf: .sha512, committing: true, curve: nil)
        case 0x0378: Properties(keyLength: 32, kdf: .sha384, committing: false, curve: .p384)
        case 0x0346: Properties(keyLength: 24, kdf: .sha384, committing: false, curve: .p384)
        case 0x0214: Properties(keyLength: 16, kdf: .sha256, committing: false, curve: .p256)
        case 0x0178: Properties(keyLength: 32, kdf: .sha256, committing: false, curve: nil)
        case 0x0146: Properties(keyLength: 24, kdf: .sha256, committing: false, curve: nil)
        case 0x0114: Properties(keyLength: 16, kdf: .sha256, committing: false, curve: nil)
        case 0x0078: Properties(keyLength: 32, kdf: nil, committing: false, curve: nil)
        case 0x0046: Properties(keyLength: 24, kdf: nil, committing: false, curve: nil)
        case 0x0014: Properties(keyLength: 16, kdf: nil, committing: false, curve: nil)
        default: nil
        }
    }
}
