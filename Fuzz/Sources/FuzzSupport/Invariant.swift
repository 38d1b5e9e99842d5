/// Stops the run with `message` when `condition` is false; libFuzzer then saves the input as a
/// crash. Fuzz targets use it for properties that must hold on every input, not just "no trap".
public func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                      file: StaticString = #fileID, line: UInt = #line) {
    if !condition() {
        fatalError("invariant broken: \(message())", file: file, line: line)
    }
}
