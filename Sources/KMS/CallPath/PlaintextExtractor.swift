/// Takes the top-level `"Plaintext"` value out of a raw JSON response body before any JSON
/// parser sees it.
///
/// The base64 text is decoded straight into a ``KMSSecretBytes`` and then overwritten in the
/// body with `A`s (still valid base64, so the body stays valid JSON for `JSONDecoder`), which
/// keeps key material out of `Data`, `String` and parser buffers. A small tokenizer tracks
/// strings and nesting, so a string *value* that reads "Plaintext" or a nested key of that name
/// is not mistaken for the field. A value with JSON escapes (`\/`) is refused as invalid base64:
/// neither KMS nor moto escapes base64 characters.
enum PlaintextExtractor {
    enum Failure: Error, Equatable {
        /// The field is there but is not a string of canonical base64.
        case invalidBase64
    }

    private static let fieldName: [UInt8] = Array("Plaintext".utf8)

    /// Returns the decoded plaintext, nil when the body has no top-level `Plaintext` string.
    static func extract(from body: inout [UInt8]) throws(Failure) -> KMSSecretBytes? {
        guard let range = valueRange(in: body) else { return nil }
        let secret = body.withUnsafeBufferPointer { buffer -> KMSSecretBytes? in
            let text = UnsafeBufferPointer(rebasing: buffer[range])
            guard let count = Base64.decodedCount(of: text) else { return nil }
            return try? KMSSecretBytes(count: count) { output in
                guard Base64.decode(text, into: output) else { throw Failure.invalidBase64 }
            }
        }
        // Scrub even when decoding failed: the text may still be key material.
        for index in range { body[index] = UInt8(ascii: "A") }
        guard let secret else { throw .invalidBase64 }
        return secret
    }

    /// The byte range of the string value of the top-level key `Plaintext`, without quotes.
    static func valueRange(in body: [UInt8]) -> Range<Int>? {
        var depth = 0
        var index = 0
        var lastStringWasPlaintextKey = false
        var expectingValueOfPlaintext = false
        let end = body.count
        while index < end {
            let byte = body[index]
            switch byte {
            case UInt8(ascii: "\""):
                let start = index + 1
                var cursor = start
                var escaped = false
                while cursor < end {
                    let current = body[cursor]
                    if escaped {
                        escaped = false
                    } else if current == UInt8(ascii: "\\") {
                        escaped = true
                    } else if current == UInt8(ascii: "\"") {
                        break
                    }
                    cursor += 1
                }
                guard cursor < end else { return nil }  // unterminated string: let the parser fail
                if expectingValueOfPlaintext {
                    return start..<cursor
                }
                lastStringWasPlaintextKey = depth == 1 && body[start..<cursor].elementsEqual(fieldName)
                index = cursor + 1
                continue
            case UInt8(ascii: ":"):
                expectingValueOfPlaintext = lastStringWasPlaintextKey
                lastStringWasPlaintextKey = false
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                lastStringWasPlaintextKey = false
                expectingValueOfPlaintext = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                lastStringWasPlaintextKey = false
                expectingValueOfPlaintext = false
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                break
            default:
                // A number, literal or comma: a Plaintext that is not a string is not ours.
                lastStringWasPlaintextKey = false
                expectingValueOfPlaintext = false
            }
            index += 1
        }
        return nil
    }
}
