/// Finds the top-level `"Plaintext"` value in a raw JSON body that is not going to be decoded
/// (an error body) or failed to decode, so that key material never reaches an error's excerpt:
/// ``scrub(_:)`` overwrites it with `A`s, which keeps the body the same JSON. 2xx bodies are
/// read by ``KMSResponseDecoder``, which decodes `Plaintext` itself.
///
/// A small tokenizer tracks strings and nesting, so a string *value* that reads "Plaintext" or
/// a nested key of that name is not mistaken for the field; it needs no valid JSON around it.
enum PlaintextExtractor {
    private static let fieldName: [UInt8] = Array("Plaintext".utf8)

    /// Overwrites the text of a top-level `Plaintext` string with `A`s; returns whether there was one.
    @discardableResult
    static func scrub(_ body: inout [UInt8]) -> Bool {
        guard let range = valueRange(in: body) else { return false }
        for index in range { body[index] = UInt8(ascii: "A") }
        return true
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
