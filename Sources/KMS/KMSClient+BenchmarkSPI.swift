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

    /// Decodes a 2xx GenerateDataKey response body the way the call path does: the plaintext
    /// taken out into a ``KMSSecretBytes`` and scrubbed from the body, the rest read with
    /// `JSONDecoder`, the body zeroed afterwards. Keep in step with `generateDataKey`'s decoder.
    public static func benchmarkDecodeGenerateDataKey(_ body: inout [UInt8]) throws -> KMSDataKey {
        defer { KMSSecretBytes.wipe(&body) }
        let plaintext = try PlaintextExtractor.extract(from: &body)
        let output = try AWSJSONClient.decodeJSON(KMSWire.DataKeyOutput.self, from: body)
        guard let plaintext else {
            throw AWSJSONClient.ResponseProblem(message: "the response has no Plaintext string")
        }
        return KMSDataKey(
            id: output.keyId, ciphertextBlob: output.ciphertextBlob,
            plaintextBytes: plaintext, keyMaterialId: output.keyMaterialId)
    }
}
