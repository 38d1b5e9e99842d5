import Foundation
import Testing

@testable import AWSSigV4

/// The signer against botocore, byte for byte, on the vectors `scripts/gen_sigv4_vectors.py`
/// generated: KMS JSON 1.1 calls, endpoints and ports, bodies up to 1 MiB, queries, paths,
/// header canonicalization, signing times, and presigned URLs.
@Suite("botocore vectors")
struct BotocoreVectorTests {
    @Test("there are at least 50 vectors, of both modes")
    func vectorCount() {
        let header = BotocoreVectors.names(mode: "header").count
        let query = BotocoreVectors.names(mode: "query").count
        #expect(header + query >= 50, "found \(header) header and \(query) query vectors in \(BotocoreVectors.url.path)")
        #expect(query >= 5)
        #expect(BotocoreVectors.all.count == header + query)
    }

    @Test("header signing matches botocore's SigV4Auth", arguments: BotocoreVectors.names(mode: "header"))
    func headerSigning(name: String) throws {
        let vector = try #require(BotocoreVectors.all[name])
        let result = vector.signer.sign(try vector.signerRequest, credentials: vector.signerCredentials, date: vector.date)

        #expect(result.canonicalRequest == vector.expected.canonicalRequest)
        #expect(result.stringToSign == vector.expected.stringToSign)
        #expect(result.signature == vector.expected.signature)

        // The headers botocore added (X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-SHA256,
        // Authorization), names compared case-insensitively, values exactly.
        let expected = try #require(vector.expected.headers).map { "\($0[0].lowercased()): \($0[1])" }.sorted()
        let added = result.headers.map { "\($0.name.lowercased()): \($0.value)" }.sorted()
        #expect(added == expected)
    }

    @Test("query signing matches botocore's SigV4QueryAuth", arguments: BotocoreVectors.names(mode: "query"))
    func querySigning(name: String) throws {
        let vector = try #require(BotocoreVectors.all[name])
        let expires = try #require(vector.expires)
        let result = try vector.signer.presign(
            try vector.signerRequest, credentials: vector.signerCredentials, date: vector.date, expires: expires
        )

        #expect(result.canonicalRequest == vector.expected.canonicalRequest)
        #expect(result.stringToSign == vector.expected.stringToSign)
        #expect(result.signature == vector.expected.signature)
        #expect(result.query == vector.expected.query)
    }
}
