/// The kind of asymmetric data key pair (`KeyPairSpec`).
public struct KMSDataKeyPairSpec: Sendable, Hashable, CustomStringConvertible {
    /// The wire value (`RSA_2048`).
    public let rawValue: String

    /// RSA, 2048 bits.
    public static let rsa2048 = KMSDataKeyPairSpec(rawValue: "RSA_2048")
    /// RSA, 3072 bits.
    public static let rsa3072 = KMSDataKeyPairSpec(rawValue: "RSA_3072")
    /// RSA, 4096 bits.
    public static let rsa4096 = KMSDataKeyPairSpec(rawValue: "RSA_4096")
    /// NIST P-256 (secp256r1).
    public static let eccNistP256 = KMSDataKeyPairSpec(rawValue: "ECC_NIST_P256")
    /// NIST P-384 (secp384r1).
    public static let eccNistP384 = KMSDataKeyPairSpec(rawValue: "ECC_NIST_P384")
    /// NIST P-521 (secp521r1).
    public static let eccNistP521 = KMSDataKeyPairSpec(rawValue: "ECC_NIST_P521")
    /// secp256k1.
    public static let eccSecgP256k1 = KMSDataKeyPairSpec(rawValue: "ECC_SECG_P256K1")
    /// SM2 (China Regions only).
    public static let sm2 = KMSDataKeyPairSpec(rawValue: "SM2")

    /// Every spec KMS documents, for parsing command lines.
    public static let allCases: [KMSDataKeyPairSpec] = [.rsa2048, .rsa3072, .rsa4096, .eccNistP256, .eccNistP384, .eccNistP521, .eccSecgP256k1, .sm2]

    private init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The wire value, e.g. `ECC_NIST_P256`.
    public var description: String { rawValue }
}
