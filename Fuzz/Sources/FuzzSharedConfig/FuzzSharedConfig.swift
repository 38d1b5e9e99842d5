import FuzzSupport
@_spi(Testing) import KMS

// Feeds arbitrary bytes to `SharedConfigFile.parse` as both `~/.aws/config` and
// `~/.aws/credentials`, the text users edit by hand and the SDK reads on every start.
//
// Properties checked on every input, beyond "no trap, no sanitizer report":
//   - parsing is deterministic;
//   - line ends do not matter: the same text with LF turned into CR LF parses the same
//     (checked when the input has no CR of its own).

/// libFuzzer's test-one-input function for this target: one input, one run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSharedConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let bytes = input.rest()
    for kind in [SharedConfigFile.Kind.config, .credentials] {
        let parsed = SharedConfigFile.parse(bytes, kind: kind)
        invariant(SharedConfigFile.parse(bytes, kind: kind) == parsed, "\(kind): parsing the same bytes twice differs")

        if !bytes.contains(UInt8(ascii: "\r")) {
            var crlf: [UInt8] = []
            crlf.reserveCapacity(bytes.count * 2)
            for byte in bytes {
                if byte == UInt8(ascii: "\n") { crlf.append(UInt8(ascii: "\r")) }
                crlf.append(byte)
            }
            invariant(SharedConfigFile.parse(crlf, kind: kind) == parsed, "\(kind): CR LF line ends parse differently from LF")
        }
        // Reading every parsed value must be safe too.
        for section in Array(parsed.profiles.values) + Array(parsed.ssoSessions.values) + Array(parsed.services.values) {
            for (name, property) in section.properties {
                _ = name.utf8.count + property.value.utf8.count + property.subProperties.count
            }
        }
    }
    return 0
}
