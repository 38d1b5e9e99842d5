import Foundation

@testable import AWSSigV4

/// Fake credentials and a KMS request shaped like the ones the KMS client sends.
enum TestFixtures {
    /// The AWS documentation's example key pair: fake.
    static let credentials = AWSCredentials(
        accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    )
    /// Temporary credentials with a made-up token.
    static let temporaryCredentials = AWSCredentials(
        accessKeyId: "ASIAIOSFODNN7EXAMPLE", secretAccessKey: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        sessionToken: "FAKEsessionTOKEN/for+tests=="
    )
    /// 2025-11-25T09:30:00Z.
    static let date = Date(timeIntervalSince1970: 1_764_063_000)

    static func kmsRequest(
        _ operation: String = "GenerateDataKey",
        body: String = #"{"KeyId":"alias/test","NumberOfBytes":32}"#,
        extraHeaders: [(name: String, value: String)] = []
    ) -> SigV4Request {
        SigV4Request(
            method: "POST", path: "/",
            headers: [
                ("Host", "kms.eu-west-1.amazonaws.com"),
                ("Content-Type", "application/x-amz-json-1.1"),
                ("X-Amz-Target", "TrentService.\(operation)"),
                ("User-Agent", "swift-kms/0.2.0"),
            ] + extraHeaders,
            payload: .bytes(Array(body.utf8))
        )
    }

    static func value(_ name: String, in headers: [(name: String, value: String)]) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
