import AWSEncryptionSDK
import ArgumentParser
import KMS
import KMSCLI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `kms encryption-sdk`: encrypts and decrypts files in the AWS Encryption SDK message format
/// with KMS keys, taking the official `aws-encryption-cli`'s flags where they fit, so that
/// `aws-encryption-cli -e -i in -o out -w key=ARN -c k=v -S` becomes
/// `kms encryption-sdk -e -i in -o out -w key=ARN -c k=v -S`, and each reads what the other
/// writes.
///
/// The whole input is read into memory (messages are processed in one piece); on decrypt no
/// byte is written before the message, signature included, has been verified.
struct EncryptionSDKCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encryption-sdk",
        abstract: "Encrypt or decrypt a file in the AWS Encryption SDK message format with KMS keys.",
        discussion: """
            Flags as aws-encryption-cli's: -e/--encrypt or -d/--decrypt, -i/--input and \
            -o/--output (a path, or - for stdin/stdout), -w/--wrapping-keys key=ARN (the first \
            key generates the data key, the others wrap it too; on decrypt, the keys allowed to \
            unwrap it), -c/--encryption-context key=value (on decrypt: pairs the message must \
            carry), --commitment-policy, --algorithm, --frame-length, \
            --max-encrypted-data-keys, --encode/--decode (base64), -S/--suppress-metadata or \
            --metadata-output FILE. Region, endpoint and profile as for every kms command.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: [.customShort("e"), .customLong("encrypt")], help: "Encrypt the input.")
    var encrypt = false

    @Flag(name: [.customShort("d"), .customLong("decrypt")], help: "Decrypt the input.")
    var decrypt = false

    @Option(name: [.customShort("i"), .customLong("input")], help: "The input file, or - for stdin.")
    var input: String

    @Option(name: [.customShort("o"), .customLong("output")], help: "The output file, or - for stdout.")
    var output: String

    @Option(
        name: [.customShort("w"), .customLong("wrapping-keys")], parsing: .upToNextOption,
        help: ArgumentHelp("KMS keys as key=ARN (provider=aws-kms is accepted).", valueName: "key=ARN"))
    var wrappingKeys: [String] = []

    @Option(
        name: [.customShort("c"), .customLong("encryption-context")], parsing: .upToNextOption,
        help: ArgumentHelp("Pairs bound to the message; on decrypt, pairs it must carry.", valueName: "key=value"))
    var encryptionContext: [String] = []

    @Option(name: .customLong("commitment-policy"), help: "forbid-encrypt-allow-decrypt, require-encrypt-allow-decrypt or require-encrypt-require-decrypt (the default).")
    var commitmentPolicy: String = "require-encrypt-require-decrypt"

    @Option(name: .customLong("algorithm"), help: "The algorithm suite by aws-encryption-cli's name (encrypt only; default AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384).")
    var algorithm: String?

    @Option(name: .customLong("frame-length"), help: "Frame length in bytes (encrypt only; default 4096).")
    var frameLength: Int = 4096

    @Option(name: .customLong("max-encrypted-data-keys"), help: "Refuse messages with more encrypted data keys than this.")
    var maxEncryptedDataKeys: Int?

    @Flag(name: .customLong("encode"), help: "Base64-encode the output.")
    var encode = false

    @Flag(name: .customLong("decode"), help: "Base64-decode the input first.")
    var decode = false

    @Flag(name: [.customShort("S"), .customLong("suppress-metadata")], help: "Write no metadata record.")
    var suppressMetadata = false

    @Option(name: .customLong("metadata-output"), help: "Append a JSON metadata record (suite, encryption context) to this file, or - for stdout.")
    var metadataOutput: String?

    @Flag(name: [.customShort("b"), .customLong("buffer")], help: "Accepted for aws-encryption-cli's sake: output is always released only after verification.")
    var buffer = false

    func validate() throws {
        guard encrypt != decrypt else { throw ValidationError("give exactly one of -e/--encrypt and -d/--decrypt") }
        guard suppressMetadata || metadataOutput != nil else {
            throw ValidationError("give -S/--suppress-metadata or --metadata-output FILE (as aws-encryption-cli asks)")
        }
        _ = try keyIds()
        _ = try EncryptionSDKArguments.pairs(encryptionContext, flag: "--encryption-context")
        _ = try EncryptionSDKArguments.policy(commitmentPolicy)
        if let algorithm { _ = try EncryptionSDKArguments.suite(named: algorithm) }
        if frameLength < 1 || UInt64(frameLength) > UInt64(UInt32.max) {
            throw ValidationError("--frame-length must be 1 to \(UInt32.max), got \(frameLength)")
        }
        if let maxEncryptedDataKeys, maxEncryptedDataKeys < 1 {
            throw ValidationError("--max-encrypted-data-keys must be at least 1")
        }
    }

    /// The KMS keys of every `-w` group, in order.
    private func keyIds() throws -> [String] {
        var keys: [String] = []
        for pair in try EncryptionSDKArguments.pairList(wrappingKeys, flag: "--wrapping-keys") {
            switch pair.key {
            case "key": keys.append(pair.value)
            case "provider" where pair.value == "aws-kms": continue
            default: throw ValidationError("--wrapping-keys takes key=ARN (and provider=aws-kms); got '\(pair.key)=\(pair.value)'")
            }
        }
        guard !keys.isEmpty else { throw ValidationError("--wrapping-keys needs at least one key=ARN") }
        return keys
    }

    func run() async throws {
        let keys = try keyIds()
        let context = try EncryptionSDKArguments.pairs(encryptionContext, flag: "--encryption-context")
        let client = EncryptionSDKClient(
            commitmentPolicy: try EncryptionSDKArguments.policy(commitmentPolicy), maxEncryptedDataKeys: maxEncryptedDataKeys)
        var connection = self.connection
        // A key ARN names its region; use it unless --region says otherwise.
        if connection.region == nil, let region = EncryptionSDKArguments.region(ofARN: keys[0]) { connection.region = region }
        var bytes = try EncryptionSDKArguments.read(input)
        if decode { bytes = try EncryptionSDKArguments.base64Decoded(bytes) }

        try await ClientFactory.withClient(connection) { kms in
            let keyring = AWSKMSKeyring(client: kms, generatorKeyId: keys[0], additionalKeyIds: Array(keys.dropFirst()))
            let result: [UInt8]
            let metadata: (suite: AlgorithmSuite, context: [String: String])
            if encrypt {
                let suite = try algorithm.map(EncryptionSDKArguments.suite(named:)) ?? .default
                result = try await client.encrypt(
                    plaintext: bytes, keyring: keyring, encryptionContext: context, algorithmSuite: suite,
                    frameLength: frameLength)
                metadata = (suite, context)
            } else {
                let decrypted = try await client.decrypt(ciphertext: bytes, keyring: keyring)
                for (key, value) in context.sorted(by: { $0.key < $1.key }) where decrypted.encryptionContext[key] != value {
                    throw EncryptionContextNotCarried(key: key, value: value)
                }
                result = decrypted.plaintext
                metadata = (decrypted.algorithmSuite, decrypted.encryptionContext)
            }
            try EncryptionSDKArguments.write(encode ? Array(Data(result).base64EncodedString().utf8) : result, to: output)
            if let metadataOutput {
                let record = JSONOutput.object([
                    ("mode", .string(encrypt ? "encrypt" : "decrypt")),
                    ("input", .string(input)), ("output", .string(output)),
                    ("algorithm", .integer(Int(metadata.suite.rawValue))),
                    ("encryption_context", .object(metadata.context.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                ])
                try EncryptionSDKArguments.append(record.rendered() + "\n", to: metadataOutput)
            }
        }
    }
}

/// `-c key=value` on decrypt names a pair the message does not carry: nothing is written
/// (exit status 255, as for any message that cannot be used).
struct EncryptionContextNotCarried: Error, CustomStringConvertible {
    var key: String
    var value: String
    var description: String { "the message's encryption context does not carry \(key)=\(value): nothing written" }
}
