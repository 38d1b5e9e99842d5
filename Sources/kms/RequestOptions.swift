import ArgumentParser
import KMSCLI

/// `--grant-tokens` and `--dry-run`, which every data key and encrypt/decrypt command takes,
/// read as the AWS CLI reads them.
struct RequestOptions: ParsableArguments {
    @Option(
        name: .customLong("grant-tokens"),
        parsing: .upToNextOption,
        help: ArgumentHelp("Grant tokens: several words, or one JSON list.", valueName: "token")
    )
    var grantTokens: [String] = []

    @Flag(
        name: .customLong("dry-run"), inversion: .prefixedNo,
        help: "Only check permissions: KMS answers DryRunOperationException (exit 254) when the call would succeed.")
    var dryRun = false

    /// The grant tokens as the library takes them; a malformed JSON list is a usage error (252).
    func tokens() throws -> [String] {
        try ParameterValue.stringList(grantTokens, option: "--grant-tokens")
    }

    func validate() throws {
        _ = try usageCheck { try tokens() }
    }
}
