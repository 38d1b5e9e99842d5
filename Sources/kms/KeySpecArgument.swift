import ArgumentParser
import KMS

/// `--key-spec`, spelled as on the wire (`AES_256`, `AES_128`).
enum KeySpecArgument: String, ExpressibleByArgument, CaseIterable, Sendable {
    case aes256 = "AES_256"
    case aes128 = "AES_128"

    /// The library's value for this spelling.
    var keySpec: KMSDataKeySpec {
        switch self {
        case .aes256: .aes256
        case .aes128: .aes128
        }
    }
}
