import ArgumentParser
import KMS
import KMSCLI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The options every command takes, named as the AWS CLI names them, so a command line written
/// for `aws kms` carries over: how to reach KMS (``ConnectionOptions``) and how to print.
struct GlobalOptions: ParsableArguments {
    /// Region, endpoint, profile, timeouts, CA bundle, `--debug`.
    @OptionGroup var connection: ConnectionOptions

    /// `--output json|text|table`; without it, `AWS_DEFAULT_OUTPUT`, then json.
    @Option(name: .customLong("output"), help: "Output format, as the AWS CLI prints it (default: AWS_DEFAULT_OUTPUT, then json).")
    var output: OutputFormatArgument?

    /// `--query`: a JMESPath expression applied before printing.
    @Option(name: .customLong("query"), help: "A JMESPath expression that picks what to print: a.b, [0], [1:3], [*], [], *, [a, b], {K: a}, [?a=='x'], |, length(), contains(), starts_with() (docs/CLI.md).")
    var query: String?

    /// `--no-paginate`: one request for list commands, its page printed as it is.
    @Flag(name: .customLong("no-paginate"), help: "List commands: make one request and print that page with its NextMarker.")
    var noPaginate = false

    /// Whether `--debug` was given.
    var debug: Bool { connection.debug }

    func validate() throws {
        if let query { _ = try usageCheck { try Query(query) } }
    }

    /// With `--debug`, writes on stderr how a map option's value was read.
    func debugNote(unpacked option: String, _ value: String) {
        guard debug, let pairs = try? ParameterValue.stringMap(value, option: option) else { return }
        let text = pairs.map { JSONOutput.quoted($0.0) + ": " + JSONOutput.quoted($0.1) }.joined(separator: ", ")
        writeToStandardError("kms: unpacked value of \(option): {\(text)}")
    }

    /// The output format: `--output`, else `AWS_DEFAULT_OUTPUT` as the AWS CLI reads it, else
    /// json. A bad `AWS_DEFAULT_OUTPUT` is a configuration error (253), found before sending.
    func outputFormat(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> OutputFormat {
        if let output { return output.format }
        guard let name = environment["AWS_DEFAULT_OUTPUT"], !name.isEmpty else { return .json }
        guard let format = OutputFormatArgument(rawValue: name) else {
            throw AWSConfigError(code: .invalidSetting, message: "AWS_DEFAULT_OUTPUT must be json, text or table, got '\(name)'")
        }
        return format.format
    }

    /// Applies `--query` to `value` and prints it in the `--output` format; `title` is the
    /// operation's name, the table's caption.
    func print(_ value: JSONOutput, title: String) throws {
        if let query {
            writeToStandardOutput(try outputFormat().render(try Query(query).search(value), title: title))
            return
        }
        // As the AWS CLI: in text, a listing's NextToken comes last, on a line of its own.
        let format = try outputFormat()
        if format == .text, case .object(let members) = value, let token = value[member: "NextToken"] {
            let rest = JSONOutput.object(members.filter { $0.0 != "NextToken" })
            writeToStandardOutput(OutputFormat.text.render(rest, title: title) + "NEXTTOKEN\t" + TextFormatter.render(token))
            return
        }
        writeToStandardOutput(format.render(value, title: title))
    }
}

/// `--output`'s values.
enum OutputFormatArgument: String, ExpressibleByArgument, CaseIterable, Sendable {
    case json, text, table

    var format: OutputFormat {
        switch self {
        case .json: .json
        case .text: .text
        case .table: .table
        }
    }
}

extension GlobalOptions {
    /// The options above that take a value.
    static let names: Set<String> = [
        "--region", "--endpoint-url", "--profile", "--output", "--query", "--cli-connect-timeout", "--cli-read-timeout",
        "--ca-bundle",
    ]
    /// The options above that take none.
    static let flags: Set<String> = ["--debug", "--no-paginate", "--no-verify-ssl"]

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
            } else if flags.contains(argument) {
                leading.append(argument)
                index += 1
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
