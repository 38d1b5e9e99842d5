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

    @Test("listKeys with limit 1 walks one key per page over at least 3 keys, and the pages add up to the whole list")
    func listKeysPages() async throws {
        let server = try LocalKMSScope.server()
        try await TestClient.with(server, label: "paged") { client in
            let first = try await client.createKey(description: "page test 1")
            let second = try await client.createKey(description: "page test 2")

            var paged: [KMSKey] = []
            var marker: String? = nil
            var pages = 0
            repeat {
                let page = try await client.listKeys(limit: 1, marker: marker)
                pages += 1
                #expect(page.keys.count == 1, "page \(pages) holds one key")
                #expect(page.truncated == (page.nextMarker != nil), "a truncated page carries a marker, the last one none")
                paged += page.keys
                marker = page.nextMarker
            } while marker != nil && pages < 100
            #expect(marker == nil, "the walk ended within 100 pages")
            #expect(pages >= 3)

            let ids = paged.map(\.keyId)
            #expect(Set(ids).count == ids.count, "no key is listed twice")
            #expect(Set(ids).isSuperset(of: [server.keyId, first.keyId, second.keyId]))
            let all = try await client.listKeys()
            #expect(Set(all.map(\.keyId)).isSuperset(of: Set(ids)))
        }
    }

    @Test("describeKey gives the key's id, ARN, account and an enabled ENCRYPT_DECRYPT state")
    func describeKey() async throws {
        let server = try LocalKMSScope.server()
        let metadata = try await TestClient.with(server, label: nil) { try await $0.describeKey(id: server.keyId) }
        #expect(metadata.keyId == server.keyId)
        #expect(metadata.arn == server.keyArn)
        #expect(metadata.enabled)
        #expect(metadata.keyState == "Enabled")
        #expect(metadata.keyUsage == "ENCRYPT_DECRYPT")
        #expect(metadata.awsAccountId.map { server.keyArn.contains(":\($0):") } == true)
        #expect(metadata.creationDate != nil)
    }

    @Test("describeKey accepts the key's ARN as well as its id")
    func describeKeyByArn() async throws {
        let server = try LocalKMSScope.server()
        let metadata = try await TestClient.with(server, label: "byArn") { try await $0.describeKey(id: server.keyArn) }
        #expect(metadata.keyId == server.keyId)
    }

    @Test("createKey makes a new enabled key with the description given, which describeKey and listKeys then show")
    func createKey() async throws {
        let server = try LocalKMSScope.server()
        try await TestClient.with(server, label: nil) { client in
            let created = try await client.createKey(description: "made by KeyOperationTests")
            #expect(created.keyId != server.keyId)
            #expect(created.description == "made by KeyOperationTests")
            #expect(created.enabled)
            #expect(created.arn.hasSuffix(":key/\(created.keyId)"))

            let described = try await client.describeKey(id: created.keyId)
            #expect(described.description == "made by KeyOperationTests")
            let keys = try await client.listKeys()
            #expect(keys.contains { $0.keyId == created.keyId })
        }
    }
}
