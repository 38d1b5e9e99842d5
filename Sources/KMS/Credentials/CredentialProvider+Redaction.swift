// Descriptions and mirrors of the credential providers and shared files. The default ones
// print every stored property, and those hold secrets: the process environment
// (`AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_CONTAINER_AUTHORIZATION_TOKEN`) and the
// parsed credentials file. So `print(config)`, `String(reflecting:)` and `dump` show only
// what locates the credentials, never their values.

extension EnvironmentCredentialProvider: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `EnvironmentCredentialProvider(N variables)`: no names or values.
    public var description: String { "EnvironmentCredentialProvider(\(environment.count) variables)" }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// No children: the environment holds secrets.
    public var customMirror: Mirror { Mirror(self, children: [:], displayStyle: .struct) }
}

extension ProfileCredentialProvider: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The profile and file paths.
    public var description: String {
        "ProfileCredentialProvider(profile: \(profile ?? "default"), config: \(configFilePath ?? "default"), credentials: \(credentialsFilePath ?? "default"))"
    }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// The profile and file paths only.
    public var customMirror: Mirror {
        Mirror(self, children: ["profile": profile as Any, "configFilePath": configFilePath as Any,
                                "credentialsFilePath": credentialsFilePath as Any], displayStyle: .struct)
    }
}

extension ProcessCredentialProvider: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The program, without its arguments (they may carry a token).
    public var description: String {
        let program = command.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        return "ProcessCredentialProvider(program: \(program), …)"
    }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// No children: the command line and the environment may hold secrets.
    public var customMirror: Mirror { Mirror(self, children: [:], displayStyle: .struct) }
}

extension WebIdentityCredentialProvider: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Role, token file path, session name and STS endpoint (never the token).
    public var description: String {
        "WebIdentityCredentialProvider(role: \(roleArn), tokenFile: \(tokenFilePath), session: \(sessionName), sts: \(stsEndpoint))"
    }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// The same fields as `description`.
    public var customMirror: Mirror {
        Mirror(self, children: ["roleArn": roleArn, "tokenFilePath": tokenFilePath, "sessionName": sessionName,
                                "stsEndpoint": stsEndpoint], displayStyle: .struct)
    }
}

extension AssumeRoleCredentialProvider: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Role, session name and STS endpoint; never the source's credentials, the external id
    /// or an MFA code.
    public var description: String {
        "AssumeRoleCredentialProvider(role: \(roleArn), session: \(sessionName), sts: \(stsEndpoint), mfa: \(mfaSerial == nil ? "no" : "yes"))"
    }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// The same fields as `description`.
    public var customMirror: Mirror {
        Mirror(self, children: ["roleArn": roleArn, "sessionName": sessionName, "stsEndpoint": stsEndpoint], displayStyle: .struct)
    }
}

extension SSOCredentialProvider: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Profile, account, role and portal; never the cached token or its refresh token.
    public var description: String {
        "SSOCredentialProvider(profile: \(profileName), account: \(accountId), role: \(roleName), portal: \(portalEndpoint))"
    }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// The same fields as `description`.
    public var customMirror: Mirror {
        Mirror(self, children: ["profileName": profileName, "accountId": accountId, "roleName": roleName,
                                "portalEndpoint": portalEndpoint], displayStyle: .struct)
    }
}

extension ContainerCredentialProvider: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// No endpoint or token: both come from the environment, which is not shown.
    public var description: String { "ContainerCredentialProvider(…)" }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// No children: the environment may hold the authorization token.
    public var customMirror: Mirror { Mirror(self, children: [:], displayStyle: .struct) }
}

extension InstanceMetadataCredentialProvider: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The endpoint and whether it is disabled (never the session token it holds).
    public var description: String {
        "InstanceMetadataCredentialProvider(endpoint: \(endpoint), disabled: \(disabled))"
    }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// The same fields as `description`.
    public var customMirror: Mirror {
        Mirror(self, children: ["endpoint": endpoint, "disabled": disabled], displayStyle: .struct)
    }
}

extension CredentialProviderChain: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Each link's name and provider, in order.
    public var description: String {
        "CredentialProviderChain(" + links.map { "\($0.name): \($0.provider)" }.joined(separator: ", ") + ")"
    }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// The links as name → provider.
    public var customMirror: Mirror {
        Mirror(self, children: links.map { (label: $0.name as String?, value: $0.provider as Any) }, displayStyle: .struct)
    }
}

extension DefaultCredentialChain: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The chain's links.
    public var description: String { "DefaultCredentialChain(\(chain.links.map(\.name).joined(separator: ", ")))" }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// The chain only (the cache's credentials are redacted by `AWSCredentials` anyway).
    public var customMirror: Mirror { Mirror(self, children: ["chain": chain], displayStyle: .struct) }
}

extension SharedConfigFile: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Section names only: a credentials file's values are secrets.
    public var description: String {
        "SharedConfigFile(profiles: \(profiles.keys.sorted()), sso-sessions: \(ssoSessions.keys.sorted()), services: \(services.keys.sorted()))"
    }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// Section names only.
    public var customMirror: Mirror {
        Mirror(self, children: ["profiles": profiles.keys.sorted(), "ssoSessions": ssoSessions.keys.sorted(),
                                "services": services.keys.sorted()], displayStyle: .struct)
    }
}

extension SharedConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The selected profile and the files' section names.
    public var description: String {
        "SharedConfiguration(profile: \(profileName), config: \(configFile), credentials: \(credentialsFile))"
    }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// The same fields as `description`.
    public var customMirror: Mirror {
        Mirror(self, children: ["profileName": profileName, "configFile": configFile, "credentialsFile": credentialsFile],
               displayStyle: .struct)
    }
}
