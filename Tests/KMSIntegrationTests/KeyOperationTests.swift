import Foundation
import KMS
import KMSTestSupport
import Testing

/// Listing, describing and creating keys against moto with signature verification on, signed
/// as the IAM user with a `kms:*` policy.
@Suite("Key operations against a local KMS", .localKMSAvailable, .localKMS)
struct KeyOperationTests {
    @Test("listKeys returns every key, the one created at start among them, with id and ARN")
    func listKeysFindsTheKey() async throws {
        let server = try LocalKMSScope.server()
        let keys = try await TestClient.with(server, label: nil) { try await $0.listKeys() }
        #expect(keys.contains(KMSKey(keyId: server.keyId, keyArn: server.keyArn)))
        for key in keys {
            #expect(key.keyArn.hasSuffix(":key/\(key.keyId)"), "ARN \(key.keyArn) names key \(key.keyId)")
        }
    }

    @Test("listKeys() over at least 3 keys returns each key once")
    func listKeysOverSeveralKeys() async throws {
        let server = try LocalKMSScope.server()
        try await TestClient.with(server, label: "several") { client in
            let first = try await client.createKey(description: "list test 1")
            let second = try await client.createKey(description: "list test 2")
            let keys = try await client.listKeys()
            let ids = keys.map(\.keyId)
            #expect(Set(ids).count == ids.count, "no key is listed twice")
            #expect(Set(ids).isSuperset(of: [server.keyId, first.keyId, second.keyId]))
        }
    }

    /// moto ignores `Limit` and `Marker` and always answers one complete page
    /// (`"NextMarker": null, "Truncated": false`); walking real pages is covered by the
    /// replayed fixtures of KMSTests. Here: the client sends the limit, reads the page as the
    /// last one, and stops.
    @Test("listKeys(limit: 1) sends Limit 1 and, on moto's single complete page, stops after one request")
    func listKeysWithLimit() async throws {
        let server = try LocalKMSScope.server()
        let log = LockedBox<RequestLog?>(nil)
        try await TestClient.with(server, label: "limit1", log: { base in
            let made = RequestLog(wrapping: base)
            log.set(made)
            return made
        }) { client in
            _ = try await client.createKey(description: "limit test 1")
            _ = try await client.createKey(description: "limit test 2")
            let page = try await client.listKeys(limit: 1)
            #expect(page.keys.contains { $0.keyId == server.keyId })
            #expect(page.keys.count >= 3, "moto answers with every key")
            #expect(!page.truncated)
            #expect(page.nextMarker == nil)
        }
        let entries = try #require(log.get()).entries.filter { $0.operation == "ListKeys" }
        #expect(entries.count == 1)
        #expect(entries.first?.body?["Limit"]?.intValue == 1)
        #expect(entries.first?.body?["Marker"] == nil)
    }

    @Test("describeKey gives the key's id, ARN, account, an enabled state and the symmetric key spec")
    func describeKey() async throws {
        let server = try LocalKMSScope.server()
        let metadata = try await TestClient.with(server, label: nil) { try await $0.describeKey(keyId: server.keyId) }
        #expect(metadata.keyId == server.keyId)
        #expect(metadata.arn == server.keyArn)
        #expect(metadata.enabled)
        #expect(metadata.keyState == "Enabled")
        #expect(metadata.keySpec == "SYMMETRIC_DEFAULT")
        #expect(metadata.encryptionAlgorithms == ["SYMMETRIC_DEFAULT"])
        #expect(metadata.awsAccountId.map { server.keyArn.contains(":\($0):") } == true)
        #expect(metadata.creationDate != nil)
    }

    @Test("describeKey accepts the key's ARN as well as its id")
    func describeKeyByArn() async throws {
        let server = try LocalKMSScope.server()
        let metadata = try await TestClient.with(server, label: "byArn") { try await $0.describeKey(keyId: server.keyArn) }
        #expect(metadata.keyId == server.keyId)
    }

    @Test("createKey makes a new enabled key with the description given, which describeKey and listKeys then show")
    func createKey() async throws {
        let server = try LocalKMSScope.server()
        try await TestClient.with(server, label: "created") { client in
            let created = try await client.createKey(description: "made by KeyOperationTests")
            #expect(created.keyId != server.keyId)
            #expect(created.description == "made by KeyOperationTests")
            #expect(created.enabled)
            #expect(created.arn.hasSuffix(":key/\(created.keyId)"))

            let described = try await client.describeKey(keyId: created.keyId)
            #expect(described.description == "made by KeyOperationTests")
            let keys = try await client.listKeys()
            #expect(keys.contains { $0.keyId == created.keyId })
        }
    }
}

/// A value handed out of a `@Sendable` closure.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func get() -> Value { lock.withLock { value } }
}
