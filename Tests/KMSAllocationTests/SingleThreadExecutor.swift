import Foundation

/// A task executor that runs every job on one thread of its own, so an async operation started
/// with it as the task's preference (`Task(executorPreference:)`) does all its work on that
/// thread, hops to default actors included, and a per-thread allocation count sees all of it.
final class SingleThreadExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable: `jobs` and `stopping` are read and written under `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false

    init() {
        // Room reserved up front: a job enqueued from the counting thread itself (a continuation
        // resumed there) must not grow the array and be counted as the operation's allocation.
        jobs.reserveCapacity(64)
        Thread { [self] in run() }.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread end once the jobs enqueued so far have run.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            guard !jobs.isEmpty else {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
