import Foundation
import KMS
import Synchronization
import CurlHTTP

/// An in-memory KMS behind ``HTTPTransport`` for tests of code built on `KMSClient`
/// (keyrings, materials managers): GenerateDataKey, Encrypt and Decrypt over opaque random
/// blobs, binding each to its key and encryption context as KMS does (another context, key or
/// blob → `InvalidCiphertextException` / `IncorrectKeyException`). Blobs are not encrypted: a
/// test double, not a KMS.
///
/// Records every call, so tests can say exactly how many calls KMS would have seen; can be
/// told to fail Decrypt for a key, to fail the next calls with any error, and to answer after
/// a delay (to hold many calls in flight at once).
public final class FakeKMS: HTTPTransport {
    /// One request it answered (or refused).
    public struct Call: Sendable {
        /// `GenerateDataKey`, `Encrypt`, `Decrypt`, …
        public var operation: String
        /// The request's JSON body.
        public var body: Fixture.JSON
    }

    private struct Entry {
        var keyArn: String
        var plaintext: [UInt8]
        var context: [String: String]
    }

    private struct State {
        var blobs: [[UInt8]: Entry] = [:]
        var calls: [Call] = []
        var failingDecryptKeys: Set<String> = []
        var wrongLengthKeys: Set<String> = []
        var injected: [(status: Int, code: String)] = []
    }

    /// The keys it holds (ARNs).
    public let keyArns: [String]
    /// The length of the blobs it makes.
    public let blobLength: Int
    private let delay: Duration
    private let state = Mutex(State())

    /// A KMS holding `keys` (ARNs); blobs are `blobLength` random bytes (moto's are 96); each
    /// answer comes after `delay`.
    public init(keys: [String], blobLength: Int = 96, delay: Duration = .zero) {
        self.keyArns = keys
        self.blobLength = blobLength
        self.delay = delay
    }

    /// The region of its ARNs.
    public static let region = "us-east-1"
    /// A key ARN in that region.
    public static func arn(_ id: String, account: String = "111122223333", partition: String = "aws") -> String {
        "arn:\(partition):kms:\(region):\(account):key/\(id)"
    }

    /// A client that talks to this fake (the endpoint is never contacted), without retries.
    public func client() throws -> KMSClient {
        var config = try AWSConfig(
            region: Self.region, accessKeyId: "AKIAFAKEESDKTESTS001", secretAccessKey: "fake/Secret+Key/For-ESDK-Tests-Only-00000",
            sessionToken: nil, endpoint: "http://127.0.0.1:4566")
        config.retry = RetryConfiguration(maxAttempts: 1)
        return KMSClient(config: config, transport: self)
    }

    /// Every call so far, in order.
    public var calls: [Call] { state.withLock { $0.calls } }
    /// The calls of one operation.
    public func calls(_ operation: String) -> [Call] { calls.filter { $0.operation == operation } }
    /// How many calls of `operation` it saw, failed ones included.
    public func count(_ operation: String) -> Int { state.withLock { $0.calls.count { $0.operation == operation } } }

    /// Decrypt naming `keyArn` fails with DisabledException from now on.
    public func failDecrypt(for keyArn: String) { state.withLock { _ = $0.failingDecryptKeys.insert(keyArn) } }
    /// Decrypt naming `keyArn` returns a 1-byte plaintext from now on.
    public func returnWrongLength(for keyArn: String) { state.withLock { _ = $0.wrongLengthKeys.insert(keyArn) } }
    /// The next `times` calls, of any operation, fail with this status and error code.
    public func failNext(_ times: Int = 1, status: Int = 400, code: String = "AccessDeniedException") {
        state.withLock { $0.injected += Array(repeating: (status, code), count: times) }
    }

    private func resolve(_ keyId: String?) -> String? {
        guard let keyId else { return nil }
        return keyArns.first { $0 == keyId || $0.hasSuffix("key/\(keyId)") }
    }

    /// Answers one KMS JSON 1.1 request from memory.
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let target = request.headers[first: "X-Amz-Target"] ?? ""
        let operation = String(target.split(separator: ".").last ?? "")
        guard let body = Fixture.JSON(parsing: request.body) else { return Self.error(400, "SerializationException", "not JSON") }
        let injected = state.withLock { state -> (status: Int, code: String)? in
            state.calls.append(Call(operation: operation, body: body))
            return state.injected.isEmpty ? nil : state.injected.removeFirst()
        }
        if delay > .zero { try await Task.sleep(for: delay) }
        if let injected { return Self.error(injected.status, injected.code, "injected failure") }
        let context = (body["EncryptionContext"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        switch operation {
        case "GenerateDataKey":
            guard let arn = resolve(body["KeyId"]?.stringValue) else { return Self.error(400, "NotFoundException", "no such key") }
            let count = body["NumberOfBytes"]?.intValue ?? 32
            let plaintext = (0..<count).map { _ in UInt8.random(in: 0...255) }
            let blob = store(Entry(keyArn: arn, plaintext: plaintext, context: context))
            return Self.json(["CiphertextBlob": Base64.encodeToString(blob), "Plaintext": Base64.encodeToString(plaintext), "KeyId": arn])
        case "Encrypt":
            guard let arn = resolve(body["KeyId"]?.stringValue) else { return Self.error(400, "NotFoundException", "no such key") }
            guard let plaintext = body["Plaintext"]?.stringValue.flatMap(Base64.decode) else { return Self.error(400, "ValidationException", "Plaintext") }
            let blob = store(Entry(keyArn: arn, plaintext: plaintext, context: context))
            return Self.json(["CiphertextBlob": Base64.encodeToString(blob), "KeyId": arn])
        case "Decrypt":
            guard let blob = body["CiphertextBlob"]?.stringValue.flatMap(Base64.decode),
                  let entry = state.withLock({ $0.blobs[blob] })
            else { return Self.error(400, "InvalidCiphertextException", "unknown ciphertext") }
            if let keyId = body["KeyId"]?.stringValue, resolve(keyId) != entry.keyArn {
                return Self.error(400, "IncorrectKeyException", "another key encrypted it")
            }
            guard entry.context == context else { return Self.error(400, "InvalidCiphertextException", "context mismatch") }
            let (failing, wrongLength) = state.withLock { ($0.failingDecryptKeys.contains(entry.keyArn), $0.wrongLengthKeys.contains(entry.keyArn)) }
            if failing { return Self.error(400, "DisabledException", "key is disabled") }
            let plaintext = wrongLength ? [1] : entry.plaintext
            return Self.json(["KeyId": entry.keyArn, "Plaintext": Base64.encodeToString(plaintext), "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"])
        default:
            return Self.error(400, "UnsupportedOperationException", operation)
        }
    }

    private func store(_ entry: Entry) -> [UInt8] {
        let blob = (0..<blobLength).map { _ in UInt8.random(in: 0...255) }
        state.withLock { $0.blobs[blob] = entry }
        return blob
    }

    private static func json(_ object: [String: String]) -> HTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])) ?? Data()
        return HTTPResponse(status: 200, headers: ["Content-Type": "application/x-amz-json-1.1"], body: Array(data))
    }

    private static func error(_ status: Int, _ type: String, _ message: String) -> HTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: ["__type": type, "message": message])) ?? Data()
        return HTTPResponse(status: status, headers: ["Content-Type": "application/x-amz-json-1.1"], body: Array(data))
    }
}
