import Foundation
import Testing

@testable import AWSEncryptionSDK

/// The fixture folder next to this test target's sources.
let esdkFixturesDirectory: String = {
    var url = URL(fileURLWithPath: #filePath)
    url.deleteLastPathComponent()  // Support
    url.deleteLastPathComponent()  // AWSEncryptionSDKTests
    return url.appendingPathComponent("Fixtures").path
}()

/// One known-answer message made by the official Python SDK (see Fixtures/README.md).
struct KnownAnswer: Decodable, Sendable, CustomTestStringConvertible {
    struct KeyringSpec: Decodable, Sendable {
        var type: String
        var namespace: String
        var name: String
        var keyHex: String
    }

    var suite: UInt16
    var frameLength: Int
    var commitmentPolicy: String
    var context: [String: String]
    var keyring: KeyringSpec
    var plaintextHex: String
    var messageHex: String

    var message: [UInt8] { bytes(hex: messageHex) }
    var plaintext: [UInt8] { bytes(hex: plaintextHex) }
    var algorithmSuite: AlgorithmSuite { AlgorithmSuite(rawValue: suite)! }
    var policy: CommitmentPolicy {
        switch commitmentPolicy {
        case "forbidEncryptAllowDecrypt": .forbidEncryptAllowDecrypt
        case "requireEncryptAllowDecrypt": .requireEncryptAllowDecrypt
        default: .requireEncryptRequireDecrypt
        }
    }

    func rawKeyring() throws -> RawAESKeyring {
        try RawAESKeyring(keyNamespace: keyring.namespace, keyName: keyring.name, wrappingKey: bytes(hex: keyring.keyHex))
    }

    var testDescription: String {
        "\(algorithmSuite) frame \(frameLength) plaintext \(plaintextHex.count / 2) context \(context.count)"
    }

    /// Every fixture file's entries.
    static let all: [KnownAnswer] = {
        let directory = esdkFixturesDirectory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().flatMap { name -> [KnownAnswer] in
            guard let data = FileManager.default.contents(atPath: "\(directory)/\(name)"),
                  let entries = try? JSONDecoder().decode([KnownAnswer].self, from: data)
            else { return [] }
            return entries
        }
    }()
}

/// Bytes from lowercase or uppercase hex; traps on bad input (fixtures only).
func bytes(hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var iterator = hex.utf8.makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
        result.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
    }
    return result
}

/// A fixed test wrapping key (not a secret of anything real).
let testWrappingKey: [UInt8] = Array(0..<32)

func testKeyring(name: String = "test-key", key: [UInt8] = testWrappingKey) throws -> RawAESKeyring {
    try RawAESKeyring(keyNamespace: "swift-kms-tests", keyName: name, wrappingKey: key)
}

/// The suites a client may encrypt with, and the policy that allows each.
let encryptableSuites: [(AlgorithmSuite, CommitmentPolicy)] = AlgorithmSuite.allCases.compactMap { suite in
    guard suite.properties.kdf != nil else { return nil }
    return (suite, suite.isCommitting ? .requireEncryptRequireDecrypt : .forbidEncryptAllowDecrypt)
}

/// Deterministic plaintext of `count` bytes.
func samplePlaintext(_ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
}

/// Runs `body` and returns the `EncryptionSDKError` it threw, recording an issue when it
/// threw something else or nothing.
func sdkError<T>(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
) async -> EncryptionSDKError? {
    do {
        _ = try await body()
        Issue.record("expected an EncryptionSDKError, got a result", sourceLocation: sourceLocation)
    } catch let error as EncryptionSDKError {
        return error
    } catch {
        Issue.record("expected an EncryptionSDKError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// The context without the library's own `aws-crypto-` keys.
func callerContext(_ context: [String: String]) -> [String: String] {
    context.filter { !$0.key.hasPrefix("aws-crypto-") }
}
