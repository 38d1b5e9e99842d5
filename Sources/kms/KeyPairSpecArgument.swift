import ArgumentParser
import KMS

/// `--key-pair-spec`, spelled as on the wire (`RSA_2048`, `ECC_NIST_P256`, …).
struct KeyPairSpecArgument: ExpressibleByArgument, Sendable {
    /// The library's value.
    var spec: KMSDataKeyPairSpec

    init?(argument: String) {
        guard let spec = KMSDataKeyPairSpec.allCases.first(where: { $0.rawValue == argument }) else { return nil }
        self.spec = spec
    }

    static var allValueStrings: [String] { KMSDataKeyPairSpec.allCases.map(\.rawValue) }
}
