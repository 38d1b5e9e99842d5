// Entry points for the micro-benchmarks in Benchmarks/ (a separate package, which cannot see
// internal symbols): the encode and decode steps of a GenerateDataKey call, alone. Not API:
// `@_spi(Benchmarks)` keeps them out of the public interface; use the client's methods.

@_spi(Benchmarks)
extension KMSClient {
    /// The checked, encoded GenerateDataKey request body, exactly as
    /// ``generateDataKey(id:size:)`` builds it before signing.
    public static func benchmarkEncodeGenerateDataKey(id: String, size: Int) throws -> [UInt8] {
        try dataKeyBody(
            operation: "GenerateDataKey", id: id, numberOfBytes: size, keySpec: nil,
            encryptionContext: [:], grantTokens: [], dryRun: false)
    }

    /// Decodes a 2xx GenerateDataKey response body the way the call path does (the same
    /// function): the plaintext read straight into a ``KMSSecretBytes``, the body zeroed
    /// afterwards.
    public static func benchmarkDecodeGenerateDataKey(_ body: inout [UInt8]) throws -> KMSDataKey {
        defer { KMSSecretBytes.wipe(&body) }
        return try KMSResponseDecoder.dataKey(body)
    }
}
