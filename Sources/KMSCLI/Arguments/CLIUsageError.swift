/// A command line that cannot be used as written: a malformed parameter value, a file that
/// cannot be read, a query that does not parse. Nothing is sent; `kms` exits with
/// ``ExitStatus/usage`` (252), as the AWS CLI does for a bad parameter.
package struct CLIUsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the option; never holds a file's contents.
    package var message: String

    package init(_ message: String) {
        self.message = message
    }

    package var description: String { message }
}
