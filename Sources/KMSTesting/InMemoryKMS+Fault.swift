import KMS

extension InMemoryKMS {
    /// A failure the in-memory KMS serves instead of an answer, to test how code copes.
    public struct Fault: Sendable {
        enum Kind: Sendable {
            case error(status: Int, code: String, message: String)
            case transport(any Error & Sendable)
        }

        let kind: Kind

        /// `ThrottlingException` (HTTP 400), which the client retries.
        public static let throttling = Fault.error(status: 400, code: "ThrottlingException", message: "Rate exceeded")
        /// `KMSInternalException` (HTTP 500), which the client retries.
        public static let internalFailure = Fault.error(status: 500, code: "KMSInternalException", message: "injected internal failure")
        /// `AccessDeniedException` (HTTP 400), which is not retried.
        public static let accessDenied = Fault.error(status: 400, code: "AccessDeniedException", message: "injected access denial")

        /// Any KMS error answer: `status`, the `__type` `code` and `message`.
        public static func error(status: Int, code: String, message: String = "injected failure") -> Fault {
            Fault(kind: .error(status: status, code: code, message: message))
        }

        /// No answer at all: the transport throws `error` (for instance one of CurlHTTP's
        /// `HTTPClientError` members), as when the connection fails.
        public static func transport(_ error: any Error & Sendable) -> Fault {
            Fault(kind: .transport(error))
        }
    }
}
