/// Why no endpoint or region could be settled.
///
/// Compare with the static members (`error == .missingRegion`).
public struct EndpointResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The code's name.
        public var description: String { name }

        /// No region from any source, and no endpoint given.
        public static let missingRegion = Code(name: "missingRegion")
        /// A region name that cannot be part of a host name.
        public static let invalidRegion = Code(name: "invalidRegion")
        /// FIPS asked for together with a custom endpoint (the ruleset refuses it).
        public static let fipsWithCustomEndpoint = Code(name: "fipsWithCustomEndpoint")
        /// Dual-stack asked for together with a custom endpoint (the ruleset refuses it).
        public static let dualStackWithCustomEndpoint = Code(name: "dualStackWithCustomEndpoint")
        /// An endpoint URL that is not `http(s)://host[:port][/path]`.
        public static let invalidEndpointURL = Code(name: "invalidEndpointURL")
        /// A setting with a value it cannot have (`AWS_USE_FIPS_ENDPOINT=maybe`).
        public static let invalidSetting = Code(name: "invalidSetting")
    }

    /// The kind of failure.
    public var code: Code
    /// Details, safe to log.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String = "") {
        self.code = code
        self.message = message
    }

    /// No region anywhere.
    public static let missingRegion = EndpointResolutionError(code: .missingRegion)
    /// An unusable region name.
    public static let invalidRegion = EndpointResolutionError(code: .invalidRegion)
    /// FIPS with a custom endpoint.
    public static let fipsWithCustomEndpoint = EndpointResolutionError(code: .fipsWithCustomEndpoint)
    /// Dual-stack with a custom endpoint.
    public static let dualStackWithCustomEndpoint = EndpointResolutionError(code: .dualStackWithCustomEndpoint)
    /// An unusable endpoint URL.
    public static let invalidEndpointURL = EndpointResolutionError(code: .invalidEndpointURL)
    /// An unusable setting value.
    public static let invalidSetting = EndpointResolutionError(code: .invalidSetting)

    /// Equal when the codes are, whatever the message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, matching `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// A readable summary without secrets.
    public var description: String {
        "EndpointResolutionError.\(code)" + (message.isEmpty ? "" : ": \(message)")
    }
}
