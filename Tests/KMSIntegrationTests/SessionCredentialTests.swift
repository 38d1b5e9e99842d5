import KMS
import KMSTestSupport
import Testing

/// The same calls signed with temporary credentials from `sts:AssumeRole` (an `ASIA…` key
/// with a session token), which moto checks against the role's own session.
@Suite("Temporary credentials against a local KMS", .localKMSAvailable, .localKMS)
struct SessionCredentialTests {
    @Test("the session credentials are temporary ones: an ASIA key id with a session token")
    func credentialsAreTemporary() throws {
        let server = try LocalKMSScope.server()
        #expect(server.sessionCredentials.accessKeyId.hasPrefix("ASIA"))
        #expect(server.sessionCredentials.sessionToken?.isEmpty == false)
    }

    @Test("listKeys and describeKey work signed with a session token")
    func listAndDescribe() async throws {
        let server = try LocalKMSScope.server()
        try await TestClient.with(server, credentials: server.sessionCredentials, label: "session") { client in
            let keys = try await client.listKeys()
            #expect(keys.contains { $0.keyId == server.keyId })
            let metadata = try await client.describeKey(keyId: server.keyId)
            #expect(metadata.arn == server.keyArn)
        }
    }

    @Test("generateDataKey and decrypt round trip with a session token and an encryption context")
    func dataKeyRoundTrip() async throws {
        let server = try LocalKMSScope.server()
        try await TestClient.with(server, credentials: server.sessionCredentials, label: "session") { client in
            let context = ["session": "yes"]
            let dataKey = try await client.generateDataKey(id: server.keyId, keySpec: .aes128, encryptionContext: context)
            #expect(try bytes(dataKey.plaintext).count == 16)
            let decrypted = try await client.decrypt(ciphertextBlob: dataKey.ciphertextBlob, encryptionContext: context)
            #expect(try bytes(decrypted.plaintext) == bytes(dataKey.plaintext))
        }
    }

    @Test("a session token that is not the session's own is refused as an unrecognized client")
    func wrongSessionToken() async throws {
        let server = try LocalKMSScope.server()
        var forged = server.sessionCredentials
        forged.sessionToken = "FQoGZXIvYXdzEXAMPLEforgedtoken"
        await #expect {
            try await TestClient.with(server, credentials: forged, label: "wrongToken") { try await $0.listKeys() }
        } throws: { error in
            guard let error = error as? KMSError else { return false }
            return error.code == .unrecognizedClient && error.status == 403 && error.operation == "ListKeys"
        }
    }

    @Test("the user's long-term key with a session token added is refused")
    func longTermKeyWithToken() async throws {
        let server = try LocalKMSScope.server()
        var mixed = server.credentials
        mixed.sessionToken = server.sessionCredentials.sessionToken
        await #expect {
            try await TestClient.with(server, credentials: mixed, label: "tokenOnLongTermKey") { try await $0.listKeys() }
        } throws: { error in
            (error as? KMSError)?.code == .unrecognizedClient
        }
    }
}
