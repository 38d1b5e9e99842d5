import CAllocationCounter

/// Heap allocation calls (malloc, calloc, realloc and the aligned ones) per call of an
/// operation, counted on the one thread that runs it: other tests running at the same time, on
/// other threads, never add to it, so the count is the same on every run of the same code.
struct AllocationCount: CustomStringConvertible {
    /// The median over the samples: what the guard compares with its threshold. A rare extra
    /// allocation in one call (a cache refreshed, OpenSSL reseeding its generator) moves the
    /// highest samples, not the median.
    let median: Int
    let lowest: Int
    let highest: Int

    /// False in builds where the test process keeps another malloc (AddressSanitizer,
    /// ThreadSanitizer) or outside glibc: nothing is counted there.
    static var available: Bool { allocation_counter_available() != 0 }

    var description: String { "\(median) allocations per call (samples \(lowest)–\(highest))" }

    /// Runs `operation` `warmUp` times (first-use caches, the task allocator's slabs), then
    /// `samples` times counting each call, all on one thread (``SingleThreadExecutor``).
    ///
    /// Work the operation sends to a thread of its own (not a task executor hop) is not counted.
    static func measure(
        warmUp: Int = 5, samples: Int = 21, _ operation: @escaping @Sendable () async throws -> Void
    ) async throws -> AllocationCount {
        let executor = SingleThreadExecutor()
        defer { executor.shutdown() }
        let counts = try await Task(executorPreference: executor) {
            for _ in 0..<warmUp { try await operation() }
            var counts = [Int]()
            counts.reserveCapacity(samples)
            for _ in 0..<samples {
                allocation_counter_start()
                try await operation()
                counts.append(Int(allocation_counter_stop()))
            }
            return counts.sorted()
        }.value
        return AllocationCount(median: counts[counts.count / 2], lowest: counts[0], highest: counts[counts.count - 1])
    }
}
