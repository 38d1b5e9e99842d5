#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing

@testable import KMS
import KMSTestSupport

@Suite("DescribeKey and CreateKey")
struct KeyMetadataTests {
    @Test("describeKey decodes the common KeyMetadata fields")
    func describe() async throws {
        let (client, transport, _) = try replayClient("DescribeKey/describe")
        let metadata = try await client.describeKey(keyId: "alias/fixture-key")
        expectWellFormedRequests(transport, operations: ["DescribeKey"])
        #expect(sentBody(transport.requests[0]) == .object(["KeyId": .string("alias/fixture-key")]))
        #expect(metadata.keyId == "0d990263-018e-4e65-a703-eff731de951e")
        #expect(metadata.arn == Fake.keyArn)
        #expect(metadata.awsAccountId == "111122223333")
        #expect(metadata.description == "fixture key")
        #expect(metadata.enabled)
        #expect(metadata.keyState == "Enabled")
        #expect(metadata.keyUsage == "ENCRYPT_DECRYPT")
        #expect(metadata.keySpec == "SYMMETRIC_DEFAULT")
        #expect(metadata.keyManager == "CUSTOMER")
        #expect(metadata.origin == "AWS_KMS")
        #expect(metadata.encryptionAlgorithms == ["SYMMETRIC_DEFAULT"])
        #expect(metadata.multiRegion == false)
        #expect(metadata.creationDate == Date(timeIntervalSince1970: 1_700_000_000.123))
        #expect(metadata.deletionDate == nil)
    }

    @Test("a key pending deletion")
    func pendingDeletion() async throws {
        let (client, _, _) = try replayClient("DescribeKey/pending-deletion")
        let metadata = try await client.describeKey(keyId: "0d990263-018e-4e65-a703-eff731de951e")
        #expect(!metadata.enabled)
        #expect(metadata.keyState == "PendingDeletion")
        #expect(metadata.deletionDate == Date(timeIntervalSince1970: 1_702_592_000))
        #expect(metadata.description == nil)
    }

    @Test("createKey sends the description and returns the new key's metadata")
    func create() async throws {
        let (client, transport, _) = try replayClient("CreateKey/create")
        let metadata = try await client.createKey(description: "fixture key")
        expectWellFormedRequests(transport, operations: ["CreateKey"])
        #expect(sentBody(transport.requests[0]) == .object(["Description": .string("fixture key")]))
        #expect(metadata.arn == Fake.keyArn)
        #expect(metadata.enabled)
    }
}
