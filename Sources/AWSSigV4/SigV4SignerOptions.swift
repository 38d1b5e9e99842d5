extension SigV4Signer {
    /// How requests are canonicalized and what is added.
    ///
    /// The defaults are what every AWS service but S3 expects; S3 wants `normalizePath` and
    /// `doubleEncodePath` off.
    public struct Options: Sendable, Hashable {
        /// Resolve `.`/`..` and merge repeated `/` in the canonical path (every service but S3).
        public var normalizePath: Bool = true
        /// Percent-encode the already-encoded path again (every service but S3). When off, the
        /// path is encoded once and `%XY` already in it is kept.
        public var doubleEncodePath: Bool = true
        /// Add and sign `x-amz-content-sha256` (header signing only).
        public var addContentSHA256Header: Bool = false
        /// Sign the session token (the default), or add it after signing (some services want this).
        public var signSessionToken: Bool = true

        /// The defaults: normalized, double-encoded path, no `x-amz-content-sha256`, token signed.
        public init() {}

        /// Options with each setting given.
        public init(
            normalizePath: Bool = true,
            doubleEncodePath: Bool = true,
            addContentSHA256Header: Bool = false,
            signSessionToken: Bool = true
        ) {
            self.normalizePath = normalizePath
            self.doubleEncodePath = doubleEncodePath
            self.addContentSHA256Header = addContentSHA256Header
            self.signSessionToken = signSessionToken
        }

        /// What S3 expects: the path as sent, encoded once, not normalized; the payload hash in
        /// `x-amz-content-sha256`.
        public static let s3 = Options(normalizePath: false, doubleEncodePath: false, addContentSHA256Header: true)
    }
}
