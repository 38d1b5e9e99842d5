import Foundation
import Locking

/// Runs a program to its end and collects what it printed, for tests: on a Dispatch thread so
/// no Swift concurrency thread blocks on the child, both pipes drained at once so neither can
/// fill up, and the child killed if it outlives its time limit.
package struct ChildProcess: Sendable {
    /// What a finished run gave back.
    package struct Result: Sendable {
        /// The exit status (or the signal number when it was killed).
        package var status: Int32
        /// Everything written to standard output.
        package var stdout: Data
        /// Everything written to standard error.
        package var stderr: Data
    }

    /// The program's path.
    package var executable: String
    /// Its arguments.
    package var arguments: [String]
    /// Its whole environment, or nil for this process's.
    package var environment: [String: String]?
    /// Seconds after which it is terminated (and killed two seconds later: children of Swift
    /// processes may inherit a blocked SIGTERM).
    package var timeout: Double

    /// Describes a run; nothing starts until ``run()`` or ``runBlocking()``.
    package init(executable: String, arguments: [String], environment: [String: String]? = nil, timeout: Double) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.timeout = timeout
    }

    /// Runs it without blocking the caller's thread.
    package func run() async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try runBlocking() })
            }
        }
    }

    /// Runs it on the calling thread (for synchronous contexts such as test traits).
    package func runBlocking() throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let watchdog = DispatchWorkItem {
            guard process.isRunning else { return }
            process.terminate()
            DispatchQueue.global().asyncAfter(deadline: .now() + 2) {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        let errorData = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData.set(errors.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: outputData, stderr: errorData.get())
    }

    /// Bytes handed over from the stderr reader thread.
    private final class LockedData: Sendable {
        private let data = LockedValue(Data())
        func set(_ value: Data) { data.withLock { $0 = value } }
        func get() -> Data { data.withLock { $0 } }
    }
}
