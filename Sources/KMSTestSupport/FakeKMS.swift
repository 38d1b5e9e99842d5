import Foundation
import KMS

/// A KMS stand-in behind ``HTTPTransport`` for tests of code built on `KMSClient`
/// (keyrings, the caching materials manager): it answers `GenerateDataKey`, `Encrypt` and
/// `Decrypt` from memory and counts each operation, so a test can say exactly how many calls
/// KMS would have seen.
///
/// Data keys are random; a blob names its key and is bound to the encryption context it was
/// made with (Decrypt with another context, or a blob it did not make, answers
/// `InvalidCiphertextException`). Blobs are not encrypted — a test double, not a KMS. Failures
/// can be injected (``failNext(_:status:code:)``) and each answer delayed, to hold many calls
/// in flight at once.
public final class FakeKMS: HTTPTransport, @unchecked Sendable {
    // @unchecked Sendable: every mutable field is read and written under `lock`.
    private let lock = NSLock()
    private var calls: [String: Int] = [:]
    private var keys: [Data: (key: [UInt8], keyArn: String, context: [String: String])] = [:]
    private var failures: [(status: Int, code: String)] = []
    private let delay: Duration

    /// The region and account of the ARNs key ids resolve to.
    public let region = "us-east-1"
    /// The account of those ARNs (the documentation's example account).
    public let account = "111122223333"

    /// A fake that answers after `delay` (none by default).
    public init(delay: Duration = .zero) {
        self.delay = delay
    }

    /// How many times `operation` (`GenerateDataKey`, `Decrypt`, `Encrypt`) was called,
    /// failures included.
    public func count(_ operation: String) -> Int { lock.withLock { calls[operation, default: 0] } }

    /// Makes the next call fail with this HTTP status and error code (e.g. 400
    /// `ThrottlingException`, 500 `KMSInternalException`).
    public func failNext(_ times: Int = 1, status: Int = 400, code: String = "AccessDeniedException") {
        lock.withLock { failures += Array(repeating: (status, code), count: times) }
    }

    /// The ARN a key id stands for here.
    public func arn(_ keyId: String) -> String {
        keyId.hasPrefix("arn:") ? keyId : "arn:aws:kms:\(region):\(account):key/\(keyId)"
    }

    /// Answers one KMS JSON 1.1 request from memory.
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let target = request.headers.first { $0.name.lowercased() == "x-amz-target" }?.value ?? ""
        let operation = target.hasPrefix("TrentService.") ? String(target.dropFirst("TrentService.".count)) : target
        let failure: (status: Int, code: String)? = lock.withLock {
            calls[operation, default: 0] += 1
            return failures.isEmpty ? nil : failures.removeFirst()
        }
        if delay > .zero { try await Task.sleep(for: delay) }
        if let failure { return Self.error(failure.status, failure.code, "injected failure") }
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        let context = body["EncryptionContext"] as? [String: String] ?? [:]
        switch operation {
        case "GenerateDataKey", "Encrypt":
            guard let keyId = body["KeyId"] as? String else { return Self.error(400, "ValidationException", "KeyId is required") }
            let key: [UInt8]
            if operation == "Encrypt" {
                guard let text = body["Plaintext"] as? String, let plaintext = Data(base64Encoded: text) else {
                    return Self.error(400, "ValidationException", "Plaintext is required")
                }
                key = Array(plaintext)
            } else {
                let count = body["NumberOfBytes"] as? Int ?? ((body["KeySpec"] as? String) == "AES_128" ? 16 : 32)
                key = (0..<count).map { _ in UInt8.random(in: 0...255) }
            }
            let blob = Data((0..<48).map { _ in UInt8.random(in: 0...255) })
            let keyArn = arn(keyId)
            lock.withLock { keys[blob] = (key, keyArn, context) }
            var answer: [String: Any] = ["CiphertextBlob": blob.base64EncodedString(), "KeyId": keyArn]
            if operation == "GenerateDataKey" { answer["Plaintext"] = Data(key).base64EncodedString() }
            return Self.json(answer)
        case "Decrypt":
            guard let text = body["CiphertextBlob"] as? String, let blob = Data(base64Encoded: text),
                let entry = lock.withLock({ keys[blob] }), entry.context == context
            else { return Self.error(400, "InvalidCiphertextException", "") }
            if let keyId = body["KeyId"] as? String, arn(keyId) != entry.keyArn {
                return Self.error(400, "IncorrectKeyException", "the ciphertext was encrypted under another key")
            }
            return Self.json(["Plaintext": Data(entry.key).base64EncodedString(), "KeyId": entry.keyArn, "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"])
        default:
            return Self.error(400, "UnknownOperationException", operation)
        }
    }

    private static func json(_ object: [String: Any]) -> HTTPResponse {
        let body = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return HTTPResponse(status: 200, headers: ["Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": UUID().uuidString], body: Array(body))
    }

    private static func error(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        let body = (try? JSONSerialization.data(withJSONObject: ["__type": code, "message": message])) ?? Data()
        return HTTPResponse(status: status, headers: ["Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": UUID().uuidString], body: Array(body))
    }
}
