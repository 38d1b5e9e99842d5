import KMSCLI
import Testing

/// `--output text|table|json`, compared with what `aws kms … --output …` printed for the same
/// documents (awscli 1.45 against moto).
@Suite("Output formats")
struct OutputFormatTests {
    static let listKeys = JSONOutput.object([
        ("Keys", .array([
            .object([("KeyId", .string("k1")), ("KeyArn", .string("arn:k1"))]),
            .object([("KeyId", .string("k2")), ("KeyArn", .string("arn:k2"))]),
        ])),
    ])

    static let keyMetadata = JSONOutput.object([
        ("KeyMetadata", .object([
            ("KeyId", .string("k1")),
            ("Enabled", .bool(true)),
            ("Description", .string("")),
            ("EncryptionAlgorithms", .array([.string("SYMMETRIC_DEFAULT")])),
        ])),
    ])

    @Test("text: an object's scalars on one line in key order, lists under their name in capitals")
    func text() {
        #expect(OutputFormat.text.render(Self.listKeys, title: "ListKeys") == "KEYS\tarn:k1\tk1\nKEYS\tarn:k2\tk2\n")
        #expect(OutputFormat.text.render(Self.keyMetadata, title: "DescribeKey")
            == "KEYMETADATA\t\tTrue\tk1\nENCRYPTIONALGORITHMS\tSYMMETRIC_DEFAULT\n")
        let dataKey = JSONOutput.object([("CiphertextBlob", .string("Y2I=")), ("Plaintext", .string("cHQ=")), ("KeyId", .string("arn"))])
        #expect(OutputFormat.text.render(dataKey, title: "GenerateDataKey") == "Y2I=\tarn\tcHQ=\n")
    }

    @Test("text: a scalar alone prints as it is; a list of scalars on one line; null as None")
    func textScalars() {
        #expect(OutputFormat.text.render(.string("cHQ="), title: "") == "cHQ=\n")
        #expect(OutputFormat.text.render(.array([.string("a"), .string("b")]), title: "") == "a\tb\n")
        #expect(OutputFormat.text.render(.null, title: "") == "None\n")
        #expect(OutputFormat.text.render(.bool(false), title: "") == "False\n")
    }

    @Test("json: indented with four spaces, in the given order")
    func json() {
        #expect(OutputFormat.json.render(.object([("B", .integer(1)), ("A", .null)]), title: "") == "{\n    \"B\": 1,\n    \"A\": null\n}\n")
        #expect(OutputFormat.json.render(.string("x"), title: "") == "\"x\"\n")
    }

    @Test("table: a titled box, key/value rows, a header for lists of objects, all boxes one width")
    func table() {
        let table = OutputFormat.table.render(Self.listKeys, title: "ListKeys")
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines.count == 10)
        #expect(Set(lines.map(\.count)).count == 1, "every line has the same width:\n\(table)")
        #expect(lines[0].allSatisfy { $0 == "-" })
        #expect(lines[1].hasPrefix("|") && lines[1].contains("ListKeys"))
        #expect(lines[3].hasPrefix("||") && lines[3].contains("Keys"))
        #expect(lines[5].contains("KeyArn") && lines[5].contains("KeyId"))
        #expect(lines[7].hasPrefix("||  arn:k1") && lines[7].contains("|  k1"))
        #expect(lines[8].hasPrefix("||  arn:k2") && lines[8].hasSuffix("||"))
        let metadata = OutputFormat.table.render(Self.keyMetadata, title: "DescribeKey")
        #expect(metadata.contains("||  Enabled") && metadata.contains("True"))
        #expect(metadata.contains("|||") && metadata.contains("SYMMETRIC_DEFAULT"))
    }
}
