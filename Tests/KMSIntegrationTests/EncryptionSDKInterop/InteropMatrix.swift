import AWSEncryptionSDK

/// The cases both directions of the interop tests go through: every suite the Python SDK
/// writes, frame lengths it accepts (multiples of 128, and 0 for non-framed), plaintext lengths
/// around the frame boundaries, an empty and a non-ASCII encryption context.
enum InteropMatrix {
    /// Suites both SDKs encrypt with (the non-KDF ones are decrypt-only).
    static let suites: [UInt16] = [0x0578, 0x0478, 0x0378, 0x0346, 0x0214, 0x0178, 0x0146, 0x0114]
    static let signedSuites: Set<UInt16> = [0x0578, 0x0378, 0x0346, 0x0214]
    static let committingSuites: Set<UInt16> = [0x0578, 0x0478]
    static let frameLengths = [128, 256, 4096]
    static let contexts: [[String: String]] = [[:], ["tenant": "ünïcødé ✓", "日本": "値", "empty": ""]]
    static let publicKeyField = "aws-crypto-public-key"

    /// 0, 1, one short of a frame, a frame, one past it, and several frames and a bit.
    static func plaintextLengths(frameLength: Int) -> [Int] {
        frameLength == 0 ? [0, 1, 4096, 5000] : [0, 1, frameLength - 1, frameLength, frameLength + 1, 3 * frameLength + 7]
    }

    /// Deterministic, length-dependent bytes, so a mix-up between two cases shows.
    static func plaintext(count: Int, seed: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed &* 7 &+ count) }
    }

    /// Every case for one suite, over the given frame lengths.
    static func cases(suite: UInt16, frameLengths: [Int] = frameLengths) -> [PythonSDKPeer.EncryptCase] {
        var cases: [PythonSDKPeer.EncryptCase] = []
        for frameLength in frameLengths {
            for (index, length) in plaintextLengths(frameLength: frameLength).enumerated() {
                cases.append(
                    .init(
                        suite: suite, frameLength: frameLength,
                        plaintext: plaintext(count: length, seed: Int(suite) &+ frameLength),
                        context: contexts[index % contexts.count]))
            }
        }
        return cases
    }

    /// The policy under which a suite may be both written and read: the default for committing
    /// suites, and the one that allows the others.
    static func policy(for suite: UInt16) -> CommitmentPolicy {
        committingSuites.contains(suite) ? .requireEncryptRequireDecrypt : .forbidEncryptAllowDecrypt
    }

    /// The same policy as the Python peer spells it.
    static func peerPolicy(for suite: UInt16) -> String {
        committingSuites.contains(suite) ? "requireEncryptRequireDecrypt" : "forbidEncryptAllowDecrypt"
    }

    /// The context a reader reports, without the signing key the writer adds for signed suites.
    static func callerContext(_ context: [String: String]) -> [String: String] {
        context.filter { $0.key != publicKeyField }
    }
}
