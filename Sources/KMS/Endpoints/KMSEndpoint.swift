/// Where KMS requests go, and the region their signatures name.
package struct KMSEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// Base URL, e.g. `https://kms.eu-west-1.amazonaws.com`.
    package var url: String
    /// The region to sign for; differs from the configured one for legacy FIPS pseudo-regions
    /// (`fips-us-east-1` signs for `us-east-1`). `nil` for a custom endpoint with no region.
    package var signingRegion: String?
    /// Where the URL came from: `explicit`, `AWS_ENDPOINT_URL_KMS`, `AWS_ENDPOINT_URL`,
    /// `services section`, `profile` or `partition`.
    package var source: String

    /// Creates an endpoint.
    package init(url: String, signingRegion: String?, source: String) {
        self.url = url
        self.signingRegion = signingRegion
        self.source = source
    }

    /// A readable summary without secrets.
    package var description: String { "\(url) (region \(signingRegion ?? "unset"), from \(source))" }
}
