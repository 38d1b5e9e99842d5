#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the load generator reads about its own process: CPU time, thread count and resident
/// memory, without Foundation, so that reading them costs next to nothing during a run.
enum ProcessStats {
    /// User plus system CPU seconds of the whole process (every thread), from `getrusage`.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// Seconds on the monotonic clock.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The process's thread count (`Threads:` of `/proc/self/status`), or -1 where there is none.
    static func threads() -> Int { statusField("Threads") }

    /// The resident set size in KiB (`VmRSS:` of `/proc/self/status`), or -1 where there is none.
    static func residentKiB() -> Int { statusField("VmRSS") }

    /// The peak resident set size in KiB (`VmHWM:`), or -1 where there is none.
    static func peakResidentKiB() -> Int { statusField("VmHWM") }

    /// Reads one numeric field of `/proc/self/status` into a stack buffer and parses it.
    private static func statusField(_ name: String) -> Int {
        let fd = open("/proc/self/status", O_RDONLY)
        guard fd >= 0 else { return -1 }
        defer { close(fd) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { buffer -> Int in
            var length = 0
            while length < buffer.count {
                let got = read(fd, buffer.baseAddress! + length, buffer.count - length)
                if got <= 0 { break }
                length += got
            }
            let text = buffer[0..<length]
            let key = Array(name.utf8) + [UInt8(ascii: ":")]
            var lineStart = text.startIndex
            while lineStart < text.endIndex {
                let lineEnd = text[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
                let line = text[lineStart..<lineEnd]
                if line.starts(with: key) {
                    var value = 0
                    var seenDigit = false
                    for byte in line.dropFirst(key.count) {
                        if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                            value = value * 10 + Int(byte - UInt8(ascii: "0"))
                            seenDigit = true
                        } else if seenDigit {
                            break
                        }
                    }
                    return seenDigit ? value : -1
                }
                lineStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : text.endIndex
            }
            return -1
        }
    }
}
