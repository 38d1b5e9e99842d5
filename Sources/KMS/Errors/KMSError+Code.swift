extension KMSError {
    /// A KMS error code as a comparable value, with the service's exception names and the
    /// spellings mock servers use (moto's XML auth errors) mapped onto one member.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String

        /// The member's name, e.g. `notFound`.
        public var description: String { name }

        /// The key, alias or grant does not exist (`NotFoundException`).
        public static let notFound = Code(name: "notFound")
        /// The key is disabled (`DisabledException`).
        public static let disabled = Code(name: "disabled")
        /// The key cannot be used for this operation (`InvalidKeyUsageException`).
        public static let invalidKeyUsage = Code(name: "invalidKeyUsage")
        /// The key's state does not allow the operation, e.g. pending deletion
        /// (`KMSInvalidStateException`).
        public static let invalidState = Code(name: "invalidState")
        /// The key's material is not available right now (`KeyUnavailableException`).
        public static let keyUnavailable = Code(name: "keyUnavailable")
        /// A system KMS depends on did not answer in time; retryable (`DependencyTimeoutException`).
        public static let dependencyTimeout = Code(name: "dependencyTimeout")
        /// KMS failed internally; retryable (`KMSInternalException`, `InternalFailure`).
        public static let `internal` = Code(name: "internal")
        /// A grant token is not valid (`InvalidGrantTokenException`).
        public static let invalidGrantToken = Code(name: "invalidGrantToken")
        /// The ciphertext is corrupt or its encryption context does not match
        /// (`InvalidCiphertextException`).
        public static let invalidCiphertext = Code(name: "invalidCiphertext")
        /// The ciphertext was encrypted under a different key than the one named (`IncorrectKeyException`).
        public static let incorrectKey = Code(name: "incorrectKey")
        /// The caller is not allowed to do this (`AccessDeniedException`, `AccessDenied`).
        public static let accessDenied = Code(name: "accessDenied")
        /// The signature does not match: usually a wrong secret key or a skewed clock
        /// (`InvalidSignatureException`, `SignatureDoesNotMatch`).
        public static let invalidSignature = Code(name: "invalidSignature")
        /// The access key id is not known (`UnrecognizedClientException`, `InvalidClientTokenId`).
        public static let unrecognizedClient = Code(name: "unrecognizedClient")
        /// The session token has expired (`ExpiredTokenException`, `ExpiredToken`, `RequestExpired`).
        public static let expiredToken = Code(name: "expiredToken")
        /// Too many requests; retry later (`ThrottlingException`, `Throttling`, …).
        public static let throttling = Code(name: "throttling")
        /// A parameter was rejected, by the service (`ValidationException`) or by the client
        /// before sending (then ``KMSError/status`` is nil).
        public static let validation = Code(name: "validation")
        /// An account limit was reached (`LimitExceededException`).
        public static let limitExceeded = Code(name: "limitExceeded")
        /// The pagination marker is not valid (`InvalidMarkerException`).
        public static let invalidMarker = Code(name: "invalidMarker")
        /// A dry run would have succeeded (`DryRunOperationException`): the expected answer to
        /// `dryRun: true`.
        public static let dryRun = Code(name: "dryRun")
        /// The ARN is not valid (`InvalidArnException`).
        public static let invalidArn = Code(name: "invalidArn")
        /// The alias name is not valid (`InvalidAliasNameException`).
        public static let invalidAliasName = Code(name: "invalidAliasName")
        /// The resource already exists (`AlreadyExistsException`).
        public static let alreadyExists = Code(name: "alreadyExists")
        /// A tag is not valid (`TagException`).
        public static let tag = Code(name: "tag")
        /// The operation is not supported for this key (`UnsupportedOperationException`).
        public static let unsupportedOperation = Code(name: "unsupportedOperation")
        /// The request was not signed, or not completely (`MissingAuthenticationTokenException`,
        /// `IncompleteSignatureException`, `MissingAuthenticationToken`).
        public static let missingAuthentication = Code(name: "missingAuthentication")
        /// The service is temporarily unavailable; retryable (`ServiceUnavailableException`).
        public static let serviceUnavailable = Code(name: "serviceUnavailable")
        /// The response could not be understood: not JSON, the wrong shape, or invalid base64.
        /// See ``KMSError/bodyExcerpt``.
        public static let invalidResponse = Code(name: "invalidResponse")
        /// The call was made after ``KMSClient/shutdown()`` began, so it was not sent. Raised by
        /// the client, never by the service; not retried.
        public static let clientShutDown = Code(name: "clientShutDown")
        /// An error code the client does not know, or an error response without a code (see
        /// ``KMSError/rawCode`` and ``KMSError/status``).
        public static let unknown = Code(name: "unknown")

        /// Maps a wire error code (already stripped of any `namespace#` prefix) to a member.
        public init(wireCode: String) {
            self = Self.byWireCode[wireCode] ?? .unknown
        }

        private init(name: String) {
            self.name = name
        }

        private static let byWireCode: [String: Code] = [
            "NotFoundException": .notFound,
            "DisabledException": .disabled,
            "InvalidKeyUsageException": .invalidKeyUsage,
            "KMSInvalidStateException": .invalidState,
            "KeyUnavailableException": .keyUnavailable,
            "DependencyTimeoutException": .dependencyTimeout,
            "KMSInternalException": .internal,
            "InternalFailure": .internal,
            "InternalError": .internal,
            "InvalidGrantTokenException": .invalidGrantToken,
            "InvalidCiphertextException": .invalidCiphertext,
            "IncorrectKeyException": .incorrectKey,
            "AccessDeniedException": .accessDenied,
            "AccessDenied": .accessDenied,
            "InvalidSignatureException": .invalidSignature,
            "SignatureDoesNotMatch": .invalidSignature,
            "UnrecognizedClientException": .unrecognizedClient,
            "InvalidClientTokenId": .unrecognizedClient,
            "ExpiredTokenException": .expiredToken,
            "ExpiredToken": .expiredToken,
            "RequestExpired": .expiredToken,
            "ThrottlingException": .throttling,
            "Throttling": .throttling,
            "ThrottledException": .throttling,
            "TooManyRequestsException": .throttling,
            "RequestLimitExceeded": .throttling,
            "ValidationException": .validation,
            "ValidationError": .validation,
            "SerializationException": .validation,
            "LimitExceededException": .limitExceeded,
            "InvalidMarkerException": .invalidMarker,
            "DryRunOperationException": .dryRun,
            "InvalidArnException": .invalidArn,
            "InvalidAliasNameException": .invalidAliasName,
            "AlreadyExistsException": .alreadyExists,
            "TagException": .tag,
            "UnsupportedOperationException": .unsupportedOperation,
            "MissingAuthenticationTokenException": .missingAuthentication,
            "MissingAuthenticationToken": .missingAuthentication,
            "IncompleteSignatureException": .missingAuthentication,
            "IncompleteSignature": .missingAuthentication,
            "ServiceUnavailableException": .serviceUnavailable,
            "ServiceUnavailable": .serviceUnavailable,
        ]
    }
}
