import KMSCLI
import Testing

/// `--query`: the JMESPath subset, on documents shaped like KMS answers.
@Suite("--query expressions")
struct QueryTests {
    static let keys = JSONOutput.object([
        ("Keys", .array([
            .object([("KeyId", .string("k1")), ("KeyArn", .string("arn:k1"))]),
            .object([("KeyId", .string("k2")), ("KeyArn", .string("arn:k2"))]),
            .object([("KeyId", .string("k3")), ("KeyArn", .string("arn:k3"))]),
        ])),
        ("Count", .integer(3)),
        ("Nested", .array([.array([.integer(1), .integer(2)]), .array([.integer(3)])])),
        ("Truncated", .bool(false)),
    ])

    static func search(_ expression: String) throws -> JSONOutput {
        try Query(expression).search(keys)
    }

    static func strings(_ values: String...) -> JSONOutput { .array(values.map(JSONOutput.string)) }

    @Test("identifiers, sub-expressions, indexes and slices")
    func basics() throws {
        #expect(try Self.search("Count") == .integer(3))
        #expect(try Self.search("Missing") == .null)
        #expect(try Self.search("Keys[0].KeyId") == .string("k1"))
        #expect(try Self.search("Keys[-1].KeyId") == .string("k3"))
        #expect(try Self.search("Keys[7]") == .null)
        #expect(try Self.search("Keys[1:].KeyId") == Self.strings("k2", "k3"))
        #expect(try Self.search("Keys[::-1].KeyId") == Self.strings("k3", "k2", "k1"))
        #expect(try Self.search("\"Keys\"[0].\"KeyId\"") == .string("k1"))
    }

    @Test("list and object projections, flatten")
    func projections() throws {
        #expect(try Self.search("Keys[*].KeyId") == Self.strings("k1", "k2", "k3"))
        #expect(try Self.search("Keys[].KeyArn") == Self.strings("arn:k1", "arn:k2", "arn:k3"))
        #expect(try Self.search("Nested[]") == .array([.integer(1), .integer(2), .integer(3)]))
        #expect(try Self.search("Keys[0].*") == Self.strings("k1", "arn:k1"))
        #expect(try Self.search("Keys[*].Missing") == .array([]))
    }

    @Test("multi-select lists and hashes")
    func multiSelect() throws {
        #expect(try Self.search("Keys[0].[KeyId, KeyArn]") == Self.strings("k1", "arn:k1"))
        #expect(try Self.search("Keys[*].{Id: KeyId}") == .array(["k1", "k2", "k3"].map { .object([("Id", .string($0))]) }))
        #expect(try Self.search("[Count, Truncated]") == .array([.integer(3), .bool(false)]))
    }

    @Test("filters with comparisons, pipes and functions")
    func filtersAndFunctions() throws {
        #expect(try Self.search("Keys[?KeyId=='k2'].KeyArn") == Self.strings("arn:k2"))
        #expect(try Self.search("Keys[?KeyId!='k2'] | length(@)") == .integer(2))
        #expect(try Self.search("Keys[?starts_with(KeyArn, 'arn:k') && KeyId != 'k1'].KeyId | [0]") == .string("k2"))
        #expect(try Self.search("Keys[?contains(KeyId, '3')].KeyId") == Self.strings("k3"))
        #expect(try Self.search("contains(Keys[*].KeyId, 'k1')") == .bool(true))
        #expect(try Self.search("length(Keys) > `2`") == .bool(true))
        #expect(try Self.search("Count <= `2`") == .bool(false))
        #expect(try Self.search("!Truncated") == .bool(true))
        #expect(try Self.search("Keys[0].KeyId || 'none'") == .string("k1"))
    }

    @Test(
        "unsupported or malformed expressions are usage errors that say why",
        arguments: ["sort_by(Keys, &KeyId)", "Keys[", "Keys[?KeyId=='k1'", "a = b", "`not json`", "length()", "{}", "Keys..KeyId", "'open"]
    )
    func refused(expression: String) {
        #expect(throws: CLIUsageError.self) { try Query(expression) }
    }

    @Test("a function given the wrong type is a usage error at search time")
    func typeError() throws {
        let query = try Query("length(Count)")
        #expect(throws: CLIUsageError.self) { try query.search(Self.keys) }
    }
}

/// Hostile `--query` text: every input either parses or is a usage error, never a crash.
@Suite("--query robustness")
struct QueryRobustnessTests {
    @Test("deep nesting is refused, not a stack overflow")
    func deepNesting() throws {
        for expression in [String(repeating: "(", count: 100_000) + "a", String(repeating: "[", count: 100_000), String(repeating: "!", count: 100_000) + "a",
                           "a" + String(repeating: ".a", count: 100_000)] {
            #expect(throws: CLIUsageError.self) { try Query(expression) }
        }
        let chain = "a" + String(repeating: ".a", count: 400)
        #expect(try Query(chain).search(.object([("a", .string("x"))])) == .null)
    }

    @Test("random expressions from the query alphabet parse or fail cleanly, and searching never traps")
    func randomExpressions() {
        let alphabet = Array("ab[]{}()*.,:|&!=<>?@'`\"0123456789- -Keys")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let length = Int.random(in: 1...24, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            guard let query = try? Query(text) else { continue }
            _ = try? query.search(QueryTests.keys)
        }
    }
}
