import KMS
import KMSTestSupport
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A shared-config profile with `role_arn` and `source_profile`, resolved by
/// `AWSConfig.load` against the local KMS (moto, signatures checked): the IAM user's keys sign
/// STS `AssumeRole` for the role created in the unauthenticated window, and the role's
/// temporary credentials sign the KMS calls.
@Suite("Assume-role profiles against a local KMS", .localKMSAvailable, .localKMS)
struct RoleProfileIntegrationTests {
    static func withProfile<Result>(secret: String? = nil, _ body: (AWSConfig, LocalKMS) async throws -> Result) async throws -> Result {
        let server = try LocalKMSScope.server()
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try home.write(".aws/credentials", """
            [tester]
            aws_access_key_id = \(server.credentials.accessKeyId)
            aws_secret_access_key = \(secret ?? server.credentials.secretAccessKey)
            """)
        try home.write(".aws/config", """
            [profile app]
            role_arn = \(server.roleArn)
            source_profile = tester
            role_session_name = swift-kms-profile-test
            region = \(server.region)
            """)
        let environment = [
            "HOME": home.path, "AWS_PROFILE": "app", "AWS_ENDPOINT_URL": server.endpoint,
            "AWS_EC2_METADATA_DISABLED": "true", "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1",
        ]
        let config = try AWSConfig.load(environment: environment)
        return try await body(config, server)
    }

    @Test("generateDataKey and decrypt signed with the role's credentials, assumed through the profile")
    func dataKeyWithAssumedRole() async throws {
        try await Self.withProfile { config, server in
            let credentials = try await config.credentialProvider.credentials()
            #expect(credentials.accessKeyId.hasPrefix("ASIA"))
            #expect(credentials.accessKeyId != server.credentials.accessKeyId)
            #expect(credentials.sessionToken?.isEmpty == false)

            let client = KMSClient(config: config)
            defer { Task { await client.shutdown() } }
            let dataKey = try await client.generateDataKey(id: server.keyId, size: 32)
            #expect(dataKey.id == server.keyArn)
            let decrypted = try await client.decrypt(ciphertextBlob: dataKey.ciphertextBlob)
            #expect(decrypted.plaintext == dataKey.plaintext)
        }
    }

    @Test("a wrong source secret is refused by STS's signature check, as a typed error without the secret")
    func wrongSourceSecret() async throws {
        let wrong = "wrongSECRETwrongSECRETwrongSECRETwrong0"
        try await Self.withProfile(secret: wrong) { config, _ in
            let error = await #expect(throws: CredentialProviderError.self) { try await config.credentialProvider.credentials() }
            let attempt = error?.attempts.first { $0.source == "profile app" }
            #expect(attempt?.code == .requestFailed, "\(String(describing: error))")
            #expect(attempt?.message.contains("AssumeRole") == true)
            #expect(!"\(String(describing: error))".contains(wrong))
        }
    }
}
