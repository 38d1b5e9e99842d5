#ifndef SWIFT_KMS_CCURL_SHIM_H
#define SWIFT_KMS_CCURL_SHIM_H

#include <curl/curl.h>
#include <string.h>
#include <pthread.h>

// curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic macros/functions that
// Swift cannot call; these typed wrappers are the only way the Swift side touches them.
static inline CURLcode ccurl_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_easy_setopt_ptr(CURL *h, CURLoption o, const void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_easy_setopt_write(CURL *h, CURLoption o, size_t (*f)(char *, size_t, size_t, void *)) { return curl_easy_setopt(h, o, f); }
static inline CURLcode ccurl_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ccurl_easy_getinfo_ptr(CURL *h, CURLINFO i, void **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ccurl_easy_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLMcode ccurl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }

// The result of a finished transfer, read out of CURLMsg's anonymous union.
static inline CURLcode ccurl_msg_result(const CURLMsg *m) { return m->data.result; }

// Overwrites memory with zeros in a way the optimiser may not drop, even when the memory is
// released right after (response buffers can hold key material).
static inline void ccurl_secure_zero(void *p, size_t n) {
    if (p == NULL || n == 0) return;
    memset(p, 0, n);
    __asm__ __volatile__("" : : "r"(p) : "memory");
}

#if defined(__linux__)
// glibc declares it only under _GNU_SOURCE, which the system module map is built without.
extern int pthread_setname_np(pthread_t thread, const char *name);
#endif

#if defined(__linux__)
#include <sys/eventfd.h>
#include <unistd.h>
// An eventfd that wakes the curl thread from curl_multi_poll: cheaper than the socketpair
// behind curl_multi_wakeup in the libcurl Debian 12 ships, 7.88 (no socket buffer per wake-up).
static inline int ccurl_wakeup_fd_new(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }
static inline void ccurl_wakeup_fd_signal(int fd) { uint64_t one = 1; ssize_t n = write(fd, &one, sizeof one); (void)n; }
static inline void ccurl_wakeup_fd_drain(int fd) { uint64_t count; ssize_t n = read(fd, &count, sizeof count); (void)n; }
#endif

// Names the calling thread (at most 15 bytes show), so it can be told apart in
// /proc/self/task/*/comm, gdb and top.
static inline void ccurl_set_thread_name(const char *name) {
#if defined(__linux__)
    pthread_setname_np(pthread_self(), name);
#elif defined(__APPLE__)
    pthread_setname_np(name);
#endif
}

#endif
