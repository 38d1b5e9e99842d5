import Testing

@testable import KMS

@Suite("AWSConfig checks its inputs once and never prints secrets")
struct AWSConfigTests {
    @Test("static credentials and an explicit endpoint")
    func explicit() async throws {
        let config = try AWSConfig(
            region: "eu-west-1", accessKeyId: Fake.accessKeyId, secretAccessKey: Fake.secretAccessKey,
            sessionToken: Fake.sessionToken, endpoint: "http://127.0.0.1:4566")
        #expect(config.region == "eu-west-1")
        #expect(config.endpoint.url == "http://127.0.0.1:4566/")
        let credentials = try await config.credentialProvider.credentials()
        #expect(credentials == AWSCredentials(
            accessKeyId: Fake.accessKeyId, secretAccessKey: Fake.secretAccessKey, sessionToken: Fake.sessionToken))
    }

    @Test("without an endpoint, KMS's endpoint in the region")
    func defaultEndpoint() throws {
        let config = try AWSConfig(region: "ap-southeast-2", accessKeyId: Fake.accessKeyId, secretAccessKey: Fake.secretAccessKey)
        #expect(config.endpoint == AWSEndpoint.defaultKMS(region: "ap-southeast-2"))
        #expect(config.endpoint.url == "https://kms.ap-southeast-2.amazonaws.com/")
    }

    @Test("timeouts have defaults and can be changed")
    func timeouts() throws {
        var config = try Fake.config()
        #expect(config.connectTimeout == 10)
        #expect(config.timeout == 60)
        config.timeout = 5
        config.connectTimeout = 1.5
        #expect(config.httpConfiguration.timeout == 5)
        #expect(config.httpConfiguration.connectTimeout == 1.5)
    }

    @Test("valid regions", arguments: ["us-east-1", "eu-central-2", "us-gov-west-1", "cn-north-1", "local", "a"])
    func validRegions(region: String) throws {
        #expect(try AWSConfig(region: region, accessKeyId: "AKIA", secretAccessKey: "s").region == region)
    }

    @Test("invalid regions", arguments: ["", "US-EAST-1", "us east 1", "us_east_1", "us-east-1\n", "eu-west-1/", "ümlaut", "us.east"])
    func invalidRegions(region: String) {
        #expect(throws: AWSConfigError.invalidRegion) {
            try AWSConfig(region: region, accessKeyId: "AKIA", secretAccessKey: "s")
        }
    }

    @Test("a bad endpoint fails at construction")
    func badEndpoint() {
        #expect(throws: AWSConfigError.invalidEndpoint) {
            try AWSConfig(region: "us-east-1", accessKeyId: "AKIA", secretAccessKey: "s", endpoint: "ftp://127.0.0.1")
        }
    }

    @Test(
        "credentials must be non-empty and single-line",
        arguments: [
            ("", "secret", nil), ("AKIA", "", nil), ("AKIA\r\nX: y", "secret", nil), ("AKIA", "sec\nret", nil),
            ("AKIA", "secret", "tok\0en"), ("AKIA", "secret", ""),
        ] as [(String, String, String?)])
    func badCredentials(accessKeyId: String, secret: String, token: String?) {
        #expect(throws: AWSConfigError.invalidCredentials) {
            try AWSConfig(region: "us-east-1", accessKeyId: accessKeyId, secretAccessKey: secret, sessionToken: token)
        }
    }

    @Test("long STS access key ids are accepted")
    func longAccessKeyId() throws {
        let longId = "ASIA" + String(repeating: "Z", count: 124)
        let config = try AWSConfig(region: "us-east-1", accessKeyId: longId, secretAccessKey: "s", sessionToken: "t")
        #expect(config.description.contains(longId))
    }

    @Test("a custom credential provider")
    func customProvider() async throws {
        struct Provider: AWSCredentialProvider, CustomStringConvertible {
            func credentials() async throws -> AWSCredentials { AWSCredentials(accessKeyId: "AKIAPROVIDER", secretAccessKey: "x") }
            var description: String { "Provider()" }
        }
        let config = try AWSConfig(region: "us-west-2", credentialProvider: Provider(), endpoint: "localhost:4566")
        #expect(config.endpoint.url == "https://localhost:4566/")
        #expect(try await config.credentialProvider.credentials().accessKeyId == "AKIAPROVIDER")
    }

    @Test("description shows region, endpoint and access key id, never the secret or token")
    func redaction() throws {
        let config = try Fake.config(sessionToken: Fake.sessionToken)
        for text in [config.description, config.debugDescription, String(describing: config), "\(config)"] {
            #expect(text.contains(Fake.region))
            #expect(text.contains("127.0.0.1:4566"))
            #expect(text.contains(Fake.accessKeyId))
            #expect(!text.contains(Fake.secretAccessKey))
            #expect(!text.contains(Fake.sessionToken))
        }
    }

    @Test("fromEnvironment reads the SDK variables")
    func environment() async throws {
        let config = try AWSConfig.fromEnvironment([
            "AWS_REGION": "eu-north-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": Fake.accessKeyId,
            "AWS_SECRET_ACCESS_KEY": Fake.secretAccessKey,
            "AWS_SESSION_TOKEN": Fake.sessionToken,
            "AWS_ENDPOINT_URL_KMS": "http://127.0.0.1:4566",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9999",
        ])
        #expect(config.region == "eu-north-1")
        #expect(config.endpoint.url == "http://127.0.0.1:4566/")
        let credentials = try await config.credentialProvider.credentials()
        #expect(credentials.accessKeyId == Fake.accessKeyId)
        #expect(credentials.secretAccessKey == Fake.secretAccessKey)
        #expect(credentials.sessionToken == Fake.sessionToken)
    }

    @Test("fromEnvironment falls back to AWS_DEFAULT_REGION and AWS_ENDPOINT_URL, and ignores empty values")
    func environmentFallbacks() async throws {
        let config = try AWSConfig.fromEnvironment([
            "AWS_REGION": "",
            "AWS_DEFAULT_REGION": "sa-east-1",
            "AWS_ACCESS_KEY_ID": Fake.accessKeyId,
            "AWS_SECRET_ACCESS_KEY": Fake.secretAccessKey,
            "AWS_SESSION_TOKEN": "",
            "AWS_ENDPOINT_URL_KMS": "",
            "AWS_ENDPOINT_URL": "http://[::1]:4566",
        ])
        #expect(config.region == "sa-east-1")
        #expect(config.endpoint.url == "http://[::1]:4566/")
        #expect(try await config.credentialProvider.credentials().sessionToken == nil)
        let noEndpoint = try AWSConfig.fromEnvironment([
            "AWS_REGION": "sa-east-1", "AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s",
        ])
        #expect(noEndpoint.endpoint.url == "https://kms.sa-east-1.amazonaws.com/")
    }

    @Test("fromEnvironment names what is missing")
    func environmentMissing() {
        #expect(throws: AWSConfigError.missingRegion) {
            try AWSConfig.fromEnvironment(["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s"])
        }
        #expect(throws: AWSConfigError.missingCredentials) {
            try AWSConfig.fromEnvironment(["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIA"])
        }
        #expect(throws: AWSConfigError.missingCredentials) {
            try AWSConfig.fromEnvironment(["AWS_REGION": "us-east-1", "AWS_SECRET_ACCESS_KEY": "s"])
        }
        #expect(throws: AWSConfigError.invalidEndpoint) {
            try AWSConfig.fromEnvironment([
                "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s",
                "AWS_ENDPOINT_URL_KMS": "gopher://127.0.0.1",
            ])
        }
    }

    @Test("config errors never carry the secret")
    func errorsAreSecretFree() {
        do {
            _ = try AWSConfig(region: "us-east-1", accessKeyId: "AKIA", secretAccessKey: "multi\nline-secret-value")
            Issue.record("accepted a multi-line secret")
        } catch let error as AWSConfigError {
            #expect(!error.description.contains("line-secret-value"))
            #expect(error.description.contains("secret access key"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
