/// A whole JSON document as a tree, for the few inputs whose shape is not known in advance:
/// the `kms` command line's JSON arguments (`--encryption-context '{"k":"v"}'`) and its query
/// literals. Read with ``JSONReader``, so the same strict rules apply (RFC 8259, nesting
/// bounded); object members keep their order and duplicates, for the caller to judge.
package indirect enum JSONTree: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONTree])
    case object([(String, JSONTree)])

    /// Parses `text`, which must hold exactly one JSON value.
    package static func parse(_ text: String) throws -> JSONTree {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            let tree = try read(&reader)
            guard reader.peekByte() == nil else { throw JSONReader.Failure.invalidJSON }
            return tree
        }
    }

    private static func read(_ reader: inout JSONReader) throws -> JSONTree {
        switch reader.peekByte() {
        case UInt8(ascii: "{"):
            var members: [(String, JSONTree)] = []
            try reader.readMap { key, reader in members.append((key, try read(&reader))) }
            return .object(members)
        case UInt8(ascii: "["):
            var elements: [JSONTree] = []
            try reader.readArray { reader in elements.append(try read(&reader)) }
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(try reader.readString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return .bool(try reader.readBool())
        case UInt8(ascii: "n"):
            _ = try reader.readNull()
            return .null
        default:
            return .number(try reader.readDouble())
        }
    }

    package static func == (lhs: JSONTree, rhs: JSONTree) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.null, _), (.bool, _), (.number, _), (.string, _), (.array, _), (.object, _): false
        }
    }
}
