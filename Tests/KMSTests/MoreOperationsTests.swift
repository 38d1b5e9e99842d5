import Foundation
import Testing
@testable import KMS
import KMSTestSupport

/// ReEncrypt, GenerateRandom, ListAliases and the data key pair operations, replayed from
/// fixtures shaped like moto's answers (and KMS's documented ones where moto has none): each
/// test checks the request sent and the value decoded.
@Suite("ReEncrypt, GenerateRandom, ListAliases, GenerateDataKeyPair")
struct MoreOperationsTests {
    @Test("reEncrypt sends both contexts and the destination key, and returns the new blob and both keys")
    func reEncrypt() async throws {
        let (client, transport, fixture) = try replayClient("ReEncrypt/to-other-key")
        let body = try #require(Fixture.JSON(parsing: fixture.response.bodyBytes))
        let sentBlob = try #require(fixture.request.body?["CiphertextBlob"]?.stringValue)
        let result = try await client.reEncrypt(
            ciphertextBlob: sentBlob, destinationKeyId: "alias/new-key",
            sourceEncryptionContext: ["app": "a", "t": "b"], destinationEncryptionContext: ["app": "a"])
        expectWellFormedRequests(transport, operations: ["ReEncrypt"])
        #expect(sentBody(transport.requests[0]) == .object([
            "CiphertextBlob": .string(sentBlob),
            "SourceEncryptionContext": .object(["app": .string("a"), "t": .string("b")]),
            "DestinationKeyId": .string("alias/new-key"),
            "DestinationEncryptionContext": .object(["app": .string("a")]),
        ]))
        #expect(result.ciphertextBlob == body["CiphertextBlob"]?.stringValue)
        #expect(result.ciphertextBlob != sentBlob)
        #expect(result.sourceKeyId == Fake.keyArn)
        #expect(result.keyId == body["KeyId"]?.stringValue)
        #expect(result.sourceEncryptionAlgorithm == "SYMMETRIC_DEFAULT")
        #expect(result.destinationEncryptionAlgorithm == "SYMMETRIC_DEFAULT")
    }

    @Test("reEncrypt refuses a blob that is not base64 and an empty destination before sending")
    func reEncryptValidation() async throws {
        let (client, transport) = try replayClient([])
        let notBase64 = await kmsError { try await client.reEncrypt(ciphertextBlob: "not base64!", destinationKeyId: "k") }
        #expect(notBase64?.code == .validation)
        let noDestination = await kmsError { try await client.reEncrypt(ciphertextBlob: "AAAA", destinationKeyId: "") }
        #expect(noDestination?.code == .validation)
        #expect(transport.requests.isEmpty)
    }

    @Test("generateRandom sends NumberOfBytes and returns that many bytes, as secret bytes")
    func generateRandom() async throws {
        let (client, transport, _) = try replayClient("GenerateRandom/16-bytes")
        let random = try await client.generateRandom(numberOfBytes: 16)
        expectWellFormedRequests(transport, operations: ["GenerateRandom"])
        #expect(sentBody(transport.requests[0]) == .object(["NumberOfBytes": .number(16)]))
        #expect(random.withUnsafeBytes { Array($0) } == Array(0..<16))
        #expect(!"\(random)".contains(random.base64EncodedString()))
    }

    @Test("generateRandom: a length other than asked for is an invalid response; 0 and 1025 are refused")
    func generateRandomChecks() async throws {
        let (client, _, _) = try replayClient("GenerateRandom/wrong-length")
        let short = await kmsError { try await client.generateRandom(numberOfBytes: 16) }
        #expect(short?.code == .invalidResponse)
        let (idle, transport) = try replayClient([])
        for count in [0, 1025] {
            let refused = await kmsError { try await idle.generateRandom(numberOfBytes: count) }
            #expect(refused?.code == .validation)
        }
        #expect(transport.requests.isEmpty)
    }

    @Test("listAliases(limit:marker:) reads one page: names, ARNs, targets, dates, the marker")
    func aliasPage() async throws {
        let (client, transport, _) = try replayClient("ListAliases/page-1")
        let page = try await client.listAliases(limit: 2)
        expectWellFormedRequests(transport, operations: ["ListAliases"])
        #expect(sentBody(transport.requests[0]) == .object(["Limit": .number(2)]))
        #expect(page.aliases.map(\.aliasName) == ["alias/a1", "alias/a2"])
        #expect(page.aliases[0].aliasArn == "arn:aws:kms:us-east-1:111122223333:alias/a1")
        #expect(page.aliases[0].targetKeyId == "0d990263-018e-4e65-a703-eff731de951e")
        #expect(page.aliases[0].creationDate == Date(timeIntervalSince1970: 1796161938.5))
        #expect(page.aliases[1].targetKeyId == nil)
        #expect(page.nextMarker == "alias-marker-2")
        #expect(page.truncated)
    }

    @Test("aliases(pageSize:) walks every page, sending the marker of the one before")
    func aliasPager() async throws {
        let (client, transport) = try replayClient([try fixture("ListAliases/page-1"), try fixture("ListAliases/page-2")])
        var names: [String] = []
        for try await alias in client.aliases(pageSize: 2) { names.append(alias.aliasName) }
        #expect(names == ["alias/a1", "alias/a2", "alias/a3"])
        expectWellFormedRequests(transport, operations: ["ListAliases", "ListAliases"])
        #expect(sentBody(transport.requests[1]) == .object(["Limit": .number(2), "Marker": .string("alias-marker-2")]))
    }

    @Test("listAliases(keyId:) sends KeyId; Truncated without a marker stops with invalidResponse")
    func aliasesOfKeyAndStuckPager() async throws {
        let (client, transport, _) = try replayClient("ListAliases/by-key")
        let aliases = try await client.listAliases(keyId: "0d990263-018e-4e65-a703-eff731de951e")
        #expect(aliases.map(\.aliasName) == ["alias/a1"])
        #expect(sentBody(transport.requests[0]) == .object(["KeyId": .string("0d990263-018e-4e65-a703-eff731de951e")]))
        let (stuck, _, _) = try replayClient("ListAliases/truncated-without-marker")
        let error = await kmsError { try await stuck.listAliases() }
        #expect(error?.code == .invalidResponse)
    }

    @Test("generateDataKeyPair sends the spec and context, and keeps the private key in secret bytes")
    func dataKeyPair() async throws {
        let (client, transport, fixture) = try replayClient("GenerateDataKeyPair/ecc-p256")
        let body = try #require(Fixture.JSON(parsing: fixture.response.bodyBytes))
        let pair = try await client.generateDataKeyPair(
            keyId: "alias/fixture-key", keyPairSpec: .eccNistP256, encryptionContext: ["purpose": "signing"])
        expectWellFormedRequests(transport, operations: ["GenerateDataKeyPair"])
        #expect(sentBody(transport.requests[0]) == .object([
            "KeyId": .string("alias/fixture-key"), "KeyPairSpec": .string("ECC_NIST_P256"),
            "EncryptionContext": .object(["purpose": .string("signing")]),
        ]))
        #expect(pair.keyId == Fake.keyArn)
        #expect(pair.keyPairSpec == "ECC_NIST_P256")
        #expect(pair.publicKey == body["PublicKey"]?.stringValue)
        #expect(pair.privateKeyCiphertextBlob == body["PrivateKeyCiphertextBlob"]?.stringValue)
        #expect(pair.privateKeyPlaintext.withUnsafeBytes { Array($0) } == Array(0..<138))
        let privateBase64 = try #require(body["PrivateKeyPlaintext"]?.stringValue)
        for text in [pair.description, pair.debugDescription, "\(pair)"] {
            #expect(!text.contains(privateBase64))
            #expect(text.contains("redacted"))
        }
    }

    @Test("generateDataKeyPairWithoutPlaintext returns the public key and the encrypted private key only")
    func dataKeyPairWithoutPlaintext() async throws {
        let (client, transport, fixture) = try replayClient("GenerateDataKeyPairWithoutPlaintext/rsa-2048")
        let body = try #require(Fixture.JSON(parsing: fixture.response.bodyBytes))
        let pair = try await client.generateDataKeyPairWithoutPlaintext(keyId: "alias/fixture-key", keyPairSpec: .rsa2048)
        expectWellFormedRequests(transport, operations: ["GenerateDataKeyPairWithoutPlaintext"])
        #expect(sentBody(transport.requests[0]) == .object(["KeyId": .string("alias/fixture-key"), "KeyPairSpec": .string("RSA_2048")]))
        #expect(pair.keyId == Fake.keyArn)
        #expect(pair.keyPairSpec == "RSA_2048")
        #expect(pair.publicKey == body["PublicKey"]?.stringValue)
        #expect(pair.privateKeyCiphertextBlob == body["PrivateKeyCiphertextBlob"]?.stringValue)
    }
}
