/// An endpoint URL set by the user outside the code, found the way the SDKs' "service-specific
/// endpoints" feature looks for it.
///
/// Order: `AWS_ENDPOINT_URL_<SERVICE>` → `AWS_ENDPOINT_URL` → the profile's `services` section
/// entry for the service → the profile's `endpoint_url`. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`
/// (or profile `ignore_configured_endpoint_urls`) set to `true` turns all four off.
package struct ConfiguredEndpoint: Sendable, Hashable {
    /// The URL as configured.
    package var url: String
    /// Where it was found: `AWS_ENDPOINT_URL_KMS`, `AWS_ENDPOINT_URL`, `services section`, `profile`.
    package var source: String

    /// Creates a configured endpoint.
    package init(url: String, source: String) {
        self.url = url
        self.source = source
    }

    /// Looks for an endpoint configured for a service. `serviceId` is the SDK service id
    /// (`KMS`, `STS`): the variable is `AWS_ENDPOINT_URL_` plus the id uppercased with spaces
    /// as underscores, the services-section key is the id lowercased the same way.
    package static func resolve(serviceId: String, environment: [String: String], shared: SharedConfiguration) -> ConfiguredEndpoint? {
        let ignore = nonEmpty(environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]) ?? shared.profile?["ignore_configured_endpoint_urls"]
        if ignore?.lowercased() == "true" { return nil }
        let envSuffix = String(serviceId.uppercased().map { $0 == " " ? "_" : $0 })
        let variable = "AWS_ENDPOINT_URL_" + envSuffix
        if let url = nonEmpty(environment[variable]) { return ConfiguredEndpoint(url: url, source: variable) }
        if let url = nonEmpty(environment["AWS_ENDPOINT_URL"]) { return ConfiguredEndpoint(url: url, source: "AWS_ENDPOINT_URL") }
        if let url = nonEmpty(shared.serviceSetting(serviceId, "endpoint_url")) {
            return ConfiguredEndpoint(url: url, source: "services section")
        }
        if let url = nonEmpty(shared.profile?["endpoint_url"]) { return ConfiguredEndpoint(url: url, source: "profile") }
        return nil
    }
}
