import Foundation
import KMSCLI
import Testing

/// Parameter values read as the AWS CLI reads them (checked against `aws kms … --debug`,
/// which prints what it unpacked).
@Suite("Parameter values: shorthand, JSON, file:// and fileb://")
struct ParameterValueTests {
    static func map(_ text: String) throws -> [String] {
        try ParameterValue.stringMap(text, option: "--encryption-context").map { "\($0.0)=\($0.1)" }
    }

    @Test(
        "shorthand maps split at commas that start another key=value",
        arguments: [
            ("app=a,t=b", ["app=a", "t=b"]),
            ("a=b=c", ["a=b=c"]),
            ("a=", ["a="]),
            ("a=\"x,y\",b=z", ["a=x,y", "b=z"]),
            ("a='q=1',b=\"\"", ["a=q=1", "b="]),
            ("a=x\\,y", ["a=x,y"]),
            (" a = b , c = d ", ["a=b", "c=d"]),
            ("a.b=c,k/x:y=é", ["a.b=c", "k/x:y=é"]),
        ]
    )
    func shorthand(text: String, expected: [String]) throws {
        #expect(try Self.map(text) == expected)
    }

    @Test("JSON objects of strings, with leading whitespace, keep their order")
    func json() throws {
        #expect(try Self.map(#" {"z":"x,y=z","a":"1"}"#) == ["z=x,y=z", "a=1"])
    }

    @Test(
        "malformed maps are usage errors naming the option, never a value holding the rest",
        arguments: ["app=a,t=b,c", "a", "=b", "a=1,a=2", "a=[1,2]", #"{"a":1}"#, "[1]", #"{"a":"b""#, "a=\"open", ""]
    )
    func malformed(text: String) {
        #expect(throws: CLIUsageError.self) { try Self.map(text) }
        do { _ = try Self.map(text) } catch let error as CLIUsageError { #expect(error.message.contains("--encryption-context")) } catch { Issue.record("not a usage error: \(error)") }
    }

    @Test("file:// reads JSON or shorthand from a file; a missing file is a usage error")
    func file() throws {
        let path = NSTemporaryDirectory() + "ec-\(UUID().uuidString).json"
        try Data(#"{"f":"g"}"#.utf8 + [10]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Self.map("file://" + path) == ["f=g"])
        try Data([0x61, 0x3D, 0xFF]).write(to: URL(fileURLWithPath: path))
        #expect(throws: CLIUsageError.self, "a=\\xFF is not UTF-8: refused, not sent as a=\u{FFFD}") { try Self.map("file://" + path) }
        #expect(throws: CLIUsageError.self) { try Self.map("file:///nonexistent/ec.json") }
    }

    @Test("blobs: fileb:// gives the raw bytes, file:// base64 text, anything else is base64 text")
    func blobs() throws {
        let path = NSTemporaryDirectory() + "blob-\(UUID().uuidString).bin"
        try Data([0, 1, 2, 255]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let raw = try ParameterValue.blob("fileb://" + path, option: "--plaintext")
        guard case .bytes(let bytes) = raw else { Issue.record("fileb:// must give bytes"); return }
        #expect(bytes.withUnsafeBytes { Array($0) } == [0, 1, 2, 255])
        #expect(raw.base64Text == "AAEC/w==")
        try Data("AAEC/w==\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try ParameterValue.blob("file://" + path, option: "--plaintext").base64Text == "AAEC/w==")
        #expect(try ParameterValue.blob("aGVsbG8=", option: "--plaintext").base64Text == "aGVsbG8=")
        #expect(throws: CLIUsageError.self) { try ParameterValue.blob("fileb:///nonexistent", option: "--plaintext") }
        #expect(throws: CLIUsageError.self) { try ParameterValue.blob("fileb:///dev/zero", option: "--plaintext") }
    }

    @Test("lists: the words given, or one JSON list; commas do not split")
    func lists() throws {
        #expect(try ParameterValue.stringList(["t1", "t2"], option: "--grant-tokens") == ["t1", "t2"])
        #expect(try ParameterValue.stringList(["t1,t2"], option: "--grant-tokens") == ["t1,t2"])
        #expect(try ParameterValue.stringList([#"["t1","t2"]"#], option: "--grant-tokens") == ["t1", "t2"])
        #expect(throws: CLIUsageError.self) { try ParameterValue.stringList(["[1]"], option: "--grant-tokens") }
    }

    @Test("random text from the shorthand alphabet parses or is a usage error, never a crash or a wrong split")
    func randomShorthand() {
        let alphabet = Array("ab=,\\\"' []{}\té")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...16, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            guard let pairs = try? ParameterValue.stringMap(text, option: "--encryption-context") else { continue }
            // Whatever parsed has unique, non-empty keys.
            #expect(Set(pairs.map(\.0)).count == pairs.count && pairs.allSatisfy { !$0.0.isEmpty }, "\(text)")
        }
    }
}
