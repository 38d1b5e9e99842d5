import KMS

/// The top-level members of a KMS request body, read with the KMS module's own strict JSON
/// reader.
struct RequestFields {
    private var members: [String: JSONTree] = [:]

    /// Nil when `body` is not one JSON object.
    init?(parsing body: [UInt8]) {
        guard case .object(let members)? = try? JSONTree.parse(String(decoding: body, as: UTF8.self)) else { return nil }
        for (name, value) in members { self.members[name] = value }
    }

    func string(_ name: String) -> String? {
        guard case .string(let value)? = members[name] else { return nil }
        return value
    }

    func int(_ name: String) -> Int? {
        guard case .number(let value)? = members[name], let int = Int(exactly: value) else { return nil }
        return int
    }

    func bool(_ name: String) -> Bool? {
        guard case .bool(let value)? = members[name] else { return nil }
        return value
    }

    func strings(_ name: String) -> [String] {
        guard case .array(let values)? = members[name] else { return [] }
        return values.compactMap { if case .string(let value) = $0 { value } else { nil } }
    }

    /// The string-to-string map in `name`; empty when absent, nil when it is not such a map.
    func context(_ name: String) -> [String: String]? {
        guard let value = members[name] else { return [:] }
        guard case .object(let pairs) = value else { return nil }
        var context: [String: String] = [:]
        for (key, value) in pairs {
            guard case .string(let string) = value else { return nil }
            context[key] = string
        }
        return context
    }

    /// The request as ``InMemoryKMS/Call`` records it.
    func call(operation: String, body: [UInt8]) -> InMemoryKMS.Call {
        InMemoryKMS.Call(
            operation: operation, keyId: string("KeyId"), encryptionContext: context("EncryptionContext") ?? [:],
            numberOfBytes: int("NumberOfBytes"), grantTokens: strings("GrantTokens"),
            body: String(decoding: body, as: UTF8.self))
    }
}
