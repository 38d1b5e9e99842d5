#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Prints command results as the AWS CLI does: one pretty-printed JSON document on stdout.
enum JSONOutput {
    /// Encodes `value` (keys in declaration order, slashes of base64 left alone) and prints it.
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        Swift.print(String(decoding: data, as: UTF8.self))
    }
}
