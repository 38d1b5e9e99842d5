/// Why no endpoint or region could be settled.
///
/// Compare with the static members (`error == .missingRegion`).
package struct EndpointResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The code's name.
        package var description: String { name }

        /// No region from any source, and no endpoint given.
        package static let missingRegion = Code(name: "missingRegion")
        /// A region name that cannot be part of a host name.
        package static let invalidRegion = Code(name: "invalidRegion")
        /// FIPS asked for together with a custom endpoint (the ruleset refuses it).
        package static let fipsWithCustomEndpoint = Code(name: "fipsWithCustomEndpoint")
        /// Dual-stack asked for together with a custom endpoint (the ruleset refuses it).
        package static let dualStackWithCustomEndpoint = Code(name: "dualStackWithCustomEndpoint")
        /// An endpoint URL that is not `http(s)://host[:port][/path]`.
        package static let invalidEndpointURL = Code(name: "invalidEndpointURL")
        /// A setting with a value it cannot have (`AWS_USE_FIPS_ENDPOINT=maybe`).
        package static let invalidSetting = Code(name: "invalidSetting")
    }

    /// The kind of failure.
    package var code: Code
    /// Details, safe to log.
    package var message: String

    /// Creates an error.
    package init(code: Code, message: String = "") {
        self.code = code
        self.message = message
    }

    /// No region anywhere.
    package static let missingRegion = EndpointResolutionError(code: .missingRegion)
    /// An unusable region name.
    package static let invalidRegion = EndpointResolutionError(code: .invalidRegion)
    /// FIPS with a custom endpoint.
    package static let fipsWithCustomEndpoint = EndpointResolutionError(code: .fipsWithCustomEndpoint)
    /// Dual-stack with a custom endpoint.
    package static let dualStackWithCustomEndpoint = EndpointResolutionError(code: .dualStackWithCustomEndpoint)
    /// An unusable endpoint URL.
    package static let invalidEndpointURL = EndpointResolutionError(code: .invalidEndpointURL)
    /// An unusable setting value.
    package static let invalidSetting = EndpointResolutionError(code: .invalidSetting)

    /// Equal when the codes are, whatever the message.
    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, matching `==`.
    package func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// A readable summary without secrets.
    package var description: String {
        "EndpointResolutionError.\(code)" + (message.isEmpty ? "" : ": \(message)")
    }
}
