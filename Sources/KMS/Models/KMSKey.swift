/// A KMS key as `ListKeys` names it: its id and its ARN.
public struct KMSKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The key id, a UUID such as `1234abcd-12ab-34cd-56ef-1234567890ab`.
    public var keyId: String
    /// The key's ARN, `arn:aws:kms:<region>:<account>:key/<keyId>`.
    public var keyArn: String

    /// Creates a key reference.
    public init(keyId: String, keyArn: String) {
        self.keyId = keyId
        self.keyArn = keyArn
    }

    enum CodingKeys: String, CodingKey {
        case keyId = "KeyId"
        case keyArn = "KeyArn"
    }

    /// The key ARN.
    public var description: String { keyArn }
}
