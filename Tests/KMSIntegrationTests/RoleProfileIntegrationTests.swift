import KMS
import KMSTestSupport
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurlHTTP

/// A shared-config profile with `role_arn` and `source_profile`, resolved by
/// `AWSConfig.load` against the local KMS (moto, signatures checked): the IAM user's keys sign
/// STS `AssumeRole` for the role created in the unauthenticated window, and the role's
/// temporary credentials sign the KMS calls; two deep, those sign `AssumeRole` for a second
/// role whose trust policy (which moto checks) names the first role's session.
@Suite("Assume-role profiles against a local KMS", .localKMSAvailable, .localKMS)
struct RoleProfileIntegrationTests {
    static func withProfile<Result>(secret: String? = nil, _ body: (AWSConfig, LocalKMS, [String: String]) async throws -> Result) async throws -> Result {
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
            role_session_name = \(server.chainSessionName)
            region = \(server.region)
            [profile chained]
            role_arn = \(server.chainedRoleArn)
            source_profile = app
            region = \(server.region)
            """)
        let environment = [
            "HOME": home.path, "AWS_PROFILE": "app", "AWS_ENDPOINT_URL": server.endpoint,
            "AWS_EC2_METADATA_DISABLED": "true", "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1",
        ]
        let config = try AWSConfig.load(environment: environment)
        return try await body(config, server, environment)
    }

    @Test("generateDataKey and decrypt signed with the role's credentials, assumed through the profile")
    func dataKeyWithAssumedRole() async throws {
        try await Self.withProfile { config, server, _ in
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

    @Test("two levels: the user's keys assume the role, whose credentials assume the chained role, which generates a data key")
    func twoLevelChain() async throws {
        try await Self.withProfile { config, server, environment in
            let http = CurlHTTPClient(configuration: config.httpConfiguration)
            let sts = STSLog(wrapping: http)
            let chain = DefaultCredentialChain(profile: "chained", environment: environment, transport: sts)
            let credentials = try await chain.credentials()
            #expect(credentials.accessKeyId.hasPrefix("ASIA"))
            #expect(sts.roleArns == [server.roleArn, server.chainedRoleArn])

            let roleConfig = try AWSConfig(region: server.region, credentialProvider: chain, endpoint: server.endpoint)
            let client = KMSClient(config: roleConfig, transport: http)
            let dataKey = try await client.generateDataKey(id: server.keyId, size: 32)
            #expect(dataKey.id == server.keyArn)
            #expect(sts.roleArns.count == 2, "the chain's credentials were cached")
            await http.shutdown()
        }
    }

    @Test("a wrong source secret is refused by STS's signature check, as a typed error without the secret")
    func wrongSourceSecret() async throws {
        let wrong = "wrongSECRETwrongSECRETwrongSECRETwrong0"
        try await Self.withProfile(secret: wrong) { config, _, _ in
            let error = await #expect(throws: CredentialProviderError.self) { try await config.credentialProvider.credentials() }
            let attempt = error?.attempts.first { $0.source == "profile app" }
            #expect(attempt?.code == .requestFailed, "\(String(describing: error))")
            #expect(attempt?.message.contains("AssumeRole") == true)
            #expect(!"\(String(describing: error))".contains(wrong))
        }
    }
}
