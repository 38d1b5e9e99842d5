import KMS
import CurlHTTP

/// The one line a failed request prints on stderr.
///
/// Service errors read as the AWS CLI writes them, `An error occurred (<Code>) when calling the
/// <Operation> operation: <message>`, so anything that greps for them keeps working. The texts
/// come from the errors' own fields, none of which holds a secret.
enum FailureMessage {
    static func text(for error: any Error) -> String {
        switch error {
        case let error as KMSError:
            let code = error.rawCode ?? error.code.description
            return "An error occurred (\(code)) when calling the \(error.operation) operation: \(error.message)"
        case let error as AWSConfigError:
            return "Configuration error (\(error.code)): \(error.message.isEmpty ? "see kms --help" : error.message)"
        case let error as CredentialProviderError:
            return "Unable to locate credentials: \(error)"
        case let error as HTTPClientError:
            return "Could not reach KMS: \(error)"
        case is CancellationError:
            return "Cancelled."
        default:
            return "Error: \(error)"
        }
    }
}
