import ArgumentParser

/// `--number-of-bytes` or `--key-spec`, for both data key commands.
struct DataKeySizeOptions: ParsableArguments {
    @Option(name: .customLong("number-of-bytes"), help: "Length of the data key in bytes (1...1024).")
    var numberOfBytes: Int?

    @Option(name: .customLong("key-spec"), help: "Length of the data key by name.")
    var keySpec: KeySpecArgument?

    func validate() throws {
        if numberOfBytes != nil && keySpec != nil {
            throw ValidationError("give either --number-of-bytes or --key-spec, not both")
        }
        if let numberOfBytes, !(1...1024).contains(numberOfBytes) {
            throw ValidationError("--number-of-bytes must be between 1 and 1024, got \(numberOfBytes)")
        }
    }
}
