extension InstanceMetadataCredentialProvider {
    /// The instance's region from `GET /latest/meta-data/placement/region`, with the same
    /// IMDSv2 session token (and IMDSv1 fallback rules) as the credentials.
    ///
    /// Why here: the SDKs fall back to instance metadata for the region when nothing else names
    /// one, through the same endpoint settings, so it shares this provider's configuration.
    func region() async throws -> String {
        let source = "instance metadata"
        guard !disabled else {
            throw CredentialProviderError.make(.notConfigured, source, "AWS_EC2_METADATA_DISABLED is true")
        }
        let body: [UInt8]
        do {
            body = try await get("/latest/meta-data/placement/region", token: try await cachedToken()).body
        } catch let error as CredentialProviderError {
            // `get` words its failures for credentials; say what was asked here.
            throw CredentialProviderError.make(error.code, source, "the region could not be read (\(error.code))")
        }
        let region = String(decoding: body, as: UTF8.self).trimmingWhitespace()
        guard !region.isEmpty, region.utf8.count <= 64,
              region.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D })
        else {
            throw CredentialProviderError.make(.invalidResponse, source, "placement/region is not a region name")
        }
        return region
    }
}
