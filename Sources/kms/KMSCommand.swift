import ArgumentParser
import KMS
import KMSCLI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CurlHTTP

/// `kms`: a thin command line over the KMS library, flags, output and exit statuses as the AWS
/// CLI's `aws kms`, so scripts and habits carry over.
@main
struct KMSCommand: AsyncParsableCommand {
    /// Printed by `--version`.
    static let version = "kms/\(KMSClient.libraryVersion) (swift-kms)"

    static let configuration = CommandConfiguration(
        commandName: "kms",
        abstract: "Call AWS KMS as `aws kms` does: keys, aliases, data keys, encrypt and decrypt.",
        discussion: """
            Credentials are found as the AWS CLI finds them: AWS_ACCESS_KEY_ID / \
            AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the profile (--profile, AWS_PROFILE, \
            default) in ~/.aws/credentials and ~/.aws/config (keys or credential_process), else \
            web identity (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE), else the container \
            endpoint, else EC2 instance metadata (AWS_EC2_METADATA_DISABLED=true turns it off). \
            The region comes from --region, AWS_REGION, AWS_DEFAULT_REGION or the profile. \
            Values: --encryption-context takes shorthand k1=v1,k2=v2, JSON or file://path; blobs \
            take base64 or fileb://path. Output: --output json|text|table, --query JMESPath. \
            Exit status: 0 success, 252 bad command line, 253 bad configuration or no \
            credentials, 254 the service returned an error, 255 anything else, 130 interrupted.
            """,
        version: version,
        subcommands: [
            ListKeys.self, ListAliases.self, DescribeKey.self, CreateKey.self,
            GenerateDataKey.self, GenerateDataKeyWithoutPlaintext.self,
            GenerateDataKeyPair.self, GenerateDataKeyPairWithoutPlaintext.self,
            Encrypt.self, Decrypt.self, ReEncrypt.self, GenerateRandom.self,
            EncryptionSDKCommand.self,
        ]
    )

    /// Parses and runs, mapping every failure to a message on stderr and an exit status of
    /// ``ExitStatus``.
    static func main() async {
        // Ctrl-C: the AWS CLI's 130, at once (async-signal-safe: only _exit).
        signal(SIGINT) { _ in _exit(130) }  // ExitStatus.interrupted; a literal, as a static could need lazy setup here
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
        terminateProcess(ExitStatus.success)
    }

    /// Help and version go to stdout with status 0; everything else to stderr with the status
    /// the AWS CLI documents for it.
    private static func finish(with error: any Error) -> Never {
        switch error {
        case let error as KMSError where error.code == .validation && error.status == nil:
            // Refused by the client before sending: the parameters were wrong.
            writeToStandardError("Parameter validation failed:\n\(error.message)")
            terminateProcess(ExitStatus.usage)
        case let error as CLIUsageError:
            writeToStandardError(error.message)
            terminateProcess(ExitStatus.usage)
        case is AWSConfigError, is CredentialProviderError:
            writeToStandardError(FailureMessage.text(for: error))
            terminateProcess(ExitStatus.configuration)
        case let error as KMSError where error.status != nil && error.code != .invalidResponse:
            // An answer that cannot be read is not the service's error: that one falls to 255.
            writeToStandardError(FailureMessage.text(for: error))
            terminateProcess(ExitStatus.serviceError)
        case is CancellationError:
            writeToStandardError(FailureMessage.text(for: error))
            terminateProcess(ExitStatus.interrupted)
        case is KMSError, is HTTPClientError:
            writeToStandardError(FailureMessage.text(for: error))
            terminateProcess(ExitStatus.other)
        default:
            break
        }
        let code = exitCode(for: error)
        if code == .success {
            writeToStandardOutput(fullMessage(for: error) + "\n")
            terminateProcess(ExitStatus.success)
        }
        if code == .validationFailure {
            writeToStandardError(fullMessage(for: error))
            terminateProcess(ExitStatus.usage)
        }
        if let exitCode = error as? ExitCode {
            terminateProcess(exitCode.rawValue)
        }
        writeToStandardError(FailureMessage.text(for: error))
        terminateProcess(ExitStatus.other)
    }
}

/// Ends the process with `status` (a free function: inside a command `exit` means
/// ArgumentParser's `exit(withError:)`).
func terminateProcess(_ status: Int32) -> Never {
    exit(status)
}

/// Writes one message and a newline to stderr.
func writeToStandardError(_ message: String) {
    writeAll(message.hasSuffix("\n") ? message : message + "\n", to: STDERR_FILENO)
}

/// Writes `text` as it is to stdout (the formatters end their output with a newline).
func writeToStandardOutput(_ text: String) {
    writeAll(text, to: STDOUT_FILENO)
}

private func writeAll(_ text: String, to descriptor: Int32) {
    let bytes = Array(text.utf8)
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}
