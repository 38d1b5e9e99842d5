import ArgumentParser
import KMSCLI

/// Runs a check from `validate()`, turning a ``CLIUsageError`` into ArgumentParser's
/// `ValidationError`, so it is printed with the usage line and exits 252.
func usageCheck<Result>(_ body: () throws -> Result) throws -> Result {
    do {
        return try body()
    } catch let error as CLIUsageError {
        throw ValidationError(error.message)
    }
}
