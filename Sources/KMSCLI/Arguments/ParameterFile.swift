#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Musl)
import Musl
private let systemRead = Musl.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// `file://path` and `fileb://path` parameter values, as the AWS CLI reads them: the value is
/// the file's text (`file://`) or its raw bytes (`fileb://`). A leading `~/` is the home folder.
///
/// Reads at most ``maximumSize`` bytes, so `fileb:///dev/zero` is an error, not a hang.
package enum ParameterFile {
    /// Far above anything KMS takes (a 6 KiB blob, a 4 KiB plaintext, a context).
    package static let maximumSize = 1 << 20

    /// The path of a `file://` / `fileb://` value, with which prefix it had; nil for a plain value.
    package static func reference(_ value: String) -> (path: String, binary: Bool)? {
        if value.hasPrefix("fileb://") { return (String(value.dropFirst(8)), true) }
        if value.hasPrefix("file://") { return (String(value.dropFirst(7)), false) }
        return nil
    }

    /// The bytes of the file at `path`, for the option `option` (named in errors).
    package static func contents(_ path: String, option: String, scheme: String) throws(CLIUsageError) -> [UInt8] {
        var expanded = path
        if expanded.hasPrefix("~/"), let home = getenv("HOME") {
            expanded = String(cString: home) + expanded.dropFirst(1)
        }
        let descriptor = open(expanded, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CLIUsageError("Error parsing parameter '\(option)': Unable to load paramfile \(scheme)\(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CLIUsageError("Error parsing parameter '\(option)': Unable to load paramfile \(scheme)\(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes += chunk[..<count]
            guard bytes.count <= maximumSize else {
                wipe(&bytes)
                throw CLIUsageError("Error parsing parameter '\(option)': \(scheme)\(path) is larger than \(maximumSize) bytes")
            }
        }
        wipe(&chunk)
        return bytes
    }

    /// The text of the file at `path`, which must be UTF-8: a file in another encoding is an
    /// error, not text with replacement characters sent on silently.
    package static func text(_ path: String, option: String, scheme: String) throws(CLIUsageError) -> String {
        var bytes = try contents(path, option: option, scheme: scheme)
        defer { wipe(&bytes) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CLIUsageError("Error parsing parameter '\(option)': \(scheme)\(path) is not UTF-8 text")
        }
        return text
    }

    /// Overwrites `bytes` with zeros (for buffers that held a plaintext).
    package static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            memset(base, 0, buffer.count)
        }
    }
}
