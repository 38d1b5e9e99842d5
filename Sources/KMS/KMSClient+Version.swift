extension KMSClient {
    /// This library's release, as in CHANGELOG.md and the git tag (SemVer).
    ///
    /// Every request carries it in its `User-Agent` (`swift-kms/<version>`), so a service log or
    /// a proxy can tell which release sent a call; the `kms` command line prints it with
    /// `--version`.
    public static let libraryVersion = "0.2.0"
}
