#ifndef C_ALLOCATION_COUNTER_H
#define C_ALLOCATION_COUNTER_H

// Counts the heap allocations one thread makes, for the allocation regression guard
// (Tests/KMSAllocationTests). The test process's malloc, calloc, realloc, memalign,
// posix_memalign and aligned_alloc are this target's, which count on the calling thread while
// it counts and otherwise hand straight to glibc's allocator (__libc_malloc and friends), so
// every other thread and test is untouched. Off (available returns 0) outside glibc and under
// AddressSanitizer or ThreadSanitizer, whose own malloc must stay in place.

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when allocations are counted in this build, 0 when the guard cannot run.
int allocation_counter_available(void);

/// Starts counting this thread's allocation calls from zero.
void allocation_counter_start(void);

/// Stops counting on this thread and returns the allocation calls since the start.
unsigned long allocation_counter_stop(void);

#ifdef __cplusplus
}
#endif

#endif
