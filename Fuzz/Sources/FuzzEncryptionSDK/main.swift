import FuzzSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// libFuzzer's driver with this target's test-one-input function (see `runFuzzer`).
exit(runFuzzer { data, size in fuzzEncryptionSDK(data, size) })
