/// The canonical query string of a SigV4 canonical request.
///
/// The query is split on `&`, each parameter at its first `=` (a parameter without `=` has an
/// empty value), empty parameters are dropped. Keys and values are URI-encoded (raw text
/// encoded, `%XY` already there kept), sorted by key and then by value, byte by byte, and
/// joined as `key=value` with `&`.
struct CanonicalQuery {
    /// One parameter, encoded.
    struct Parameter {
        var key: [UInt8]
        var value: [UInt8]

        /// Whether `self` sorts before `other`: by key, then by value, as bytes.
        func precedes(_ other: Parameter) -> Bool {
            if key != other.key { return key.lexicographicallyPrecedes(other.key) }
            return value.lexicographicallyPrecedes(other.value)
        }
    }

    /// The encoded parameters, in the order given.
    var parameters: [Parameter] = []
    /// The request's own parameters as they were written, minus the dropped ones, for the
    /// query string to send.
    var rawParameters: [Substring] = []

    init() {}

    /// Parses `query`, leaving out parameters whose raw key is one of `excludedKeys` (the ones
    /// a presigned URL sets itself).
    init(parsing query: String, excludingKeys excludedKeys: [String] = []) {
        guard !query.isEmpty else { return }
        // Split on bytes, not Characters: a combining mark after `&` or `=` would otherwise glue
        // to it in one grapheme and hide the separator.
        for componentBytes in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let key: Substring.UTF8View
            let value: Substring.UTF8View
            if let equals = componentBytes.firstIndex(of: UInt8(ascii: "=")) {
                key = componentBytes[componentBytes.startIndex..<equals]
                value = componentBytes[componentBytes.index(after: equals)...]
            } else {
                key = componentBytes
                value = componentBytes[componentBytes.endIndex...]
            }
            if !excludedKeys.isEmpty && excludedKeys.contains(where: { $0.utf8.elementsEqual(key) }) {
                continue
            }
            parameters.append(Parameter(key: Self.encoded(Substring(key)), value: Self.encoded(Substring(value))))
            rawParameters.append(Substring(componentBytes))
        }
    }

    private static func encoded(_ text: Substring) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var text = text
        text.withUTF8 { PercentEncoding.append(UnsafeRawBufferPointer($0), to: &output, keepEncoded: true) }
        return output
    }

    /// Adds a parameter whose key and value are plain text (encoded here, `%` included).
    mutating func append(key: String, value: String) {
        var encodedKey: [UInt8] = []
        PercentEncoding.append(key, to: &encodedKey)
        var encodedValue: [UInt8] = []
        PercentEncoding.append(value, to: &encodedValue)
        parameters.append(Parameter(key: encodedKey, value: encodedValue))
    }

    /// Appends the sorted `key=value&…` form to `output`.
    func appendCanonical(to output: inout [UInt8]) {
        guard !parameters.isEmpty else { return }
        let sorted = parameters.count == 1 ? parameters : parameters.sorted { $0.precedes($1) }
        for (position, parameter) in sorted.enumerated() {
            if position > 0 { output.append(UInt8(ascii: "&")) }
            output.append(contentsOf: parameter.key)
            output.append(UInt8(ascii: "="))
            output.append(contentsOf: parameter.value)
        }
    }

    /// The canonical query string of `query` (tests).
    static func canonical(_ query: String) -> String {
        var output: [UInt8] = []
        CanonicalQuery(parsing: query).appendCanonical(to: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
