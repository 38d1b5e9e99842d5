import AWSEncryptionSDK
import ArgumentParser

import Foundation  // FileHandle: stdin and stdout as files

/// The argument forms of `kms encryption-sdk`, read as `aws-encryption-cli` reads them: each
/// value of `-w` and `-c` one `name=value` pair (split at the first `=`), policies and suites
/// by its names, `-` for stdin and stdout.
enum EncryptionSDKArguments {
    /// `name=value` pairs in order, duplicates kept.
    static func pairList(_ values: [String], flag: String) throws -> [(key: String, value: String)] {
        try values.map { value in
            guard let equals = value.firstIndex(of: "="), equals != value.startIndex else {
                throw ValidationError("\(flag) takes name=value pairs, got '\(value)'")
            }
            return (String(value[..<equals]), String(value[value.index(after: equals)...]))
        }
    }

    /// `name=value` pairs as a dictionary; a name given twice is an error.
    static func pairs(_ values: [String], flag: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in try pairList(values, flag: flag) {
            guard result.updateValue(pair.value, forKey: pair.key) == nil else {
                throw ValidationError("\(flag) gives '\(pair.key)' more than once")
            }
        }
        return result
    }

    static func policy(_ name: String) throws -> CommitmentPolicy {
        switch name {
        case "forbid-encrypt-allow-decrypt": return .forbidEncryptAllowDecrypt
        case "require-encrypt-allow-decrypt": return .requireEncryptAllowDecrypt
        case "require-encrypt-require-decrypt": return .requireEncryptRequireDecrypt
        default:
            throw ValidationError(
                "--commitment-policy must be forbid-encrypt-allow-decrypt, require-encrypt-allow-decrypt or require-encrypt-require-decrypt, got '\(name)'")
        }
    }

    /// aws-encryption-cli's suite names.
    static let suites: [String: UInt16] = [
        "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384": 0x0578,
        "AES_256_GCM_HKDF_SHA512_COMMIT_KEY": 0x0478,
        "AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384": 0x0378,
        "AES_192_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384": 0x0346,
        "AES_128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256": 0x0214,
        "AES_256_GCM_IV12_TAG16_HKDF_SHA256": 0x0178,
        "AES_192_GCM_IV12_TAG16_HKDF_SHA256": 0x0146,
        "AES_128_GCM_IV12_TAG16_HKDF_SHA256": 0x0114,
        "AES_256_GCM_IV12_TAG16": 0x0078,
        "AES_192_GCM_IV12_TAG16": 0x0046,
        "AES_128_GCM_IV12_TAG16": 0x0014,
    ]

    static func suite(named name: String) throws -> AlgorithmSuite {
        guard let id = suites[name], let suite = AlgorithmSuite(rawValue: id) else {
            throw ValidationError("--algorithm must be one of \(suites.keys.sorted().joined(separator: ", ")), got '\(name)'")
        }
        return suite
    }

    /// The region of a KMS key ARN (`arn:PARTITION:kms:REGION:ACCOUNT:key/ID`), if it is one.
    static func region(ofARN value: String) -> String? {
        let parts = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "kms", !parts[3].isEmpty else { return nil }
        return String(parts[3])
    }

    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read --input '\(path)'")
        }
        return Array(data)
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw ValidationError("cannot write --output '\(path)'")
        }
    }

    static func append(_ text: String, to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        if let handle = FileHandle(forWritingAtPath: path) {
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        } else if !FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) {
            throw ValidationError("cannot write --metadata-output '\(path)'")
        }
    }

    static func base64Decoded(_ bytes: [UInt8]) throws -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: text) else { throw ValidationError("--decode: the input is not base64") }
        return Array(data)
    }
}
