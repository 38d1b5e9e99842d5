#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A small, strict JSON reader over a response's bytes, for the few shapes KMS answers with.
///
/// It reads in place, with no tree in between: ``readObject(fields:_:)`` hands each known
/// member to a closure that reads the value it wants (``readString()``, ``readBool()``, …) and
/// skips the others; strings without escapes become a `String` in one copy, and ``readBase64Secret()``
/// decodes a base64 string straight from the bytes into a ``KMSSecretBytes``, so key material never
/// exists as a `String` or in a parser's buffer. Anything RFC 8259 does not allow is refused:
/// control characters in strings, invalid UTF-8, lone surrogates, leading zeros, trailing
/// commas, text after the value (`JSONDecoder` lets leading zeros, trailing commas and a byte
/// order mark through; KMS never sends them). Nesting is bounded at 512 levels, as in
/// `JSONDecoder`. A key that appears twice counts once: the first wins, as with `JSONDecoder`.
///
/// Use it only inside `withUnsafeBufferPointer` of the body: it keeps the pointer.
struct JSONReader {
    /// Why a body could not be read; ``AWSJSONClient/explain(_:)`` turns it into a message
    /// without any of the body's values.
    enum Failure: Error, Equatable {
        /// Not JSON at all, or cut short.
        case invalidJSON
        /// A required key is absent (the path of the object, dot-separated, then the key).
        case missing(String)
        /// A value of another type than expected, at this path (empty for the top level).
        case wrongType(String)
        /// A value of the right type that cannot be used (a number too large), at this path.
        case invalidValue(String)
        /// A string expected to be canonical base64 (`Plaintext`) is not.
        case invalidBase64(String)
    }

    /// The deepest nesting accepted, the same as `JSONDecoder`'s.
    static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index: Int
    private var depth: Int

    /// A reader positioned at the start of `bytes`.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.index = 0
        self.depth = 0
    }

    /// Reads a whole body whose top-level value is an object; anything after it but
    /// whitespace is an error.
    static func readDocument<Result>(
        _ body: [UInt8],
        _ read: (inout JSONReader) throws -> Result
    ) throws -> Result {
        try body.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            let result = try read(&reader)
            reader.skipWhitespace()
            guard reader.index == buffer.count else { throw Failure.invalidJSON }
            return result
        }
    }

    // MARK: - Objects and arrays

    /// Reads an object, calling `member` with the position in `fields` of each key listed there
    /// and the reader on its value, which `member` must read. Other keys are skipped, and so is
    /// a key seen before (the first one wins). A failure thrown inside gets the key prepended
    /// to its path.
    mutating func readObject(fields: [StaticString], _ member: (Int, inout JSONReader) throws -> Void) throws {
        precondition(fields.count <= 64, "at most 64 fields")
        var seen: UInt64 = 0
        try readMembers { key, reader in
            guard let field = key.index(in: fields), seen & (1 << field) == 0 else {
                try reader.skipValue()
                return
            }
            seen |= 1 << field
            try member(field, &reader)
        }
    }

    private mutating func readMembers(_ member: (JSONKey, inout JSONReader) throws -> Void) throws {
        skipWhitespace()
        guard index < bytes.count else { throw Failure.invalidJSON }
        guard bytes[index] == UInt8(ascii: "{") else {
            try skipValue()  // a value of another type: still has to be valid JSON
            throw Failure.wrongType("")
        }
        try enter()
        index += 1
        skipWhitespace()
        if try consume(UInt8(ascii: "}")) {
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            let key = try readKey()
            skipWhitespace()
            guard try consume(UInt8(ascii: ":")) else { throw Failure.invalidJSON }
            do {
                try member(key, &self)
            } catch let failure as Failure {
                throw failure.prefixed(with: key.name)
            }
            skipWhitespace()
            if try consume(UInt8(ascii: ",")) { continue }
            guard try consume(UInt8(ascii: "}")) else { throw Failure.invalidJSON }
            depth -= 1
            return
        }
    }

    /// Reads an object whose keys are not known in advance (a map), calling `member` with each
    /// key as text, in order, duplicates included, and the reader on its value.
    mutating func readMap(_ member: (String, inout JSONReader) throws -> Void) throws {
        try readMembers { key, reader in try member(key.name, &reader) }
    }

    /// The first byte of the next value, without consuming anything (nil at the end).
    mutating func peekByte() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    /// Reads an array, calling `element` once per element with the reader positioned on it.
    /// Errors thrown inside get `[n]` prepended to their path.
    mutating func readArray(_ element: (inout JSONReader) throws -> Void) throws {
        skipWhitespace()
        guard index < bytes.count else { throw Failure.invalidJSON }
        guard bytes[index] == UInt8(ascii: "[") else {
            try skipValue()
            throw Failure.wrongType("")
        }
        try enter()
        index += 1
        skipWhitespace()
        if try consume(UInt8(ascii: "]")) {
            depth -= 1
            return
        }
        var position = 0
        while true {
            do {
                try element(&self)
            } catch let failure as Failure {
                throw failure.prefixed(with: "[\(position)]")
            }
            position += 1
            skipWhitespace()
            if try consume(UInt8(ascii: ",")) { continue }
            guard try consume(UInt8(ascii: "]")) else { throw Failure.invalidJSON }
            depth -= 1
            return
        }
    }

    /// `null` if that is what comes (consumed, returns true); otherwise nothing is consumed.
    mutating func readNull() throws -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw Failure.invalidJSON }
        guard bytes[index] == UInt8(ascii: "n") else { return false }
        try expectLiteral("null")
        return true
    }

    // MARK: - Scalars

    /// A string value.
    mutating func readString() throws -> String {
        let range = try stringRange(ofType: true)
        if range.escaped {
            var decoded: [UInt8] = []
            try unescape(range.text, into: &decoded)
            return String(decoding: decoded, as: UTF8.self)
        }
        // Validated as UTF-8 while scanning: decoding cannot repair anything here.
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[range.text]), as: UTF8.self)
    }

    /// A string value, or nil for `null`.
    mutating func readOptionalString() throws -> String? {
        try readNull() ? nil : readString()
    }

    /// `true` or `false`.
    mutating func readBool() throws -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw Failure.invalidJSON }
        switch bytes[index] {
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return true
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return false
        default:
            try skipValue()
            throw Failure.wrongType("")
        }
    }

    /// A boolean, or nil for `null`.
    mutating func readOptionalBool() throws -> Bool? {
        try readNull() ? nil : readBool()
    }

    /// A number as a `Double`; one too large for it is an invalid value.
    mutating func readDouble() throws -> Double {
        skipWhitespace()
        guard index < bytes.count else { throw Failure.invalidJSON }
        let byte = bytes[index]
        guard byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
            try skipValue()
            throw Failure.wrongType("")
        }
        let start = index
        try skipNumber()
        let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else {
            throw Failure.invalidValue("")
        }
        return value
    }

    /// A date written as seconds since 1970 (KMS's timestamps), or nil for `null`.
    mutating func readOptionalDate() throws -> Date? {
        try readNull() ? nil : Date(timeIntervalSince1970: readDouble())
    }

    /// An array of strings, or nil for `null`.
    mutating func readOptionalStrings() throws -> [String]? {
        if try readNull() { return nil }
        var strings: [String] = []
        try readArray { reader in strings.append(try reader.readString()) }
        return strings
    }

    /// A string of canonical padded base64, decoded straight into a new ``KMSSecretBytes``.
    /// KMS never escapes base64 characters, but valid JSON may (`\/` for `/`, as some servers
    /// and proxies write it): such a string is unescaped into a scratch buffer that is zeroed
    /// after decoding.
    mutating func readBase64Secret() throws -> KMSSecretBytes {
        let range = try stringRange(ofType: true)
        guard range.escaped else {
            return try Self.secret(fromBase64: UnsafeBufferPointer(rebasing: bytes[range.text]))
        }
        var text: [UInt8] = []
        text.reserveCapacity(range.text.count)
        defer { KMSSecretBytes.wipe(&text) }
        try unescape(range.text, into: &text)
        return try text.withUnsafeBufferPointer { try Self.secret(fromBase64: $0) }
    }

    private static func secret(fromBase64 text: UnsafeBufferPointer<UInt8>) throws -> KMSSecretBytes {
        guard let count = Base64.decodedCount(of: text),
              let secret = try? KMSSecretBytes(count: count, initialize: { output in
                  guard Base64.decode(text, into: output) else { throw Failure.invalidBase64("") }
              })
        else { throw Failure.invalidBase64("") }
        return secret
    }

    /// Skips one value of any type, checking that it is valid JSON.
    mutating func skipValue() throws {
        skipWhitespace()
        guard index < bytes.count else { throw Failure.invalidJSON }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            try readMembers { _, reader in try reader.skipValue() }
        case UInt8(ascii: "["):
            try readArray { reader in try reader.skipValue() }
        case UInt8(ascii: "\""):
            let range = try stringRange(ofType: false)
            if range.escaped {
                var scratch: [UInt8] = []
                try unescape(range.text, into: &scratch)  // checks the escapes
            }
        case UInt8(ascii: "t"):
            try expectLiteral("true")
        case UInt8(ascii: "f"):
            try expectLiteral("false")
        case UInt8(ascii: "n"):
            try expectLiteral("null")
        default:
            try skipNumber()
        }
    }

    // MARK: - Scanning

    private mutating func enter() throws {
        depth += 1
        guard depth <= Self.maximumDepth else { throw Failure.invalidJSON }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Consumes `byte` if it comes next; at the end of input, the body is cut short.
    private mutating func consume(_ byte: UInt8) throws -> Bool {
        guard index < bytes.count else { throw Failure.invalidJSON }
        guard bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw Failure.invalidJSON }
        let matches = literal.withUTF8Buffer { expected in
            expected.elementsEqual(bytes[index..<index + count])
        }
        guard matches else { throw Failure.invalidJSON }
        index += count
    }

    private mutating func readKey() throws -> JSONKey {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Failure.invalidJSON }
        let range = try stringRange(ofType: false)
        if range.escaped {
            var decoded: [UInt8] = []
            try unescape(range.text, into: &decoded)
            return JSONKey(raw: UnsafeBufferPointer(start: nil, count: 0), decoded: decoded)
        }
        return JSONKey(raw: UnsafeBufferPointer(rebasing: bytes[range.text]), decoded: nil)
    }

    /// Scans a string at the current position: its text between the quotes and whether it has
    /// escapes (checked later by ``unescape(_:into:)``). Control characters and invalid UTF-8
    /// are refused here. With `ofType`, a non-string value is a type mismatch, else invalid.
    private mutating func stringRange(ofType: Bool) throws -> (text: Range<Int>, escaped: Bool) {
        skipWhitespace()
        guard index < bytes.count else { throw Failure.invalidJSON }
        guard bytes[index] == UInt8(ascii: "\"") else {
            guard ofType else { throw Failure.invalidJSON }
            try skipValue()
            throw Failure.wrongType("")
        }
        let start = index + 1
        var cursor = start
        var escaped = false
        let end = bytes.count
        let base = UnsafeRawPointer(bytes.baseAddress!)  // not empty: it holds the quote
        while cursor < end {
            // Eight bytes at a time while they are plain printable ASCII.
            while end - cursor >= 8, Self.isPlain(base.loadUnaligned(fromByteOffset: cursor, as: UInt64.self)) {
                cursor += 8
            }
            guard cursor < end else { break }
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") {
                index = cursor + 1
                return (start..<cursor, escaped)
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
                cursor += 2  // the escaped character is checked when unescaping
            } else if byte < 0x20 {
                throw Failure.invalidJSON
            } else if byte < 0x80 {
                cursor += 1
            } else {
                cursor = try skipUTF8Sequence(at: cursor)
            }
        }
        throw Failure.invalidJSON
    }

    /// Whether none of eight bytes is a quote, a backslash, a control character or non-ASCII
    /// (it may say false for some that are all plain: the caller then looks byte by byte).
    @inline(__always)
    private static func isPlain(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & high != 0 }
        let nonASCII = word & high
        let control = (word &- ones &* 0x20) & ~word & high
        return nonASCII | control == 0
            && !hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "\""))))
            && !hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "\\"))))
    }

    /// The index after the multi-byte UTF-8 sequence at `start`, refusing overlong forms,
    /// surrogates and code points above U+10FFFF.
    private func skipUTF8Sequence(at start: Int) throws -> Int {
        let lead = bytes[start]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: throw Failure.invalidJSON
        }
        guard bytes.count - start >= length else { throw Failure.invalidJSON }
        guard (lower...upper).contains(bytes[start + 1]) else { throw Failure.invalidJSON }
        for offset in 2..<max(length, 2) where !(0x80...0xBF).contains(bytes[start + offset]) {
            throw Failure.invalidJSON
        }
        return start + length
    }

    /// Decodes the escapes of a string's text into UTF-8.
    private func unescape(_ text: Range<Int>, into output: inout [UInt8]) throws {
        output.reserveCapacity(text.count)
        var cursor = text.lowerBound
        while cursor < text.upperBound {
            let byte = bytes[cursor]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                cursor += 1
                continue
            }
            guard cursor + 1 < text.upperBound else { throw Failure.invalidJSON }
            let escape = bytes[cursor + 1]
            cursor += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hexQuad(at: cursor, before: text.upperBound)
                cursor += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low one.
                    guard cursor + 1 < text.upperBound, bytes[cursor] == UInt8(ascii: "\\"),
                          bytes[cursor + 1] == UInt8(ascii: "u")
                    else { throw Failure.invalidJSON }
                    let low = try hexQuad(at: cursor + 2, before: text.upperBound)
                    guard (0xDC00...0xDFFF).contains(low) else { throw Failure.invalidJSON }
                    cursor += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw Failure.invalidJSON
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw Failure.invalidJSON }
                output.append(contentsOf: unicode.utf8)
            default:
                throw Failure.invalidJSON
            }
        }
    }

    private func hexQuad(at start: Int, before end: Int) throws -> UInt32 {
        guard end - start >= 4 else { throw Failure.invalidJSON }
        var value: UInt32 = 0
        for byte in bytes[start..<start + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Failure.invalidJSON
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, any size (only ``readDouble()`` converts).
    private mutating func skipNumber() throws {
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw Failure.invalidJSON }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            guard try skipDigits() > 0 else { throw Failure.invalidJSON }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard try skipDigits() > 0 else { throw Failure.invalidJSON }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard try skipDigits() > 0 else { throw Failure.invalidJSON }
        }
    }

    private mutating func skipDigits() throws -> Int {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            index += 1
        }
        return index - start
    }
}

/// A key of the object ``JSONReader/readObject(_:)`` is reading, compared without making a
/// `String` of it.
struct JSONKey {
    /// The key's bytes in the body when it has no escapes.
    fileprivate let raw: UnsafeBufferPointer<UInt8>
    /// The key decoded, when it had escapes.
    fileprivate let decoded: [UInt8]?

    /// Whether the key is exactly `name`.
    static func == (key: JSONKey, name: StaticString) -> Bool {
        name.withUTF8Buffer { expected in
            if let decoded = key.decoded { return decoded.elementsEqual(expected) }
            guard key.raw.count == expected.count else { return false }
            guard let raw = key.raw.baseAddress, let name = expected.baseAddress else { return true }
            return memcmp(raw, name, expected.count) == 0
        }
    }

    /// The position of the key in `fields`, nil when it is not there.
    func index(in fields: [StaticString]) -> Int? {
        fields.firstIndex { self == $0 }
    }

    /// The key as text, for error paths.
    var name: String {
        decoded.map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: raw, as: UTF8.self)
    }
}

extension JSONReader.Failure {
    /// The same failure one level further out: `component` is a key or `[index]`.
    fileprivate func prefixed(with component: String) -> Self {
        func join(_ path: String) -> String {
            path.isEmpty ? component : path.hasPrefix("[") ? component + path : component + "." + path
        }
        switch self {
        case .invalidJSON: return self
        case .missing(let path): return .missing(join(path))
        case .wrongType(let path): return .wrongType(join(path))
        case .invalidValue(let path): return .invalidValue(join(path))
        case .invalidBase64(let path): return .invalidBase64(join(path))
        }
    }
}
