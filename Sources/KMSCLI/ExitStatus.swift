/// The exit statuses of `kms`, the ones the AWS CLI (v2) documents, so scripts written for
/// `aws` read ours the same way.
package enum ExitStatus {
    /// The command succeeded (also `--help` and `--version`).
    package static let success: Int32 = 0
    /// The command line is wrong: unknown option, bad value, bad query. Nothing was sent.
    package static let usage: Int32 = 252
    /// The configuration is unusable: no region, no credentials, a bad profile or endpoint.
    package static let configuration: Int32 = 253
    /// The service answered with an error (`An error occurred (Code) when calling …`).
    package static let serviceError: Int32 = 254
    /// Anything else: no connection, a timeout, an unreadable answer.
    package static let other: Int32 = 255
    /// Interrupted by SIGINT (Ctrl-C).
    package static let interrupted: Int32 = 130
}
