import ArgumentParser

/// One `key=value` pair of `--encryption-context`, split at the first `=`.
///
/// The value may itself hold `=` or `,`; the key may not be empty. A malformed pair is a usage
/// error (exit status 2), caught before any request is sent.
struct EncryptionContextArgument: ExpressibleByArgument, Sendable, Equatable {
    /// The context key.
    var key: String
    /// Its value.
    var value: String

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else { return nil }
        key = String(argument[..<equals])
        value = String(argument[argument.index(after: equals)...])
    }

    /// Folds pairs into the dictionary KMS takes; a key given twice is a usage error.
    static func dictionary(_ pairs: [EncryptionContextArgument]) throws -> [String: String] {
        var context: [String: String] = [:]
        for pair in pairs {
            guard context.updateValue(pair.value, forKey: pair.key) == nil else {
                throw ValidationError("--encryption-context gives the key '\(pair.key)' more than once")
            }
        }
        return context
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
