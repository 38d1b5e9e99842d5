#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Finds the region the way the SDKs do: explicit → `AWS_REGION` → `AWS_DEFAULT_REGION` →
/// the profile's `region`.
///
/// (The SDKs also ask instance metadata as a last resort; this does not, so that building a
/// config never waits on the network. ``AWSConfig/resolve(profile:region:endpoint:caBundlePath:mfaTokenCode:environment:)``
/// does, for callers who want it.)
package enum RegionResolver {
    /// A region and where it came from.
    package struct Resolved: Sendable, Hashable {
        /// The region name, e.g. `eu-west-1`.
        package var region: String
        /// `explicit`, `AWS_REGION`, `AWS_DEFAULT_REGION` or `profile NAME`.
        package var source: String
    }

    /// The first region set, or `nil` when none is.
    package static func resolve(explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment, shared: SharedConfiguration) -> Resolved? {
        if let region = nonEmpty(explicit) { return Resolved(region: region, source: "explicit") }
        if let region = nonEmpty(environment["AWS_REGION"]) { return Resolved(region: region, source: "AWS_REGION") }
        if let region = nonEmpty(environment["AWS_DEFAULT_REGION"]) { return Resolved(region: region, source: "AWS_DEFAULT_REGION") }
        if let region = nonEmpty(shared.profile?["region"]) { return Resolved(region: region, source: "profile \(shared.profileName)") }
        return nil
    }
}
