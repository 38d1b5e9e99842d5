#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The shared config and credentials files together, with the profile to use picked out.
///
/// Why: credentials, region, endpoint and retry settings all come from the same profile, found
/// the same way (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, `AWS_PROFILE`, `~/.aws`).
/// Load it once and read every setting from it. A file that is missing or unreadable counts as
/// empty, as in the SDKs.
package struct SharedConfiguration: Sendable, Hashable {
    /// The parsed `~/.aws/config` (or `AWS_CONFIG_FILE`).
    package var configFile: SharedConfigFile
    /// The parsed `~/.aws/credentials` (or `AWS_SHARED_CREDENTIALS_FILE`).
    package var credentialsFile: SharedConfigFile
    /// The selected profile: the explicit one, else `AWS_PROFILE`, else `default`.
    package var profileName: String

    /// Combines already parsed files.
    package init(configFile: SharedConfigFile = SharedConfigFile(), credentialsFile: SharedConfigFile = SharedConfigFile(), profileName: String = "default") {
        self.configFile = configFile
        self.credentialsFile = credentialsFile
        self.profileName = profileName
    }

    /// Reads both files from where the environment says they are.
    ///
    /// - Parameters:
    ///   - profile: a profile chosen by the caller (`--profile`); beats `AWS_PROFILE`.
    ///   - environment: the variables to read; tests pass their own.
    ///   - configFilePath: overrides `AWS_CONFIG_FILE` and `~/.aws/config`.
    ///   - credentialsFilePath: overrides `AWS_SHARED_CREDENTIALS_FILE` and `~/.aws/credentials`.
    package static func load(
        profile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        configFilePath: String? = nil,
        credentialsFilePath: String? = nil
    ) -> SharedConfiguration {
        let configPath = configFilePath ?? Self.configFilePath(environment: environment)
        let credentialsPath = credentialsFilePath ?? Self.credentialsFilePath(environment: environment)
        return SharedConfiguration(
            configFile: SharedConfigFile.parse(readFile(configPath) ?? [], kind: .config),
            credentialsFile: SharedConfigFile.parse(readFile(credentialsPath) ?? [], kind: .credentials),
            profileName: profile ?? nonEmpty(environment["AWS_PROFILE"]) ?? "default"
        )
    }

    /// `AWS_CONFIG_FILE`, else `~/.aws/config`, with a leading `~` expanded.
    package static func configFilePath(environment: [String: String]) -> String {
        expandHome(nonEmpty(environment["AWS_CONFIG_FILE"]) ?? "~/.aws/config", environment: environment)
    }

    /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`, with a leading `~` expanded.
    package static func credentialsFilePath(environment: [String: String]) -> String {
        expandHome(nonEmpty(environment["AWS_SHARED_CREDENTIALS_FILE"]) ?? "~/.aws/credentials", environment: environment)
    }

    /// The selected profile's properties, credentials file over config file; `nil` when
    /// neither file has the profile.
    package var profile: SharedConfigFile.Section? { profile(named: profileName) }

    /// A profile's properties from both files; the credentials file wins key by key.
    package func profile(named name: String) -> SharedConfigFile.Section? {
        let fromConfig = configFile.profiles[name]
        let fromCredentials = credentialsFile.profiles[name]
        guard fromConfig != nil || fromCredentials != nil else { return nil }
        var merged = fromConfig ?? SharedConfigFile.Section(name: name)
        for (key, value) in fromCredentials?.properties ?? [:] { merged.properties[key] = value }
        return merged
    }

    /// The `[services NAME]` section the selected profile names with its `services` key.
    package var servicesSection: SharedConfigFile.Section? {
        guard let name = profile?["services"], !name.isEmpty else { return nil }
        return configFile.services[name]
    }

    /// A value set for one service in the profile's `services` section, such as
    /// `serviceSetting("kms", "endpoint_url")`. Service keys are matched as the SDKs write them:
    /// lowercase, spaces as underscores.
    package func serviceSetting(_ service: String, _ key: String) -> String? {
        let serviceKey = String(service.lowercased().map { $0 == " " ? "_" : $0 })
        return servicesSection?.properties[serviceKey]?.subProperties[key]
    }

    static func expandHome(_ path: String, environment: [String: String]) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = nonEmpty(environment["HOME"]) ?? FileManager.default.homeDirectoryForCurrentUser.path
        return home + path.dropFirst()
    }

    static func readFile(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }
}

/// `nil` for absent and empty values alike: the SDKs treat `VAR=` as unset.
func nonEmpty(_ value: String?) -> String? {
    guard let value, !value.isEmpty else { return nil }
    return value
}
