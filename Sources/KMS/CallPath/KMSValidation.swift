/// Client-side checks run before a request is built, using the service's own limits (never
/// stricter), so an obviously bad call fails fast with ``KMSError/Code/validation`` and sends
/// nothing. Messages name the parameter and the limit, never the value.
enum KMSValidation {
    static func keyId(_ value: String, parameter: String = "KeyId", operation: String) throws(KMSError) {
        try length(value, parameter: parameter, in: 1...2048, operation: operation)
    }

    static func numberOfBytes(_ value: Int, operation: String) throws(KMSError) {
        guard (1...1024).contains(value) else {
            throw .validation(operation, "NumberOfBytes must be 1...1024, got \(value)")
        }
    }

    static func grantTokens(_ tokens: [String], operation: String) throws(KMSError) {
        guard tokens.count <= 10 else {
            throw .validation(operation, "GrantTokens holds at most 10 tokens, got \(tokens.count)")
        }
        for token in tokens {
            try length(token, parameter: "GrantTokens", in: 1...8192, operation: operation)
        }
    }

    static func limit(_ value: Int?, operation: String) throws(KMSError) {
        guard let value else { return }
        guard (1...1000).contains(value) else {
            throw .validation(operation, "Limit must be 1...1000, got \(value)")
        }
    }

    static func marker(_ value: String?, operation: String) throws(KMSError) {
        guard let value else { return }
        try length(value, parameter: "Marker", in: 1...320, operation: operation)
        // KMS's pattern is [\u0020-\u00FF]*: no control characters, nothing past Latin-1.
        guard value.unicodeScalars.allSatisfy({ (0x20...0xFF).contains($0.value) }) else {
            throw .validation(operation, "Marker must be made of characters U+0020...U+00FF")
        }
    }

    static func description(_ value: String?, operation: String) throws(KMSError) {
        guard let value else { return }
        try length(value, parameter: "Description", in: 0...8192, operation: operation)
    }

    /// A base64 blob: canonical padded base64 of 1…`maximumBytes` bytes.
    static func ciphertextBlob(_ value: String, operation: String) throws(KMSError) {
        guard let count = Base64.decodedCount(of: value.utf8) else {
            throw .validation(operation, "CiphertextBlob must be valid base64")
        }
        guard (1...6144).contains(count) else {
            throw .validation(operation, "CiphertextBlob must decode to 1...6144 bytes, got \(count)")
        }
    }

    static func plaintextCount(_ count: Int, operation: String) throws(KMSError) {
        guard (1...4096).contains(count) else {
            throw .validation(operation, "Plaintext must be 1...4096 bytes, got \(count)")
        }
    }

    private static func length(
        _ value: String, parameter: String, in range: ClosedRange<Int>, operation: String
    ) throws(KMSError) {
        let count = value.count
        guard range.contains(count) else {
            throw .validation(operation, "\(parameter) must be \(range.lowerBound)...\(range.upperBound) characters, got \(count)")
        }
    }
}
