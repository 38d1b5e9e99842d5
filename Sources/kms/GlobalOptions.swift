import ArgumentParser

/// The options every command takes, named as the AWS CLI names them, so a command line written
/// for `aws kms` carries over.
struct GlobalOptions: ParsableArguments {
    /// Overrides `AWS_REGION` / `AWS_DEFAULT_REGION`.
    @Option(name: .customLong("region"), help: "The region to send requests to (default: AWS_REGION, then AWS_DEFAULT_REGION).")
    var region: String?

    /// Sends requests to another endpoint than the region's, such as a local KMS.
    @Option(name: .customLong("endpoint-url"), help: "Send requests to this URL instead of the region's KMS endpoint (http only for a local server).")
    var endpointURL: String?

    /// A profile of `~/.aws/config` / `~/.aws/credentials`; beats `AWS_PROFILE`.
    @Option(name: .customLong("profile"), help: "The named profile of ~/.aws/config and ~/.aws/credentials to use (default: AWS_PROFILE, then default).")
    var profile: String?

    func validate() throws {
        if let region, region.isEmpty {
            throw ValidationError("--region must not be empty")
        }
        if let endpointURL, !(endpointURL.hasPrefix("http://") || endpointURL.hasPrefix("https://")) {
            throw ValidationError("--endpoint-url must start with http:// or https://, got '\(endpointURL)'")
        }
    }
}

extension GlobalOptions {
    /// The options above that take a value.
    static let names: Set<String> = ["--region", "--endpoint-url", "--profile"]

    /// Moves global options written before the subcommand (`kms --region r list-keys`) to
    /// after it, where the subcommand parses them: the AWS CLI takes them in either place.
    static func movedAfterSubcommand(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if names.contains(argument), index + 1 < arguments.endIndex {
                leading += arguments[index...(index + 1)]
                index += 2
            } else if let equals = argument.firstIndex(of: "="), names.contains(String(argument[..<equals])) {
                leading.append(argument)
                index += 1
            } else {
                break
            }
        }
        guard !leading.isEmpty, index < arguments.endIndex else { return arguments }
        return Array(arguments[index...]) + leading
    }
}
