import ArgumentParser
import KMS

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `kms`: a thin command line over the KMS library, flags and JSON output as the AWS CLI's
/// `aws kms`, so scripts and habits carry over.
///
/// Exit status: 0 on success, 1 when the request failed (a service error, printed as the AWS
/// CLI prints it, or no connection, or no credentials), 2 for a usage error.
@main
struct KMSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kms",
        abstract: "Call AWS KMS: list keys, generate and decrypt data keys.",
        discussion: """
            Credentials come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, \
            AWS_SESSION_TOKEN); the region from --region, AWS_REGION or AWS_DEFAULT_REGION. \
            Output is JSON with the AWS CLI's field names. Exit status: 0 success, 1 request \
            failed, 2 usage error.
            """,
        subcommands: [
            ListKeys.self, GenerateDataKey.self, Decrypt.self, Encrypt.self, CreateKey.self, DescribeKey.self,
            EncryptionSDKCommand.self,
        ]
    )

    /// Exit status for a request that failed: a service error, or no answer.
    static let requestFailed: Int32 = 1
    /// Exit status for a command line that does not parse or validate, or a configuration
    /// (region, credentials, endpoint) that does not say how to call KMS.
    static let usageError: Int32 = 2

    /// Parses and runs, mapping every failure to a message on stderr and the exit statuses
    /// above (ArgumentParser's own default for usage errors is 64).
    static func main() async {
        do {
            var command = try parseAsRoot(GlobalOptions.movedAfterSubcommand(Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            finish(with: error)
        }
        terminateProcess(0)
    }

    /// Help and version go to stdout with status 0; usage and configuration errors exit 2; a
    /// failed request exits 1 with the AWS CLI's wording.
    private static func finish(with error: any Error) -> Never {
        switch error {
        case let error as KMSError where error.code == .validation && error.status == nil:
            // Refused by the client before sending: the parameters were wrong.
            writeToStandardError("Parameter validation failed: \(error.message)")
            terminateProcess(usageError)
        case is AWSConfigError, is CredentialProviderError:
            writeToStandardError(FailureMessage.text(for: error))
            terminateProcess(usageError)
        case is KMSError, is HTTPClientError, is CancellationError:
            writeToStandardError(FailureMessage.text(for: error))
            terminateProcess(requestFailed)
        default:
            break
        }
        let code = exitCode(for: error)
        if code == .success {
            print(fullMessage(for: error))
            terminateProcess(0)
        }
        if code == .validationFailure {
            writeToStandardError(fullMessage(for: error))
            terminateProcess(usageError)
        }
        if let exitCode = error as? ExitCode {
            terminateProcess(exitCode.rawValue)
        }
        writeToStandardError(FailureMessage.text(for: error))
        terminateProcess(requestFailed)
    }
}

/// Ends the process with `status` (a free function: inside a command `exit` means
/// ArgumentParser's `exit(withError:)`).
func terminateProcess(_ status: Int32) -> Never {
    exit(status)
}

/// Writes one message and a newline to stderr.
func writeToStandardError(_ message: String) {
    let bytes = Array((message.hasSuffix("\n") ? message : message + "\n").utf8)
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}
