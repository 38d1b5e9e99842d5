#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes whole lines straight to the file descriptors: unbuffered, so a line is out the moment
/// it is made (even if the run is cut short), and free of the C `stdout`/`stderr` globals that
/// strict concurrency rejects.
enum Output {
    /// One line on standard output.
    static func line(_ text: String) { write(text + "\n", to: 1) }

    /// One line on standard error.
    static func error(_ text: String) { write(text + "\n", to: 2) }

    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                #if canImport(Glibc)
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                #else
                let written = Darwin.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                #endif
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
