import ArgumentParser

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How a command reaches KMS, as the AWS CLI names it: region, endpoint, profile, timeouts,
/// CA bundle, `--debug`. Every command takes these; ``GlobalOptions`` adds the output options
/// of the `aws kms` commands, which `encryption-sdk` (whose `--output` is a file, as in
/// aws-encryption-cli) does not take.
struct ConnectionOptions: ParsableArguments {
    /// Overrides `AWS_REGION` / `AWS_DEFAULT_REGION` / the profile's region.
    @Option(name: .customLong("region"), help: "The region to send requests to (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region).")
    var region: String?

    /// Sends requests to another endpoint than the region's, such as a local KMS.
    @Option(name: .customLong("endpoint-url"), help: "Send requests to this URL instead of the region's KMS endpoint (http only for a local server).")
    var endpointURL: String?

    /// A profile of `~/.aws/config` / `~/.aws/credentials`; beats `AWS_PROFILE`.
    @Option(name: .customLong("profile"), help: "The named profile of ~/.aws/config and ~/.aws/credentials to use (default: AWS_PROFILE, then default).")
    var profile: String?

    /// `--debug`: the request path's log on stderr, secrets redacted.
    @Flag(name: .customLong("debug"), help: "Log requests and responses on stderr (never a secret, a plaintext or an Authorization header).")
    var debug = false

    /// `--cli-connect-timeout` in seconds; 0 waits as long as it takes.
    @Option(name: .customLong("cli-connect-timeout"), help: "Seconds to wait for a connection (default 10; 0: no limit).")
    var connectTimeout: Double?

    /// `--cli-read-timeout` in seconds; 0 waits as long as it takes.
    @Option(name: .customLong("cli-read-timeout"), help: "Seconds to wait for the whole answer (default 60; 0: no limit).")
    var readTimeout: Double?

    /// `--ca-bundle`: the certificates to trust for https, instead of the system's.
    @Option(name: .customLong("ca-bundle"), help: "A PEM file of the certificate authorities to trust for https (default: AWS_CA_BUNDLE, the profile's ca_bundle, then the system's).")
    var caBundle: String?

    /// `--no-verify-ssl` is taken only to be refused: verification is never turned off.
    @Flag(name: .customLong("no-verify-ssl"), help: ArgumentHelp("Refused: kms always verifies certificates; give --ca-bundle for a private CA.", visibility: .hidden))
    var noVerifySSL = false

    func validate() throws {
        if noVerifySSL {
            throw ValidationError("--no-verify-ssl is not supported: kms always verifies TLS certificates; give --ca-bundle PATH to trust a private CA")
        }
        if let caBundle, !FileManager.default.isReadableFile(atPath: caBundle) {
            throw ValidationError("--ca-bundle: cannot read '\(caBundle)'")
        }
        if let region, region.isEmpty {
            throw ValidationError("--region must not be empty")
        }
        if let endpointURL {
            let host = endpointURL.hasPrefix("http://") ? endpointURL.dropFirst(7) : endpointURL.hasPrefix("https://") ? endpointURL.dropFirst(8) : nil
            guard let host, !host.isEmpty, !host.hasPrefix("/") else {
                throw ValidationError("--endpoint-url must be an http:// or https:// URL with a host, got '\(endpointURL)'")
            }
        }
        for (name, value) in [("--cli-connect-timeout", connectTimeout), ("--cli-read-timeout", readTimeout)] {
            if let value, !(value >= 0 && value <= 86_400) {
                throw ValidationError("\(name) must be 0...86400 seconds, got \(value)")
            }
        }
    }
}
