import ArgumentParser
import KMSCLI

/// `--encryption-context` with the ``RequestOptions``, read as the AWS CLI reads them: one place
/// for every data key and encrypt/decrypt command.
struct CryptoOptions: ParsableArguments {
    @Option(
        name: .customLong("encryption-context"),
        help: ArgumentHelp(
            "Pairs bound to the ciphertext; decrypt needs the same. Shorthand k1=v1,k2=v2, JSON {\"k\":\"v\"}, or file://path.",
            valueName: "context")
    )
    var encryptionContext: String?

    @OptionGroup var request: RequestOptions

    /// Whether `--dry-run` was given.
    var dryRun: Bool { request.dryRun }

    /// The context as the library takes it; a malformed one is a usage error (252).
    func context() throws -> [String: String] {
        try ParameterValue.stringDictionary(encryptionContext, option: "--encryption-context")
    }

    /// The same, noting with `--debug` what the value was read as (a context is not secret:
    /// KMS logs it in CloudTrail), as the AWS CLI's "Unpacked value" line does.
    func context(_ global: GlobalOptions) throws -> [String: String] {
        guard let encryptionContext else { return [:] }
        global.debugNote(unpacked: "--encryption-context", encryptionContext)
        return try context()
    }

    /// The grant tokens as the library takes them.
    func tokens() throws -> [String] {
        try request.tokens()
    }

    func validate() throws {
        _ = try usageCheck { try context() }
    }
}
