import Testing
import Foundation
import AWSEncryptionSDK
import AWSSigV4
import CurlHTTP
import KMS

/// The allocation regression guard of issue 15: three hot paths, their allocation calls per
/// call counted exactly (``AllocationCount``) and held to ``AllocationThresholds``. Counts do
/// not depend on the machine's load, so unlike a timing bar this cannot flake; a change that
/// adds an allocation to any of them fails here with the numbers.
@Suite("Allocations per call stay within AllocationThresholds", .enabled(
    if: AllocationCount.available, "allocations are counted only with glibc's malloc, not under a sanitizer's"))
struct AllocationGuardTests {
    @Test("KMSClient.generateDataKey over a replay transport")
    func generateDataKey() async throws {
        let client = KMSClient(config: try Canned.config(), transport: Canned.transport, logger: nil)
        let measured = try await AllocationCount.measure {
            let key = try await client.generateDataKey(id: Canned.keyID, size: 32)
            guard key.id == Canned.keyARN else { throw WrongAnswer(operation: "generateDataKey") }
        }
        check(measured, against: AllocationThresholds.generateDataKeyOverReplay, "generateDataKeyOverReplay")
    }

    @Test("SigV4 signHeaders of a KMS request, signing key cached")
    func signKMSRequest() async throws {
        let signer = SigV4Signer(region: "us-east-1", service: "kms")
        let request = SigV4Request(
            method: "POST", path: "/",
            headers: [
                (name: "Content-Type", value: "application/x-amz-json-1.1"),
                (name: "Host", value: "127.0.0.1:8080"),
                (name: "X-Amz-Target", value: "TrentService.GenerateDataKey"),
            ],
            payload: .bytes(Array(#"{"KeyId":"alias/bench","NumberOfBytes":32}"#.utf8)))
        let credentials = Canned.credentials
        let date = Date(timeIntervalSince1970: 1_764_000_000)
        let measured = try await AllocationCount.measure {
            let headers = signer.signHeaders(request, credentials: credentials, date: date)
            guard headers.authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20251124/") else {
                throw WrongAnswer(operation: "signHeaders")
            }
        }
        check(measured, against: AllocationThresholds.signKMSRequest, "signKMSRequest")
    }

    @Test("EncryptionSDKClient.encrypt of 1 KiB with a raw AES keyring, suite 0x0478")
    func envelopeEncrypt() async throws {
        let client = EncryptionSDKClient()
        let keyring = try RawAESKeyring(keyNamespace: "guard", keyName: "guard-key", wrappingKey: [UInt8](repeating: 7, count: 32))
        let plaintext = (0..<1024).map { UInt8(truncatingIfNeeded: $0) }
        let measured = try await AllocationCount.measure {
            let message = try await client.encrypt(
                plaintext: plaintext, keyring: keyring, algorithmSuite: .aes256GcmHkdfSha512CommitKey, frameLength: 4096)
            guard message.count > 1024 else { throw WrongAnswer(operation: "encrypt") }
        }
        check(measured, against: AllocationThresholds.envelopeEncrypt1KiB, "envelopeEncrypt1KiB")
    }

    /// Fails when `measured` is over `threshold`, saying by how much and where to change it;
    /// prints the lower number when it is under, to be written into the file.
    private func check(_ measured: AllocationCount, against threshold: Int, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let file = "Tests/KMSAllocationTests/AllocationThresholds.swift"
        if measured.median > threshold {
            Issue.record(
                """
                \(name): \(measured), threshold \(threshold): \(measured.median - threshold) more than allowed. \
                If the new allocations are intended, set \(name) = \(measured.median) in \(file)
                """,
                sourceLocation: sourceLocation)
        } else if measured.median < threshold {
            print("allocation guard: \(name): \(measured), under its threshold \(threshold): set \(name) = \(measured.median) in \(file)")
        }
    }
}

/// A measured operation gave a wrong result: its count would mean nothing. (Checked without
/// `#expect` inside the counted calls, which would count the expectation's own work.)
private struct WrongAnswer: Error {
    let operation: String
}

/// The GenerateDataKey exchange the guard's client path runs: fake credentials and the canned
/// reply of the bench's loopback KMS (scripts/bench/nginx.conf).
private enum Canned {
    static let keyID = "alias/bench"
    static let keyARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    static let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    static func config() throws -> AWSConfig {
        try AWSConfig(
            region: "us-east-1", accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey,
            endpoint: "http://127.0.0.1:8080")
    }

    static let transport = Transport(response: HTTPResponse(
        status: 200,
        headers: HTTPHeaders([
            (name: "Content-Type", value: "application/x-amz-json-1.1"),
            (name: "x-amzn-RequestId", value: "6a60742a-b2f3-de5d-c89d-960147a5c9ea"),
        ]),
        body: Array(
            #"{"CiphertextBlob":"AQIDAAswVXqfxOkOM1h9osfsETZbgKXK7xQ5XoOozfIXPGGGq9D1Gj9kia7T+B1CZ4yx1vsgRWqPtNn+I0htkrfcASZLcJW63wQpTnOYveIHLFF2m8DlCi9UeZ7D6A0yV3yhxusQNVp/pMnuEzhdgqfM8RY7YIWqz/QZPmOIrdL3HEFmi7DV+h9EaY6z2P0iR2yRttsAJUpvlLneAyhNcpe84QYrUHWav+Q=","KeyId":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab","Plaintext":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}"#
                .utf8)))

    /// Answers every request with the same response, at once: the client's own work and nothing else.
    struct Transport: HTTPTransport {
        let response: HTTPResponse
        func execute(_ request: HTTPRequest) async throws -> HTTPResponse { response }
    }
}
