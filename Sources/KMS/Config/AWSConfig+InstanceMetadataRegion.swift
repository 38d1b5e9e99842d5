#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurlHTTP

extension AWSConfig {
    /// The same resolution as ``load(profile:region:endpoint:caBundlePath:mfaTokenCode:environment:)``, plus
    /// the SDKs' last resort for the region: when neither the argument, `AWS_REGION`,
    /// `AWS_DEFAULT_REGION` nor the profile names one, the EC2 instance metadata service's
    /// `placement/region` (IMDSv2, through `AWS_EC2_METADATA_SERVICE_ENDPOINT` and the other
    /// metadata settings; `AWS_EC2_METADATA_DISABLED=true` skips it).
    ///
    /// Why a separate, async call: asking the metadata service may wait (1 second per request
    /// at most, as in the SDKs), and `load` never touches the network.
    ///
    /// - Throws: what `load` throws; `.missingRegion` when the metadata service has no answer
    ///   either.
    public static func resolve(
        profile: String? = nil,
        region explicitRegion: String? = nil,
        endpoint explicitEndpoint: String? = nil,
        caBundlePath explicitCABundle: String? = nil,
        mfaTokenCode: AssumeRoleCredentialProvider.MFATokenCode? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> AWSConfig {
        var region = explicitRegion
        let shared = SharedConfiguration.load(profile: profile, environment: environment)
        if !InstanceMetadataCredentialProvider.isDisabled(environment), RegionResolver.resolve(explicit: explicitRegion, environment: environment, shared: shared) == nil {
            var http = CurlHTTPClient.Configuration()
            http.connectTimeout = .seconds(1)
            http.timeout = .seconds(2)
            http.maximumResponseSize = 4096
            http.caBundlePath = try CABundleResolver.resolve(explicit: explicitCABundle, environment: environment, shared: shared)
            let client = CurlHTTPClient(configuration: http)
            let metadata = InstanceMetadataCredentialProvider(environment: environment, shared: shared, transport: client, timeout: .seconds(1))
            region = try? await metadata.region()
            await client.shutdown()
        }
        return try load(profile: profile, region: region, endpoint: explicitEndpoint, caBundlePath: explicitCABundle, mfaTokenCode: mfaTokenCode, environment: environment)
    }
}
