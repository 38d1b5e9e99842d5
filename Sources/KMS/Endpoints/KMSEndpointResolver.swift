#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Picks the KMS endpoint as the AWS SDKs do: explicit → `AWS_ENDPOINT_URL_KMS` →
/// `AWS_ENDPOINT_URL` → the profile's `services` entry → the profile's `endpoint_url` → the
/// default of the region's partition, with FIPS and dual-stack variants.
///
/// The default follows botocore's endpoint ruleset for KMS (`kms.R.<dnsSuffix>`,
/// `kms-fips.R.<dnsSuffix>`, `kms.R.<dualStackDnsSuffix>`, `kms-fips.R.<dualStackDnsSuffix>`),
/// plus the client's habit of rewriting legacy `fips-R` / `R-fips` region names to `R` with
/// FIPS on. `Tests/KMSTests/Fixtures/config/endpoints.json` holds botocore's answers.
package enum KMSEndpointResolver {
    /// The partition's own endpoint for a region.
    package static func defaultEndpoint(region: String, useFIPS: Bool = false, useDualStack: Bool = false) throws -> KMSEndpoint {
        var region = region
        var useFIPS = useFIPS
        // botocore's client: replace('fips-', '').replace('-fips', ''), then FIPS on.
        let normalized = region.removingAll("fips-").removingAll("-fips")
        if normalized != region {
            region = normalized
            useFIPS = true
        }
        guard AWSPartition.isValidRegionName(region) else {
            throw EndpointResolutionError(code: .invalidRegion, message: "'\(region)' is not a valid region name")
        }
        let partition = AWSPartition.partition(for: region)
        let host = useFIPS ? "kms-fips" : "kms"
        let suffix = useDualStack ? partition.dualStackDnsSuffix : partition.dnsSuffix
        return KMSEndpoint(url: "https://\(host).\(region).\(suffix)", signingRegion: region, source: "partition")
    }

    /// The endpoint from every source, in the SDKs' order.
    ///
    /// - Parameters:
    ///   - explicit: an endpoint given in code or on the command line (`--endpoint-url`).
    ///   - region: the resolved region (see `RegionResolver`).
    ///   - useFIPS: explicit FIPS choice; else `AWS_USE_FIPS_ENDPOINT`, else profile
    ///     `use_fips_endpoint`, else off.
    ///   - useDualStack: explicit dual-stack choice; else `AWS_USE_DUALSTACK_ENDPOINT`, else
    ///     profile `use_dualstack_endpoint`, else off.
    ///   - environment: the variables to read (`AWS_ENDPOINT_URL_KMS`, `AWS_ENDPOINT_URL`, …).
    ///   - shared: the selected profile and its `services` section.
    /// - Throws: `EndpointResolutionError` for a missing or invalid region, a malformed URL, a
    ///   flag that is neither `true` nor `false`, or FIPS/dual-stack with a custom endpoint.
    package static func resolve(
        explicit: String? = nil,
        region: String?,
        useFIPS: Bool? = nil,
        useDualStack: Bool? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        shared: SharedConfiguration
    ) throws -> KMSEndpoint {
        let fips = try useFIPS ?? flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint", environment, shared)
        let dualStack = try useDualStack ?? flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint", environment, shared)
        let custom: ConfiguredEndpoint? = nonEmpty(explicit).map { ConfiguredEndpoint(url: $0, source: "explicit") }
            ?? ConfiguredEndpoint.resolve(serviceId: "KMS", environment: environment, shared: shared)
        if let custom {
            if fips { throw EndpointResolutionError(code: .fipsWithCustomEndpoint, message: "FIPS and a custom endpoint (\(custom.source)) cannot be combined") }
            if dualStack { throw EndpointResolutionError(code: .dualStackWithCustomEndpoint, message: "dual-stack and a custom endpoint (\(custom.source)) cannot be combined") }
            do {
                _ = try ServiceURL(parsingRoot: custom.url)
            } catch {
                throw EndpointResolutionError(code: .invalidEndpointURL, message: "the endpoint from \(custom.source) \(error.reason)")
            }
            return KMSEndpoint(url: custom.url, signingRegion: nonEmpty(region), source: custom.source)
        }
        guard let region = nonEmpty(region) else {
            throw EndpointResolutionError(code: .missingRegion, message: "set a region (explicitly, AWS_REGION, AWS_DEFAULT_REGION or the profile's region) or an endpoint")
        }
        return try defaultEndpoint(region: region, useFIPS: fips, useDualStack: dualStack)
    }

    /// A boolean setting from the environment, else the profile; `true`/`false` in any case.
    static func flag(_ variable: String, _ key: String, _ environment: [String: String], _ shared: SharedConfiguration) throws -> Bool {
        let (text, source) = nonEmpty(environment[variable]).map { ($0, variable) }
            ?? (shared.profile?[key].flatMap(nonEmpty).map { ($0, "profile \(key)") } ?? ("false", "default"))
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw EndpointResolutionError(code: .invalidSetting, message: "\(source) must be true or false")
        }
    }
}

extension String {
    /// The string with every occurrence of `piece` removed.
    func removingAll(_ piece: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: piece) {
            result += rest[..<range.lowerBound]
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
