#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Finds the PEM file of certificate authorities to trust, where botocore looks for it:
/// explicit → `AWS_CA_BUNDLE` → the profile's `ca_bundle`; none means the system's store.
///
/// Why checked at once: a bundle path that is wrong would otherwise show up as "SSL
/// certificate problem" on the first request, far from the setting that caused it. There is
/// no setting that turns certificate verification off, on purpose.
enum CABundleResolver {
    /// The bundle to use and where it was named, or `nil` for the system's trust store.
    static func resolve(explicit: String?, environment: [String: String], shared: SharedConfiguration) throws(AWSConfigError) -> String? {
        let named: (path: String, source: String)?
        if let path = nonEmpty(explicit) {
            named = (path, "caBundlePath")
        } else if let path = nonEmpty(environment["AWS_CA_BUNDLE"]) {
            named = (path, "AWS_CA_BUNDLE")
        } else if let path = nonEmpty(shared.profile?["ca_bundle"]) {
            named = (path, "profile \(shared.profileName) ca_bundle")
        } else {
            named = nil
        }
        guard let named else { return nil }
        let path = SharedConfiguration.expandHome(named.path, environment: environment)
        try check(path, source: named.source)
        return path
    }

    /// Refuses a bundle that cannot be read or holds no PEM certificate.
    static func check(_ path: String, source: String) throws(AWSConfigError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw AWSConfigError(code: .invalidCABundle, message: "\(source) names \(path), which does not exist")
        }
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw AWSConfigError(code: .invalidCABundle, message: "\(source) names \(path), which cannot be read as a file")
        }
        guard String(decoding: contents, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
            throw AWSConfigError(code: .invalidCABundle, message: "\(source) names \(path), which holds no PEM certificate")
        }
    }
}
