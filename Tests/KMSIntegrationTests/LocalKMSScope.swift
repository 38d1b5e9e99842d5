import KMSTestSupport
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Gives each suite it is attached to its own local KMS (moto on 127.0.0.1, signatures
/// checked): started before the suite's first test, stopped after its last one, read by the
/// tests through `LocalKMSScope.server()`.
///
/// Where moto is missing the suites are skipped with a message saying why, except in CI
/// (`CI` set), where they run and fail with the reason: CI must never pass by skipping them.
struct LocalKMSScope: SuiteTrait, TestScoping {
    /// The server of the suite being run.
    @TaskLocal static var current: LocalKMS?

    /// The server of the suite being run; fails the test when there is none.
    static func server(sourceLocation: SourceLocation = #_sourceLocation) throws -> LocalKMS {
        try #require(current, "no local KMS: attach .localKMS to the suite", sourceLocation: sourceLocation)
    }

    /// Whether integration suites run here: moto is installed, or CI demands they run anyway.
    static var shouldRun: Bool {
        LocalKMS.availability == .available || isCI
    }

    /// `CI` is set to anything but an empty string, `0` or `false`.
    static var isCI: Bool {
        guard let value = ProcessInfo.processInfo.environment["CI"] else { return false }
        return !value.isEmpty && value.lowercased() != "false" && value != "0"
    }

    var isRecursive: Bool { false }

    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        let server: LocalKMS
        do {
            server = try await LocalKMS.start()
        } catch let error as LocalKMS.LaunchError where error.kind == .motoMissing {
            throw LocalKMS.LaunchError(
                kind: .motoMissing,
                message: "moto's server is missing and CI is set, so the integration tests cannot be skipped: "
                    + "install it with scripts/bootstrap.sh (pip install 'moto[server]'). \(error.message)"
            )
        }
        do {
            try await Self.$current.withValue(server) { try await function() }
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }
}

extension Trait where Self == LocalKMSScope {
    /// Runs the suite against its own local KMS (see `LocalKMSScope`).
    static var localKMS: Self { Self() }
}

extension Trait where Self == ConditionTrait {
    /// Skips the suite, saying why, when moto is not installed, unless `CI` is set.
    static var localKMSAvailable: Self {
        .enabled(
            "needs moto's server (pip install 'moto[server]', or scripts/bootstrap.sh); with CI set, its absence fails instead"
        ) { LocalKMSScope.shouldRun }
    }
}
