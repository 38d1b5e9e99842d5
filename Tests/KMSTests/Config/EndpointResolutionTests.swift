import Testing
@_spi(Testing) @testable import KMS

/// Which endpoint wins when several are configured, and which combinations are refused.
@Suite struct EndpointResolutionTests {
    static let profileText = """
    [default]
    region = eu-central-1
    endpoint_url = http://127.0.0.1:1000
    [profile svc]
    services = local
    endpoint_url = http://127.0.0.1:2000
    [profile fips]
    region = us-gov-west-1
    use_fips_endpoint = true
    [profile dual]
    use_dualstack_endpoint = TRUE
    [profile ignore]
    endpoint_url = http://127.0.0.1:4000
    ignore_configured_endpoint_urls = true
    [profile bad]
    use_fips_endpoint = maybe
    [services local]
    kms =
      endpoint_url = http://127.0.0.1:3000
    """

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        var explicit: String? = nil
        var region: String? = "us-west-2"
        var profile = "none"
        var environment: [String: String] = [:]
        var useFIPS: Bool? = nil
        let expectedURL: String?
        var expectedSource: String? = nil
        var expectedError: EndpointResolutionError? = nil
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "partition default", expectedURL: "https://kms.us-west-2.amazonaws.com", expectedSource: "partition"),
        Case(name: "explicit beats everything", explicit: "http://127.0.0.1:9", profile: "default",
             environment: ["AWS_ENDPOINT_URL_KMS": "http://127.0.0.1:8", "AWS_ENDPOINT_URL": "http://127.0.0.1:7"],
             expectedURL: "http://127.0.0.1:9", expectedSource: "explicit"),
        Case(name: "AWS_ENDPOINT_URL_KMS beats AWS_ENDPOINT_URL", profile: "default",
             environment: ["AWS_ENDPOINT_URL_KMS": "http://127.0.0.1:8", "AWS_ENDPOINT_URL": "http://127.0.0.1:7"],
             expectedURL: "http://127.0.0.1:8", expectedSource: "AWS_ENDPOINT_URL_KMS"),
        Case(name: "AWS_ENDPOINT_URL beats the profile", profile: "default", environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:7"],
             expectedURL: "http://127.0.0.1:7", expectedSource: "AWS_ENDPOINT_URL"),
        Case(name: "another service's variable is ignored", environment: ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:6"],
             expectedURL: "https://kms.us-west-2.amazonaws.com"),
        Case(name: "services section beats profile endpoint_url", profile: "svc", expectedURL: "http://127.0.0.1:3000", expectedSource: "services section"),
        Case(name: "profile endpoint_url", profile: "default", expectedURL: "http://127.0.0.1:1000", expectedSource: "profile"),
        Case(name: "ignore_configured_endpoint_urls in the profile", profile: "ignore", expectedURL: "https://kms.us-west-2.amazonaws.com"),
        Case(name: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", profile: "default", environment: ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL": "http://127.0.0.1:7"],
             expectedURL: "https://kms.us-west-2.amazonaws.com"),
        Case(name: "FIPS from the environment", environment: ["AWS_USE_FIPS_ENDPOINT": "true"], expectedURL: "https://kms-fips.us-west-2.amazonaws.com"),
        Case(name: "FIPS from the profile", region: "us-gov-west-1", profile: "fips", expectedURL: "https://kms-fips.us-gov-west-1.amazonaws.com"),
        Case(name: "explicit FIPS off beats the profile", region: "us-gov-west-1", profile: "fips", useFIPS: false, expectedURL: "https://kms.us-gov-west-1.amazonaws.com"),
        Case(name: "dual-stack from the profile, any case", region: "cn-north-1", profile: "dual", expectedURL: "https://kms.cn-north-1.api.amazonwebservices.com.cn"),
        Case(name: "dual-stack and FIPS from the environment", region: "us-iso-east-1",
             environment: ["AWS_USE_DUALSTACK_ENDPOINT": "true", "AWS_USE_FIPS_ENDPOINT": "True"], expectedURL: "https://kms-fips.us-iso-east-1.api.aws.ic.gov"),
        Case(name: "FIPS with a custom endpoint is refused", profile: "default", environment: ["AWS_USE_FIPS_ENDPOINT": "true"],
             expectedURL: nil, expectedError: .fipsWithCustomEndpoint),
        Case(name: "dual-stack with a custom endpoint is refused", explicit: "https://example.test", environment: ["AWS_USE_DUALSTACK_ENDPOINT": "true"],
             expectedURL: nil, expectedError: .dualStackWithCustomEndpoint),
        Case(name: "no region and no endpoint", region: nil, expectedURL: nil, expectedError: .missingRegion),
        Case(name: "a custom endpoint needs no region", explicit: "http://127.0.0.1:5", region: nil, expectedURL: "http://127.0.0.1:5"),
        Case(name: "a flag that is not a boolean", profile: "bad", expectedURL: nil, expectedError: .invalidSetting),
        Case(name: "an endpoint that is not a URL", explicit: "127.0.0.1:5", expectedURL: nil, expectedError: .invalidEndpointURL),
        Case(name: "an invalid region", region: "us_west_2", expectedURL: nil, expectedError: .invalidRegion),
    ]

    @Test(arguments: cases)
    func resolves(_ testCase: Case) {
        let shared = SharedConfiguration(configFile: SharedConfigFile.parse(Self.profileText, kind: .config), profileName: testCase.profile)
        do {
            let endpoint = try KMSEndpointResolver.resolve(explicit: testCase.explicit, region: testCase.region, useFIPS: testCase.useFIPS,
                                                           environment: testCase.environment, shared: shared)
            #expect(testCase.expectedError == nil, "expected \(String(describing: testCase.expectedError)), got \(endpoint)")
            #expect(endpoint.url == testCase.expectedURL)
            if let source = testCase.expectedSource { #expect(endpoint.source == source) }
        } catch let error as EndpointResolutionError {
            #expect(testCase.expectedError == error, "unexpected \(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func regionOrder() {
        let shared = SharedConfiguration(configFile: SharedConfigFile.parse("[default]\nregion = from-profile-1\n", kind: .config))
        let all = ["AWS_REGION": "from-env-1", "AWS_DEFAULT_REGION": "from-default-1"]
        #expect(RegionResolver.resolve(explicit: "explicit-1", environment: all, shared: shared)?.region == "explicit-1")
        #expect(RegionResolver.resolve(environment: all, shared: shared)?.source == "AWS_REGION")
        #expect(RegionResolver.resolve(environment: ["AWS_DEFAULT_REGION": "d-1", "AWS_REGION": ""], shared: shared)?.region == "d-1")
        #expect(RegionResolver.resolve(environment: [:], shared: shared)?.region == "from-profile-1")
        #expect(RegionResolver.resolve(environment: [:], shared: SharedConfiguration()) == nil)
    }
}
