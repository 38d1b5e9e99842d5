/// One parsed AWS shared configuration file (`~/.aws/config`) or shared credentials file
/// (`~/.aws/credentials`), read the way the AWS SDKs read them.
///
/// Why a type of its own: the format has more rules than it looks (comment characters, inline
/// comments only after whitespace, indented continuation lines and sub-properties, the
/// `profile ` prefix that one file needs and the other forbids, `[profile default]` beating
/// `[default]`), and the parser sees files users edit by hand. `parse` accepts any bytes and
/// never traps: what it cannot read it skips, as the SDKs do.
@_spi(Testing) public struct SharedConfigFile: Sendable, Hashable {
    /// Which of the two files the text came from; the section-name rules differ.
    @_spi(Testing) public enum Kind: Sendable, Hashable {
        /// `~/.aws/config`: `[default]`, `[profile NAME]`, `[sso-session NAME]`, `[services NAME]`.
        case config
        /// `~/.aws/credentials`: `[NAME]` only, no prefix.
        case credentials
    }

    /// A property's value: either a plain value, or (when the line ends at `=` and indented
    /// lines follow) a table of sub-properties such as `services` entries.
    @_spi(Testing) public struct Property: Sendable, Hashable {
        /// The value with surrounding whitespace and any inline comment removed; continuation
        /// lines are joined with `\n`. Empty when the property has sub-properties.
        @_spi(Testing) public var value: String
        /// Sub-properties from indented `key = value` lines under an empty property.
        @_spi(Testing) public var subProperties: [String: String]

        /// Creates a property.
        @_spi(Testing) public init(value: String, subProperties: [String: String] = [:]) {
            self.value = value
            self.subProperties = subProperties
        }
    }

    /// A named section and its properties, last assignment of a key winning.
    @_spi(Testing) public struct Section: Sendable, Hashable {
        /// The section's name without its prefix (`default`, `dev`, the sso-session's name, …).
        @_spi(Testing) public var name: String
        /// Its properties by name.
        @_spi(Testing) public var properties: [String: Property]

        /// Creates a section.
        @_spi(Testing) public init(name: String, properties: [String: Property] = [:]) {
            self.name = name
            self.properties = properties
        }

        /// The plain value of a property, `nil` when absent.
        @_spi(Testing) public subscript(key: String) -> String? { properties[key]?.value }
    }

    /// Profiles by name. Duplicated sections are merged in file order.
    @_spi(Testing) public var profiles: [String: Section]
    /// `[sso-session NAME]` sections by name (config file only).
    @_spi(Testing) public var ssoSessions: [String: Section]
    /// `[services NAME]` sections by name (config file only): per-service settings such as
    /// `kms =` followed by an indented `endpoint_url = …`.
    @_spi(Testing) public var services: [String: Section]

    /// An empty file.
    @_spi(Testing) public init(profiles: [String: Section] = [:], ssoSessions: [String: Section] = [:], services: [String: Section] = [:]) {
        self.profiles = profiles
        self.ssoSessions = ssoSessions
        self.services = services
    }

    /// Parses file contents given as bytes; invalid UTF-8 is replaced, never fatal.
    @_spi(Testing) public static func parse(_ bytes: [UInt8], kind: Kind) -> SharedConfigFile {
        parse(String(decoding: bytes, as: UTF8.self), kind: kind)
    }

    /// Parses file contents given as text.
    @_spi(Testing) public static func parse(_ text: String, kind: Kind) -> SharedConfigFile {
        var parser = Parser(kind: kind)
        // Swift reads CR LF as one Character, so split on all three line ends.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            parser.consume(Substring(line))
        }
        return parser.finish()
    }
}

extension SharedConfigFile {
    /// Where a section's properties go once its header is read.
    private enum Target {
        case none
        case profile(String, fromDefaultHeader: Bool)
        case ssoSession(String)
        case services(String)
    }

    /// A line-at-a-time state machine: the current section and the property that indented
    /// lines continue.
    private struct Parser {
        let kind: Kind
        var file = SharedConfigFile()
        var target: Target = .none
        /// The property the next indented line continues, if any.
        var lastKey: String?
        /// Profiles seen as `[profile default]` in the config file: they win over `[default]`.
        var explicitDefaultProfile = false

        init(kind: Kind) { self.kind = kind }

        mutating func consume(_ rawLine: Substring) {
            guard let first = rawLine.first else { lastKey = nil; return }
            let line = rawLine.trimmingConfigWhitespace()
            if line.isEmpty { return }
            if line.first == "#" || line.first == ";" { return }
            let indented = first == " " || first == "\t"
            if indented, lastKey != nil, line.first != "[" {
                continueProperty(line)
                return
            }
            if line.first == "[" {
                startSection(line)
                return
            }
            addProperty(line)
        }

        mutating func startSection(_ line: Substring) {
            lastKey = nil
            guard let close = line.firstIndex(of: "]") else { target = .none; return }
            // Anything after `]` must be a comment.
            let rest = line[line.index(after: close)...].trimmingConfigWhitespace()
            if let c = rest.first, c != "#", c != ";" { target = .none; return }
            let header = line[line.index(after: line.startIndex)..<close].trimmingConfigWhitespace()
            target = Self.target(forHeader: header, kind: kind)
            if case .profile(let name, let fromDefaultHeader) = target {
                if kind == .config, name == "default", !fromDefaultHeader {
                    if !explicitDefaultProfile {
                        // `[profile default]` replaces what a plain `[default]` said.
                        explicitDefaultProfile = true
                        file.profiles["default"] = nil
                    }
                }
                if explicitDefaultProfile, fromDefaultHeader {
                    target = .none
                    return
                }
                if file.profiles[name] == nil { file.profiles[name] = Section(name: name) }
            }
        }

        static func target(forHeader header: Substring, kind: Kind) -> Target {
            if header.isEmpty { return .none }
            switch kind {
            case .credentials:
                guard isValidName(header) else { return .none }
                return .profile(String(header), fromDefaultHeader: header == "default")
            case .config:
                if header == "default" { return .profile("default", fromDefaultHeader: true) }
                for (prefix, make) in [("profile", { Target.profile($0, fromDefaultHeader: false) }),
                                       ("sso-session", { Target.ssoSession($0) }),
                                       ("services", { Target.services($0) })] {
                    guard header.hasPrefix(prefix) else { continue }
                    let afterPrefix = header.dropFirst(prefix.count)
                    // The prefix must be followed by whitespace, then one valid name.
                    guard let sep = afterPrefix.first, sep == " " || sep == "\t" else { continue }
                    let name = afterPrefix.trimmingConfigWhitespace()
                    guard isValidName(name) else { return .none }
                    return make(String(name))
                }
                return .none
            }
        }

        /// Names hold no whitespace and no brackets; anything else printable is allowed.
        static func isValidName(_ name: Substring) -> Bool {
            !name.isEmpty && !name.unicodeScalars.contains { $0 == " " || $0 == "\t" || $0 == "[" || $0 == "]" || $0.value < 0x20 || $0.value == 0x7F }
        }

        mutating func addProperty(_ line: Substring) {
            lastKey = nil
            guard let eq = line.firstIndex(of: "=") else { return }
            let key = line[..<eq].trimmingConfigWhitespace()
            guard !key.isEmpty else { return }
            let value = Self.stripInlineComment(line[line.index(after: eq)...]).trimmingConfigWhitespace()
            guard update({ $0.properties[String(key)] = Property(value: String(value)) }) else { return }
            lastKey = String(key)
        }

        mutating func continueProperty(_ line: Substring) {
            guard let key = lastKey else { return }
            _ = update { section in
                guard let isTable = section.properties[key].map({ $0.value.isEmpty }) else { return }
                if isTable {
                    // Sub-property: `name = value`; lines without `=` are ignored.
                    if let eq = line.firstIndex(of: "=") {
                        let subKey = line[..<eq].trimmingConfigWhitespace()
                        let subValue = line[line.index(after: eq)...].trimmingConfigWhitespace()
                        if !subKey.isEmpty { section.properties[key]?.subProperties[String(subKey)] = String(subValue) }
                    }
                } else {
                    section.properties[key]?.value += "\n" + line
                }
            }
        }

        /// Applies `change` to the current section; false when lines are outside any valid one.
        mutating func update(_ change: (inout Section) -> Void) -> Bool {
            // Mutate in place (no copy of the section per line, so big files stay linear).
            switch target {
            case .none:
                return false
            case .profile(let name, _):
                change(&file.profiles[name, default: Section(name: name)])
            case .ssoSession(let name):
                change(&file.ssoSessions[name, default: Section(name: name)])
            case .services(let name):
                change(&file.services[name, default: Section(name: name)])
            }
            return true
        }

        /// `#` or `;` starts a comment in a value only after whitespace.
        static func stripInlineComment(_ value: Substring) -> Substring {
            var previousIsSpace = false
            for index in value.indices {
                let c = value[index]
                if (c == "#" || c == ";") && previousIsSpace { return value[..<index] }
                previousIsSpace = c == " " || c == "\t"
            }
            return value
        }

        func finish() -> SharedConfigFile { file }
    }
}

extension Substring {
    /// Trims spaces, tabs and carriage returns, the whitespace the shared-config format knows.
    func trimmingConfigWhitespace() -> Substring {
        var result = self
        while let c = result.first, c == " " || c == "\t" || c == "\r" { result.removeFirst() }
        while let c = result.last, c == " " || c == "\t" || c == "\r" { result.removeLast() }
        return result
    }
}

extension StringProtocol {
    /// Trims ASCII whitespace (space, tab, CR, LF) from both ends; FoundationEssentials has no
    /// `trimmingCharacters(in:)`.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
