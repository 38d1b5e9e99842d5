import Testing
@_spi(Testing) @testable import KMS

/// The shared-file format, case by case, as the AWS SDKs' file-format specification describes it.
@Suite struct SharedConfigFileTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let kind: SharedConfigFile.Kind
        /// profile → key → value expected; `nil` value means the key must be absent.
        let expected: [String: [String: String?]]
        /// profiles that must not exist
        var absent: [String] = []
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "plain default and named profile", text: "[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n", kind: .config,
             expected: ["default": ["region": "us-east-1"], "dev": ["region": "eu-west-1"]]),
        Case(name: "whitespace around keys, values and names", text: "[ profile   dev ]\n  \tregion\t=  eu-west-1  \n", kind: .config,
             expected: ["dev": ["region": "eu-west-1"]]),
        Case(name: "full-line comments with # and ;", text: "# c\n; c\n[default]\n# region = no\n; region = no\nregion = yes\n", kind: .config,
             expected: ["default": ["region": "yes"]]),
        Case(name: "inline comment needs whitespace before it", text: "[default]\na = v1 # note\nb = v2;not\nc = v3\t; note\nd = x#y\n", kind: .config,
             expected: ["default": ["a": "v1", "b": "v2;not", "c": "v3", "d": "x#y"]]),
        Case(name: "comment after a section header", text: "[profile dev] # dev box\nregion = r\n[profile qa] ; qa\nregion = q\n", kind: .config,
             expected: ["dev": ["region": "r"], "qa": ["region": "q"]]),
        Case(name: "junk after a section header invalidates it", text: "[profile dev] junk\nregion = r\n", kind: .config,
             expected: [:], absent: ["dev"]),
        Case(name: "[profile default] beats [default] whatever the order", text: "[profile default]\nregion = a\n[default]\nregion = b\nextra = c\n", kind: .config,
             expected: ["default": ["region": "a", "extra": nil]]),
        Case(name: "[default] before [profile default] is discarded", text: "[default]\nregion = b\nonly = x\n[profile default]\nregion = a\n", kind: .config,
             expected: ["default": ["region": "a", "only": nil]]),
        Case(name: "config profile without prefix is ignored", text: "[dev]\nregion = r\n", kind: .config, expected: [:], absent: ["dev"]),
        Case(name: "credentials profile with prefix is ignored", text: "[profile dev]\naws_access_key_id = A\n[dev2]\naws_access_key_id = B\n", kind: .credentials,
             expected: ["dev2": ["aws_access_key_id": "B"]], absent: ["dev", "profile dev"]),
        Case(name: "profile names with spaces are invalid", text: "[profile my dev]\nregion = r\n", kind: .config, expected: [:], absent: ["my dev", "my"]),
        Case(name: "prefix must be followed by whitespace", text: "[profiledev]\nregion = r\n", kind: .config, expected: [:], absent: ["dev", "profiledev"]),
        Case(name: "odd but valid name characters", text: "[profile dev-1_x.y@z+w]\nregion = r\n", kind: .config, expected: ["dev-1_x.y@z+w": ["region": "r"]]),
        Case(name: "duplicate sections merge, later keys win", text: "[default]\na = 1\nb = 1\n[default]\nb = 2\n", kind: .config,
             expected: ["default": ["a": "1", "b": "2"]]),
        Case(name: "continuation lines join with newlines", text: "[default]\nkey = first\n  second\n\tthird\nnext = n\n", kind: .config,
             expected: ["default": ["key": "first\nsecond\nthird", "next": "n"]]),
        Case(name: "lines without = and empty keys are skipped", text: "[default]\nnoequals\n = value\nok = 1\n", kind: .config,
             expected: ["default": ["ok": "1", "noequals": nil]]),
        Case(name: "values may contain = and be empty", text: "[default]\nurl = http://x/?a=b\nempty =\n", kind: .config,
             expected: ["default": ["url": "http://x/?a=b", "empty": ""]]),
        Case(name: "properties before any section are ignored", text: "region = nowhere\n[default]\nregion = here\n", kind: .config,
             expected: ["default": ["region": "here"]]),
        Case(name: "CRLF line ends", text: "[default]\r\nregion = us-west-2\r\naws_access_key_id = AKID\r\n", kind: .config,
             expected: ["default": ["region": "us-west-2", "aws_access_key_id": "AKID"]]),
        Case(name: "properties of an invalid section are dropped", text: "[profile a b]\nregion = x\n[profile ok]\nregion = y\n", kind: .config,
             expected: ["ok": ["region": "y"]]),
        Case(name: "credentials file default", text: "[default]\naws_access_key_id = AKID\naws_secret_access_key = s\n", kind: .credentials,
             expected: ["default": ["aws_access_key_id": "AKID", "aws_secret_access_key": "s"]]),
    ]

    @Test(arguments: cases)
    func parses(_ testCase: Case) {
        let file = SharedConfigFile.parse(testCase.text, kind: testCase.kind)
        for (profile, properties) in testCase.expected {
            let section = file.profiles[profile]
            #expect(section != nil, "profile \(profile) missing")
            for (key, value) in properties {
                #expect(section?[key] == value, "\(profile).\(key)")
            }
        }
        for name in testCase.absent {
            #expect(file.profiles[name] == nil, "profile \(name) should not exist")
        }
    }

    @Test func subPropertiesUnderAnEmptyValue() {
        let text = """
        [profile dev]
        services = local
        s3 =
          max_concurrent_requests = 20
          # a comment inside
          addressing_style = path
        [services local]
        kms =
          endpoint_url = http://127.0.0.1:4566
        sts =
          endpoint_url = http://127.0.0.1:4567
        """
        let file = SharedConfigFile.parse(text, kind: .config)
        #expect(file.profiles["dev"]?.properties["s3"]?.subProperties == ["max_concurrent_requests": "20", "addressing_style": "path"])
        #expect(file.services["local"]?.properties["kms"]?.subProperties["endpoint_url"] == "http://127.0.0.1:4566")
        #expect(file.services["local"]?.properties["sts"]?.subProperties["endpoint_url"] == "http://127.0.0.1:4567")
    }

    @Test func ssoSessionSections() {
        let file = SharedConfigFile.parse("[sso-session corp]\nsso_region = us-east-1\n[profile a]\nsso_session = corp\n", kind: .config)
        #expect(file.ssoSessions["corp"]?["sso_region"] == "us-east-1")
        #expect(file.profiles["a"]?["sso_session"] == "corp")
    }

    @Test func arbitraryBytesNeverCrash() {
        // Deterministic mutations of a valid file (replace, insert, delete bytes), some with
        // bytes that are not UTF-8: the parser must finish on each and keep what stays valid.
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            return seed
        }
        let base = Array("[default]\nregion = us-east-1 # c\n[profile dev]\ns3 =\n  a = b\n[services x]\nkms =\n  endpoint_url = u\n[sso-session s]\nk = v\n".utf8)
        let special: [UInt8] = Array("[]=#; \t\r\n".utf8) + [0x00, 0xFF, 0xC3, 0x28, 0xE2, 0x82, 0xCC, 0x81]
        var survivingProfiles = 0
        for _ in 0..<3000 {
            var bytes = base
            for _ in 0..<(1 + Int(next() % 8)) {
                let position = Int(next() % UInt64(bytes.count + 1))
                let byte = next() % 2 == 0 ? special[Int(next() % UInt64(special.count))] : UInt8(truncatingIfNeeded: next())
                switch next() % 3 {
                case 0 where position < bytes.count: bytes[position] = byte
                case 1 where position < bytes.count: bytes.remove(at: position)
                default: bytes.insert(byte, at: position)
                }
            }
            for kind in [SharedConfigFile.Kind.config, .credentials] {
                survivingProfiles += SharedConfigFile.parse(bytes, kind: kind).profiles.count
            }
        }
        #expect(survivingProfiles > 1000)
    }
}

extension SharedConfigFileTests {
    @Test func bigFilesParseInLinearTime() {
        var text = "[default]\nlong =\n"
        for i in 0..<50_000 { text += "  k\(i) = v\(i)\n" }
        text += "[profile p]\nvalue = start\n"
        for _ in 0..<50_000 { text += "  more\n" }
        for i in 0..<50_000 { text += "key\(i) = \(i)\n" }
        let started = ContinuousClock.now
        let file = SharedConfigFile.parse(text, kind: .config)
        let elapsed = ContinuousClock.now - started
        #expect(file.profiles["default"]?.properties["long"]?.subProperties.count == 50_000)
        #expect(file.profiles["p"]?["value"]?.utf8.count == 5 + 50_000 * 5)
        #expect(file.profiles["p"]?.properties.count == 50_001)
        #expect(elapsed < .seconds(20), "took \(elapsed)")
    }
}
