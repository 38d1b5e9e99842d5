import Dispatch
import Synchronization

/// Runs `body` on the cooperative pool and waits for it on the calling thread.
///
/// libFuzzer calls `LLVMFuzzerTestOneInput` synchronously on its own thread (never a Swift
/// concurrency thread), so blocking it here starves nothing.
public func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let result = ResultSlot<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        let value = await body()
        result.value.withLock { $0 = value }
        done.signal()
    }
    done.wait()
    guard let value = result.value.withLock({ $0 }) else { fatalError("runBlocking: the task ended without a result") }
    return value
}

/// Where the task leaves its result for the waiting thread.
private final class ResultSlot<T: Sendable>: Sendable {
    let value = Mutex<T?>(nil)
}
