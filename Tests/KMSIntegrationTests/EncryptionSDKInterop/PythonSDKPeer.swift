import KMSTestSupport

import Foundation

/// The official AWS Encryption SDK for Python (`aws-encryption-sdk`, pinned in
/// `scripts/peers/pins.txt`) driven in batches through `scripts/esdk/esdk_peer.py`: one Python
/// process per batch of messages, since importing the SDK costs far more than a message.
struct PythonSDKPeer: Sendable {
    /// A keyring as the peer builds it.
    enum Keyring: Sendable {
        /// A raw AES-256 wrapping key.
        case rawAES(namespace: String, name: String, key: [UInt8])
        /// The strict KMS keyring over these key ARNs.
        case kms(keyIds: [String])

        var json: [String: Any] {
            switch self {
            case .rawAES(let namespace, let name, let key):
                return ["type": "raw-aes", "namespace": namespace, "name": name, "keyHex": Hex.encode(key)]
            case .kms(let keyIds):
                return ["type": "kms", "keyIds": keyIds]
            }
        }
    }

    /// One message for the peer to write.
    struct EncryptCase: Sendable {
        var suite: UInt16
        var frameLength: Int
        var plaintext: [UInt8]
        var context: [String: String]
    }

    /// What the peer made of one message it read.
    struct Decrypted: Sendable, Equatable {
        var plaintext: [UInt8]
        var context: [String: String]
        var suite: UInt16
    }

    /// A case the peer refused, with its own words.
    struct Refused: Error, CustomStringConvertible {
        var message: String
        var description: String { "the Python SDK refused: \(message)" }
    }

    let python: String
    let keyring: Keyring
    /// The environment of the peer's process beside PATH (the loopback KMS endpoint and its
    /// credentials for `.kms`).
    let environment: [String: String]

    static let script = InteropPeer.packageRoot.appendingPathComponent("scripts/esdk/esdk_peer.py").path

    /// Makes the peer's virtualenv ready (creating it when missing).
    init(keyring: Keyring, environment: [String: String] = [:]) async throws {
        python = try await InteropPeer.binDirectory("esdk") + "/python"
        self.keyring = keyring
        self.environment = environment
    }

    /// Messages the Python SDK writes, in the order of `cases`.
    func encrypt(_ cases: [EncryptCase], policy: String = "forbidEncryptAllowDecrypt") async throws -> [Result<[UInt8], Refused>] {
        let json = cases.map { item -> [String: Any] in
            [
                "suite": Int(item.suite), "frameLength": item.frameLength, "plaintextHex": Hex.encode(item.plaintext),
                "context": item.context, "keyring": keyring.json, "commitmentPolicy": policy,
            ]
        }
        return try await run("encrypt", json).map { result in
            guard let hex = result["messageHex"] as? String else { return .failure(Refused(message: "\(result["error"] ?? result)")) }
            return .success(Hex.decode(hex))
        }
    }

    /// What the Python SDK reads from each message, in order.
    func decrypt(_ messages: [[UInt8]], policy: String = "forbidEncryptAllowDecrypt") async throws -> [Result<Decrypted, Refused>] {
        let json = messages.map { ["messageHex": Hex.encode($0), "keyring": keyring.json, "commitmentPolicy": policy] as [String: Any] }
        return try await run("decrypt", json).map { result in
            guard let hex = result["plaintextHex"] as? String, let context = result["context"] as? [String: String],
                let suite = result["suite"] as? Int
            else { return .failure(Refused(message: "\(result["error"] ?? result)")) }
            return .success(Decrypted(plaintext: Hex.decode(hex), context: context, suite: UInt16(suite)))
        }
    }

    private func run(_ operation: String, _ cases: [[String: Any]]) async throws -> [[String: Any]] {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("cases.json", String(decoding: JSONSerialization.data(withJSONObject: cases), as: UTF8.self))
        // Only what is given (and PATH, HOME): nothing of this machine's AWS settings.
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path]
        env.merge(environment) { _, new in new }
        let run = try await ChildProcess(executable: python, arguments: [Self.script, operation, input], environment: env, timeout: 300).run()
        guard run.status == 0, let results = try JSONSerialization.jsonObject(with: run.stdout) as? [[String: Any]],
            results.count == cases.count
        else {
            throw Refused(message: "esdk_peer.py \(operation) exited \(run.status): \(String(decoding: run.stderr, as: UTF8.self))")
        }
        return results
    }
}

/// Lower-case hex, for the peer's JSON.
enum Hex {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        func value(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : (c | 0x20) - 87 }
        return stride(from: 0, to: utf8.count - 1, by: 2).map { value(utf8[$0]) << 4 | value(utf8[$0 + 1]) }
    }
}
