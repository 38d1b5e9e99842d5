/// The length of a data key by name (`KeySpec`), the alternative to a byte count.
public struct KMSDataKeySpec: Sendable, Hashable, CustomStringConvertible {
    /// The wire value (`AES_256`).
    public let rawValue: String
    /// The key length in bytes.
    public let byteCount: Int

    /// A 256-bit key (`AES_256`), 32 bytes.
    public static let aes256 = KMSDataKeySpec(rawValue: "AES_256", byteCount: 32)
    /// A 128-bit key (`AES_128`), 16 bytes.
    public static let aes128 = KMSDataKeySpec(rawValue: "AES_128", byteCount: 16)

    private init(rawValue: String, byteCount: Int) {
        self.rawValue = rawValue
        self.byteCount = byteCount
    }

    /// The wire value, e.g. `AES_256`.
    public var description: String { rawValue }
}
