import Testing

@testable import KMS
import KMSTestSupport

/// Replays fixtures recorded from the local KMS server (`Fixtures/recorded/`, written by the
/// record mode) through the client: each request must match what was recorded, and the result
/// must match the recorded response. The driver is also run over hand-written fixtures, so it
/// is known to work before any recording exists.
@Suite("Recorded fixtures replay through the client")
struct RecordedFixtureTests {
    static let recordedDirectory = "\(fixturesDirectory)/recorded"

    @Test("every recorded fixture replays (none yet is fine)")
    func recorded() async throws {
        for (name, fixture) in try Fixture.loadAll(directory: Self.recordedDirectory) {
            try await Self.replay(fixture, name: "recorded/\(name)")
        }
    }

    @Test(
        "the replay driver on hand-written fixtures",
        arguments: [
            "ListKeys/documented", "ListKeys/page-1", "ListKeys/page-2", "ListKeys/moto-single-page",
            "GenerateDataKey/documented", "GenerateDataKey/number-of-bytes-32",
            "GenerateDataKey/key-spec-aes128-context-grants", "GenerateDataKey/dry-run",
            "GenerateDataKeyWithoutPlaintext/aes256", "Decrypt/documented", "Decrypt/simple",
            "Decrypt/with-context", "Encrypt/bytes", "DescribeKey/describe", "DescribeKey/pending-deletion",
            "CreateKey/create", "errors/json-namespaced/NotFoundException", "errors/json-bare/AccessDeniedException",
            "errors/xml-signature-does-not-match", "errors/header-error-type",
            "ReEncrypt/to-other-key", "GenerateRandom/16-bytes", "ListAliases/page-1", "ListAliases/page-2",
            "ListAliases/by-key", "GenerateDataKeyPair/ecc-p256", "GenerateDataKeyPairWithoutPlaintext/rsa-2048",
        ])
    func handWritten(name: String) async throws {
        try await Self.replay(try fixture(name), name: name)
    }

    /// Calls the operation a fixture names with the parameters its request body holds, then
    /// checks the outcome against its response.
    static func replay(_ fixture: Fixture, name: String) async throws {
        let (client, transport) = try replayClient([fixture])
        let request = fixture.request.body ?? .object([:])
        let response = Fixture.JSON(parsing: fixture.response.bodyBytes)
        let succeeded = (200..<300).contains(fixture.response.status)
        let context = Comment(rawValue: name)
        let keyId = request["KeyId"]?.stringValue ?? ""
        let encryptionContext = (request["EncryptionContext"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        let grantTokens = (request["GrantTokens"]?.arrayValue ?? []).compactMap(\.stringValue)
        let dryRun = request["DryRun"]?.boolValue ?? false
        let keySpec: KMSDataKeySpec? = switch request["KeySpec"]?.stringValue {
        case "AES_256": .aes256
        case "AES_128": .aes128
        default: nil
        }
        do {
            switch fixture.operation {
            case "ListKeys":
                let page = try await client.listKeys(limit: request["Limit"]?.intValue, marker: request["Marker"]?.stringValue)
                let keys = response?["Keys"]?.arrayValue ?? []
                #expect(page.keys.map(\.keyId) == keys.compactMap { $0["KeyId"]?.stringValue }, context)
                #expect(page.keys.map(\.keyArn) == keys.compactMap { $0["KeyArn"]?.stringValue }, context)
                #expect(page.nextMarker == response?["NextMarker"]?.stringValue, context)
                #expect(page.truncated == (response?["Truncated"]?.boolValue ?? false), context)
            case "GenerateDataKey":
                let dataKey = if let count = request["NumberOfBytes"]?.intValue {
                    try await client.generateDataKey(
                        id: keyId, numberOfBytes: count, encryptionContext: encryptionContext,
                        grantTokens: grantTokens, dryRun: dryRun)
                } else {
                    try await client.generateDataKey(
                        id: keyId, keySpec: try #require(keySpec, context), encryptionContext: encryptionContext,
                        grantTokens: grantTokens, dryRun: dryRun)
                }
                #expect(dataKey.id == response?["KeyId"]?.stringValue, context)
                #expect(dataKey.ciphertextBlob == response?["CiphertextBlob"]?.stringValue, context)
                #expect(dataKey.plaintext == response?["Plaintext"]?.stringValue, context)
            case "GenerateDataKeyWithoutPlaintext":
                let dataKey = try await client.generateDataKeyWithoutPlaintext(
                    keyId: keyId, keySpec: keySpec, numberOfBytes: request["NumberOfBytes"]?.intValue,
                    encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: dryRun)
                #expect(dataKey.keyId == response?["KeyId"]?.stringValue, context)
                #expect(dataKey.ciphertextBlob == response?["CiphertextBlob"]?.stringValue, context)
            case "Decrypt":
                let plaintext = try await client.decrypt(
                    ciphertextBlob: request["CiphertextBlob"]?.stringValue ?? "", encryptionContext: encryptionContext,
                    grantTokens: grantTokens, keyId: request["KeyId"]?.stringValue, dryRun: dryRun)
                #expect(plaintext.keyId == response?["KeyId"]?.stringValue, context)
                #expect(plaintext.plaintext == response?["Plaintext"]?.stringValue, context)
            case "Encrypt":
                let ciphertext = try await client.encrypt(
                    keyId: keyId, plaintextBase64: request["Plaintext"]?.stringValue ?? "",
                    encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: dryRun)
                #expect(ciphertext.keyId == response?["KeyId"]?.stringValue, context)
                #expect(ciphertext.ciphertextBlob == response?["CiphertextBlob"]?.stringValue, context)
            case "DescribeKey", "CreateKey":
                let metadata = fixture.operation == "CreateKey"
                    ? try await client.createKey(description: request["Description"]?.stringValue)
                    : try await client.describeKey(keyId: keyId, grantTokens: grantTokens)
                let expected = response?["KeyMetadata"]
                #expect(metadata.keyId == expected?["KeyId"]?.stringValue, context)
                #expect(metadata.arn == expected?["Arn"]?.stringValue, context)
                #expect(metadata.enabled == expected?["Enabled"]?.boolValue, context)
                #expect(metadata.keyState == expected?["KeyState"]?.stringValue, context)
            case "ReEncrypt":
                let result = try await client.reEncrypt(
                    ciphertextBlob: request["CiphertextBlob"]?.stringValue ?? "",
                    destinationKeyId: request["DestinationKeyId"]?.stringValue ?? "",
                    sourceEncryptionContext: (request["SourceEncryptionContext"]?.objectValue ?? [:]).compactMapValues(\.stringValue),
                    destinationEncryptionContext: (request["DestinationEncryptionContext"]?.objectValue ?? [:]).compactMapValues(\.stringValue),
                    sourceKeyId: request["SourceKeyId"]?.stringValue, grantTokens: grantTokens, dryRun: dryRun)
                #expect(result.ciphertextBlob == response?["CiphertextBlob"]?.stringValue, context)
                #expect(result.keyId == response?["KeyId"]?.stringValue, context)
                #expect(result.sourceKeyId == response?["SourceKeyId"]?.stringValue, context)
            case "GenerateRandom":
                let random = try await client.generateRandom(numberOfBytes: request["NumberOfBytes"]?.intValue ?? 0)
                #expect(random.base64EncodedString() == response?["Plaintext"]?.stringValue, context)
            case "ListAliases":
                let page = try await client.listAliases(
                    keyId: request["KeyId"]?.stringValue, limit: request["Limit"]?.intValue, marker: request["Marker"]?.stringValue)
                let aliases = response?["Aliases"]?.arrayValue ?? []
                #expect(page.aliases.map(\.aliasName) == aliases.compactMap { $0["AliasName"]?.stringValue }, context)
                #expect(page.aliases.map(\.targetKeyId) == aliases.map { $0["TargetKeyId"]?.stringValue }, context)
                #expect(page.nextMarker == response?["NextMarker"]?.stringValue, context)
            case "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext":
                let spec = try #require(
                    KMSDataKeyPairSpec.allCases.first { $0.rawValue == request["KeyPairSpec"]?.stringValue }, context)
                let publicKey: String
                if fixture.operation == "GenerateDataKeyPair" {
                    let pair = try await client.generateDataKeyPair(
                        keyId: keyId, keyPairSpec: spec, encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: dryRun)
                    #expect(pair.privateKeyPlaintext.base64EncodedString() == response?["PrivateKeyPlaintext"]?.stringValue, context)
                    publicKey = pair.publicKey
                } else {
                    publicKey = try await client.generateDataKeyPairWithoutPlaintext(
                        keyId: keyId, keyPairSpec: spec, encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: dryRun
                    ).publicKey
                }
                #expect(publicKey == response?["PublicKey"]?.stringValue, context)
            default:
                Issue.record("\(name): no replay driver for \(fixture.operation)")
                return
            }
            #expect(succeeded, "\(name): the client succeeded where the recorded response failed")
        } catch let error as KMSError {
            #expect(!succeeded, "\(name): the client failed where the recorded response succeeded: \(error)")
            #expect(error.status == fixture.response.status, context)
            #expect(error.operation == fixture.operation, context)
            if let wireCode = expectedWireCode(fixture) {
                #expect(error.rawCode == wireCode, context)
                #expect(error.code == KMSError.Code(wireCode: wireCode), context)
            }
        }
        #expect(transport.requests.count == 1, context)
        #expect(transport.remaining == 0, context)
        #expect(transport.mismatches.isEmpty, context)
    }

    /// The error code a response carries, read independently of the client's decoder.
    static func expectedWireCode(_ fixture: Fixture) -> String? {
        let text = String(decoding: fixture.response.bodyBytes, as: UTF8.self)
        if let json = Fixture.JSON(parsing: fixture.response.bodyBytes),
           let type = json["__type"]?.stringValue ?? json["code"]?.stringValue {
            return type.split(separator: "#").last.map(String.init)
        }
        if let start = text.firstRange(of: "<Code>"), let end = text.firstRange(of: "</Code>") {
            return String(text[start.upperBound..<end.lowerBound])
        }
        if let header = fixture.response.headers?.first(where: { $0.key.lowercased() == "x-amzn-errortype" })?.value {
            return header.split(separator: ":").first.map(String.init)
        }
        return nil
    }
}
