import KMS

/// Reads the values of parameters the way the AWS CLI does, one place for every option that
/// takes them:
///
/// - a map of strings (`--encryption-context`): JSON (`{"k":"v"}`) when the value starts with
///   `{`, else shorthand (`k1=v1,k2=v2`, see ``Shorthand``); `file://path` for either in a file;
/// - a blob (`--ciphertext-blob`, `--plaintext`): `fileb://path` for the file's raw bytes,
///   else base64 text (`file://path` for base64 text in a file), as AWS CLI v2 reads blobs;
/// - a list of strings (`--grant-tokens`): the words given, or one JSON array.
package enum ParameterValue {
    /// A blob parameter as given: base64 text for the library to check, or raw bytes.
    package enum Blob: Sendable {
        /// Base64 text, checked by the library before anything is sent.
        case base64(String)
        /// The raw bytes of a `fileb://` file, in memory that is zeroed on release.
        case bytes(KMSSecretBytes)

        /// The blob as base64 text (for parameters that are not secret, like a ciphertext).
        package var base64Text: String {
            switch self {
            case .base64(let text): text
            case .bytes(let bytes): bytes.base64EncodedString()
            }
        }
    }

    /// `--encryption-context`-style maps of strings.
    package static func stringMap(_ value: String, option: String) throws(CLIUsageError) -> [(String, String)] {
        var text = value
        if let (path, binary) = ParameterFile.reference(value) {
            text = try ParameterFile.text(path, option: option, scheme: binary ? "fileb://" : "file://")
        }
        let trimmed = text.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let pairs: [(String, String)]
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            pairs = try jsonStringMap(text, option: option)
        } else {
            pairs = try Shorthand.stringMap(text, option: option)
        }
        var seen = Set<String>()
        for (key, _) in pairs {
            guard !key.isEmpty else {
                throw CLIUsageError("Error parsing parameter '\(option)': a key is empty")
            }
            guard seen.insert(key).inserted else {
                throw CLIUsageError("Error parsing parameter '\(option)': the key \"\(key)\" is given more than once")
            }
        }
        return pairs
    }

    /// The same as ``stringMap(_:option:)``, as the dictionary the library takes.
    package static func stringDictionary(_ value: String?, option: String) throws(CLIUsageError) -> [String: String] {
        guard let value else { return [:] }
        var dictionary: [String: String] = [:]
        for (key, entry) in try stringMap(value, option: option) { dictionary[key] = entry }
        return dictionary
    }

    /// A blob parameter: `fileb://` raw bytes, else base64 text (directly or from `file://`).
    package static func blob(_ value: String, option: String) throws(CLIUsageError) -> Blob {
        guard let (path, binary) = ParameterFile.reference(value) else { return .base64(value) }
        if binary {
            var bytes = try ParameterFile.contents(path, option: option, scheme: "fileb://")
            defer { ParameterFile.wipe(&bytes) }
            return .bytes(KMSSecretBytes(copying: bytes))
        }
        // Base64 in a text file: a trailing newline (from `echo` or an editor) is not part of it.
        var text = try ParameterFile.text(path, option: option, scheme: "file://")
        while let last = text.last, last == "\n" || last == "\r" || last == " " { text.removeLast() }
        return .base64(text)
    }

    /// A list of strings: the words given, or a single JSON array of strings (`'["a","b"]'`),
    /// or `file://` holding one.
    package static func stringList(_ words: [String], option: String) throws(CLIUsageError) -> [String] {
        guard words.count == 1 else { return words }
        var text = words[0]
        if let (path, binary) = ParameterFile.reference(text) {
            text = try ParameterFile.text(path, option: option, scheme: binary ? "fileb://" : "file://")
        }
        guard text.drop(while: { $0 == " " }).hasPrefix("[") else { return [text] }
        guard case .array(let elements)? = try? JSONTree.parse(text) else {
            throw CLIUsageError("Error parsing parameter '\(option)': Invalid JSON: expected a list of strings")
        }
        var strings: [String] = []
        for element in elements {
            guard case .string(let string) = element else {
                throw CLIUsageError("Error parsing parameter '\(option)': every element of the list must be a string")
            }
            strings.append(string)
        }
        return strings
    }

    private static func jsonStringMap(_ text: String, option: String) throws(CLIUsageError) -> [(String, String)] {
        let tree: JSONTree
        do {
            tree = try JSONTree.parse(text)
        } catch {
            throw CLIUsageError("Error parsing parameter '\(option)': Invalid JSON")
        }
        guard case .object(let members) = tree else {
            throw CLIUsageError("Error parsing parameter '\(option)': expected a JSON object of strings, like {\"key\": \"value\"}")
        }
        var pairs: [(String, String)] = []
        for (key, value) in members {
            guard case .string(let string) = value else {
                throw CLIUsageError("Error parsing parameter '\(option)': the value of \"\(key)\" must be a string")
            }
            pairs.append((key, string))
        }
        return pairs
    }
}
