import Foundation

/// An interop peer (a line of `scripts/peers/pins.txt`: the Python Encryption SDK, its CLI, the
/// AWS CLI): a real program the tests run beside ours, in a virtualenv of its own that
/// `scripts/peers/ensure.sh` creates on first use.
package enum InteropPeer {
    /// Why a peer could not be made ready.
    package struct Unavailable: Error, CustomStringConvertible {
        /// The peer's name in `pins.txt`.
        package var name: String
        /// What `ensure.sh` said.
        package var reason: String
        package var description: String { "interop peer '\(name)' is not available: \(reason)" }
    }

    /// This package's checkout, found from this source file's path.
    package static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // InteropPeer.swift, KMSTestSupport, Sources
        return url
    }()

    /// The bin directory of the peer's virtualenv, created when missing (which takes a minute
    /// or two of pip the first time).
    package static func binDirectory(_ name: String) async throws -> String {
        let script = packageRoot.appendingPathComponent("scripts/peers/ensure.sh").path
        let run = try await ChildProcess(executable: "/bin/bash", arguments: [script, name], timeout: 600).run()
        let output = String(decoding: run.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard run.status == 0, !output.isEmpty else {
            let reason = String(decoding: run.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Unavailable(name: name, reason: reason.isEmpty ? "ensure.sh exited \(run.status)" : reason)
        }
        return output
    }
}
