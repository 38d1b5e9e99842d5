#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// CONTRACT STUB — the sigv4 work replaces the bodies; the public signatures are what KMS uses.

/// Signs requests for one region and service with AWS Signature Version 4.
public final class SigV4Signer: Sendable {
    /// How requests are canonicalized and what is added.
    public struct Options: Sendable {
        /// Resolve `.`/`..` and merge repeated `/` in the canonical path (every service but S3).
        public var normalizePath: Bool = true
        /// Percent-encode the already-encoded path again (every service but S3).
        public var doubleEncodePath: Bool = true
        /// Add and sign `x-amz-content-sha256` (header signing only).
        public var addContentSHA256Header: Bool = false
        /// Sign the session token (the default), or add it after signing (some services want this).
        public var signSessionToken: Bool = true
        public init() {}
    }

    public let region: String
    public let service: String
    public let options: Options

    public init(region: String, service: String, options: Options = Options()) {
        self.region = region
        self.service = service
        self.options = options
    }

    /// Signs with headers: returns the headers to add (`X-Amz-Date`, `X-Amz-Security-Token`,
    /// `x-amz-content-sha256`, `Authorization`) and the intermediate strings.
    public func sign(_ request: SigV4Request, credentials: AWSCredentials, date: Date) -> SigV4HeaderSignature {
        fatalError("not implemented yet")
    }

    /// Signs with the query string (a presigned URL): returns the full query to send.
    /// `expires` is in seconds, 1…604800.
    public func presign(_ request: SigV4Request, credentials: AWSCredentials, date: Date, expires: Int) throws -> SigV4QuerySignature {
        fatalError("not implemented yet")
    }
}

/// The result of header signing.
public struct SigV4HeaderSignature: Sendable {
    public var canonicalRequest: String
    public var stringToSign: String
    public var signature: String
    /// Headers to add to the request, in this order.
    public var headers: [(name: String, value: String)]
}

/// The result of query signing.
public struct SigV4QuerySignature: Sendable {
    public var canonicalRequest: String
    public var stringToSign: String
    public var signature: String
    /// The query string to send (the request's own parameters first, then the `X-Amz-*` ones), without `?`.
    public var query: String
}
