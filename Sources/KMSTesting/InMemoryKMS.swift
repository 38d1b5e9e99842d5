#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Locking
import KMS
import CurlHTTP

/// An AWS KMS in memory, for unit tests of code that calls KMS: give it to a `KMSClient`
/// as its transport and every call is answered here, over the real wire protocol (JSON 1.1
/// requests in, KMS's answers and error shapes out), without a server or a network.
///
/// ```swift
/// let kms = InMemoryKMS()
/// let keyArn = kms.createKey()
/// let client = try kms.client()
/// let dataKey = try await client.generateDataKey(id: keyArn, size: 32)
/// let again = try await client.decrypt(ciphertextBlob: dataKey.ciphertextBlob)
/// ```
///
/// The cryptography is real: each key has its own random 256-bit material, and a ciphertext blob
/// is AES-256-GCM under it with the key's ARN and the encryption context authenticated. So a
/// blob decrypts only under its key (another key given → `IncorrectKeyException`) and with its
/// exact context (another context, or a changed byte → `InvalidCiphertextException`), and a
/// disabled key refuses to work (`DisabledException`) as KMS does. Blobs are this type's own
/// format, valid only in the instance that made them.
///
/// Operations: CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, CreateAlias,
/// ListAliases, GenerateDataKey, GenerateDataKeyWithoutPlaintext, Encrypt, Decrypt, ReEncrypt,
/// GenerateRandom (symmetric keys only); others answer `UnsupportedOperationException`.
/// Key ids, key ARNs, alias names and alias ARNs are all accepted where KMS takes a `KeyId`.
///
/// For tests of failure handling: ``failNext(_:with:operation:)`` serves throttling, service
/// errors or transport failures, ``latency`` holds every answer back (to keep calls in flight),
/// and ``calls`` records every request, so a test can say exactly what KMS would have seen.
public final class InMemoryKMS: HTTPTransport {
    /// The region of the ARNs of the keys it creates.
    public let region: String
    /// The account of the ARNs of the keys it creates.
    public let account: String
    /// How long each answer waits.
    public let latency: Duration

    let state = LockedValue(State())

    /// A KMS without keys; ``createKey(description:)`` makes some.
    public init(region: String = "us-east-1", account: String = "111122223333", latency: Duration = .zero) {
        self.region = region
        self.account = account
        self.latency = latency
    }

    /// A KMS holding a key for each ARN (of any region or account), enabled.
    public convenience init(keys keyArns: [String], latency: Duration = .zero) {
        self.init(latency: latency)
        for arn in keyArns { addKey(arn: arn) }
    }

    /// A key ARN in the default region and account (`arn:aws:kms:us-east-1:111122223333:key/<id>`),
    /// for tests that name their keys.
    public static func arn(_ id: String, region: String = "us-east-1", account: String = "111122223333", partition: String = "aws") -> String {
        "arn:\(partition):kms:\(region):\(account):key/\(id)"
    }

    // MARK: Keys

    /// Creates an enabled symmetric key and returns its ARN.
    @discardableResult
    public func createKey(description: String = "") -> String {
        state.withLock { $0.createKey(region: region, account: account, description: description).arn }
    }

    /// Adds an enabled key with this ARN (`arn:…:key/<id>`), unless it holds it already.
    public func addKey(arn: String) {
        state.withLock { state in
            guard state.keyIndex(arn: arn) == nil else { return }
            state.keys.append(Key(arn: arn, description: "", material: CiphertextBlob.randomBytes(32)))
        }
    }

    /// The ARNs of its keys, oldest first.
    public var keyArns: [String] { state.withLock { $0.keys.map(\.arn) } }

    /// Disables the key (any identifier KMS accepts): its data keys, encryptions and decryptions
    /// then fail with `DisabledException` until ``enableKey(_:)``.
    public func disableKey(_ keyId: String) throws(KMSError) { try setEnabled(false, keyId) }

    /// Enables the key again.
    public func enableKey(_ keyId: String) throws(KMSError) { try setEnabled(true, keyId) }

    /// Points `alias` (`alias/…`) at the key, as CreateAlias does.
    public func createAlias(_ alias: String, keyId: String) throws(KMSError) {
        let failure: Failure? = state.withLock { $0.createAlias(alias, target: keyId, region: region, account: account) }
        if let failure { throw KMSError(code: KMSError.Code(wireCode: failure.code), rawCode: failure.code, message: failure.message, status: 400, operation: "CreateAlias") }
    }

    /// From now on, Decrypt of blobs under this key answers a 1-byte plaintext: a KMS (or a
    /// stand-in) that misbehaves, for tests of the checks on what it returns.
    public func answerShortPlaintext(for keyId: String) throws(KMSError) {
        let failure: Failure? = state.withLock { state in
            guard let index = state.resolve(keyId) else { return .notFound(keyId) }
            state.shortPlaintextKeys.insert(state.keys[index].arn)
            return nil
        }
        if let failure { throw KMSError(code: .notFound, rawCode: failure.code, message: failure.message, status: 400, operation: "answerShortPlaintext") }
    }

    private func setEnabled(_ enabled: Bool, _ keyId: String) throws(KMSError) {
        let failure: Failure? = state.withLock { state in
            guard let index = state.resolve(keyId) else { return .notFound(keyId) }
            state.keys[index].enabled = enabled
            return nil
        }
        if let failure { throw KMSError(code: .notFound, rawCode: failure.code, message: failure.message, status: 400, operation: enabled ? "EnableKey" : "DisableKey") }
    }

    // MARK: Faults and calls

    /// The next `times` requests (of `operation` only, when given) get `fault` instead of an
    /// answer; faults queue up in the order given.
    public func failNext(_ times: Int = 1, with fault: Fault = .throttling, operation: String? = nil) {
        state.withLock { $0.faults += Array(repeating: PendingFault(fault: fault, operation: operation), count: max(0, times)) }
    }

    /// Every request so far, in order, failed ones included.
    public var calls: [Call] { state.withLock { $0.calls } }

    /// The requests of one operation (`GenerateDataKey`, …).
    public func calls(_ operation: String) -> [Call] { calls.filter { $0.operation == operation } }

    /// How many requests of `operation` it received.
    public func count(_ operation: String) -> Int { state.withLock { $0.calls.count { $0.operation == operation } } }

    // MARK: Clients

    /// A configuration for a client of this KMS: its region, obviously fake credentials, an
    /// endpoint on loopback that is never contacted, and no retries (a fault fails the call at
    /// once; set `retry` to test retrying).
    public func config() throws -> AWSConfig {
        var config = try AWSConfig(
            region: region, accessKeyId: "AKIAINMEMORYKMS00001", secretAccessKey: "in-memory-kms/fake-secret-key/not-a-real-one",
            sessionToken: nil, endpoint: "http://127.0.0.1:4566")
        config.retry = RetryConfiguration(maxAttempts: 1)
        return config
    }

    /// A client of this KMS, built from ``config()``.
    public func client() throws -> KMSClient {
        KMSClient(config: try config(), transport: self)
    }

    // MARK: HTTPTransport

    /// Answers one KMS request (`POST /`, `X-Amz-Target: TrentService.<Operation>`, a JSON body)
    /// from memory, after ``latency``, or serves the next queued fault.
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let target = request.headers[first: "X-Amz-Target"] ?? ""
        let operation = target.hasPrefix("TrentService.") ? String(target.dropFirst("TrentService.".count)) : target
        let fields = RequestFields(parsing: request.body)
        let fault = state.withLock { state -> Fault? in
            state.calls.append(fields?.call(operation: operation, body: request.body) ?? Call(
                operation: operation, keyId: nil, encryptionContext: [:], numberOfBytes: nil, grantTokens: [],
                body: String(decoding: request.body, as: UTF8.self)))
            guard let index = state.faults.firstIndex(where: { $0.operation == nil || $0.operation == operation }) else { return nil }
            return state.faults.remove(at: index).fault
        }
        if latency > .zero { try await Task.sleep(for: latency) }
        if let fault {
            switch fault.kind {
            case .transport(let error): throw error
            case .error(let status, let code, let message): return WireAnswer.error(Failure(status: status, code: code, message: message))
            }
        }
        guard request.headers[first: "Authorization"] != nil else {
            return WireAnswer.error(Failure(status: 400, code: "MissingAuthenticationTokenException", message: "Request is missing Authentication Token"))
        }
        guard target.hasPrefix("TrentService.") else {
            return WireAnswer.error(Failure(status: 400, code: "UnknownOperationException", message: "no TrentService target"))
        }
        guard let fields else { return WireAnswer.error(Failure(status: 400, code: "SerializationException", message: "the body is not a JSON object")) }
        let region = self.region, account = self.account
        return state.withLock { state in
            switch state.answer(operation, fields, region: region, account: account) {
            case .success where fields.bool("DryRun") == true:
                WireAnswer.error(Failure(status: 412, code: "DryRunOperationException", message: "The request would have succeeded, but the DryRun option is set."))
            case .success(let object): WireAnswer.json(object)
            case .failure(let failure): WireAnswer.error(failure)
            }
        }
    }
}

extension InMemoryKMS {
    /// One key: its ARN, material and whether it is enabled.
    struct Key {
        var arn: String
        var description: String
        var material: [UInt8]
        var enabled = true
        var creationDate = Date()

        /// The part after `key/`.
        var keyId: String { arn.range(of: ":key/").map { String(arn[$0.upperBound...]) } ?? arn }
    }

    /// A fault waiting for its request.
    struct PendingFault {
        var fault: Fault
        var operation: String?
    }

    /// A KMS error answer.
    struct Failure: Error {
        var status = 400
        var code: String
        var message: String

        static func notFound(_ keyId: String) -> Failure { Failure(code: "NotFoundException", message: "Key '\(keyId)' does not exist") }
        static func validation(_ message: String) -> Failure { Failure(code: "ValidationException", message: message) }
    }
}
