import CLibFuzzer

/// Runs libFuzzer with the process's command line (`-max_total_time=60 Corpus/…`) and
/// `testOneInput`, and returns its exit status.
///
/// Each fuzz target's `main.swift` calls this: SwiftPM gives executables a `main` of their own,
/// so libFuzzer's is not linked and its driver must be started by hand.
public func runFuzzer(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    return withUnsafeMutablePointer(to: &argv) { argvPointer in
        LLVMFuzzerRunDriver(&argc, argvPointer, testOneInput)
    }
}
