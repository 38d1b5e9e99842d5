#include "CAllocationCounter.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

#if defined(__has_feature)
#  if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#    define ALLOCATION_COUNTER_SANITIZED 1
#  endif
#endif

#if defined(__linux__) && defined(__GLIBC__) && !defined(ALLOCATION_COUNTER_SANITIZED)

// glibc's allocator under its exported internal names: the definitions below count, then call
// these, so the memory is glibc's and its free, malloc_usable_size and the rest fit unchanged.
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

// Per thread and initial-exec: reading them never allocates (a dynamic TLS block would, from
// inside malloc). `counting` is set only between start and stop on the measuring thread.
static __thread int counting __attribute__((tls_model("initial-exec")));
static __thread unsigned long allocations __attribute__((tls_model("initial-exec")));

static inline void count(void) {
    if (__builtin_expect(counting, 0)) allocations += 1;
}

void *malloc(size_t size) {
    count();
    return __libc_malloc(size);
}

void *calloc(size_t count_, size_t size) {
    count();
    return __libc_calloc(count_, size);
}

void *realloc(void *pointer, size_t size) {
    count();
    return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
    count();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    count();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    // POSIX: a power of two multiple of sizeof(void *), else EINVAL and *result untouched.
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0 || alignment == 0) return EINVAL;
    count();
    void *memory = __libc_memalign(alignment, size);
    if (memory == NULL) return ENOMEM;
    *result = memory;
    return 0;
}

int allocation_counter_available(void) { return 1; }

void allocation_counter_start(void) {
    allocations = 0;
    counting = 1;
}

unsigned long allocation_counter_stop(void) {
    counting = 0;
    return allocations;
}

#else

int allocation_counter_available(void) { return 0; }
void allocation_counter_start(void) {}
unsigned long allocation_counter_stop(void) { return 0; }

#endif
