/*
 * What every C client of the loopback harness shares: the clock, CPU time from getrusage,
 * the process's thread count and RSS from /proc/self/status, the one-line result format that
 * run.sh parses, and the libcurl request setup (same headers as our Swift client sends).
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "sigv4.h"

static inline double bench_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* User + system CPU seconds of the whole process. */
static inline double bench_cpu(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6
        + (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* A field of /proc/self/status ("Threads", "VmRSS"), or -1. */
static inline long bench_status(const char *field) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    size_t n = strlen(field);
    long value = -1;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, field, n) == 0 && line[n] == ':') {
            value = strtol(line + n + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
    return value;
}

/* The TLS rounds of run.sh set BENCH_SCHEME=https, BENCH_CAFILE (the throwaway CA to trust)
 * and BENCH_SUFFIX (appended to the client's name, e.g. "-tls"). */
static inline const char *bench_scheme(void) {
    const char *scheme = getenv("BENCH_SCHEME");
    return scheme && *scheme ? scheme : "http";
}

/* Once per easy handle: HTTP/1.1 (also where the server offers h2), or with BENCH_HTTP2 set
 * h2 where offered, a new request waiting to multiplex on the connection being set up; and the
 * throwaway CA of the TLS rounds. */
static inline void bench_easy_once(CURL *easy) {
    const char *http2 = getenv("BENCH_HTTP2");
    if (http2 && *http2) {
        curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
        curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
    } else {
        curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    }
    const char *cafile = getenv("BENCH_CAFILE");
    if (cafile && *cafile) curl_easy_setopt(easy, CURLOPT_CAINFO, cafile);
}

/* The line run.sh reads. */
static inline void bench_report(const char *client, long requests, long errors, double seconds,
                                double cpu_seconds, long threads) {
    const char *suffix = getenv("BENCH_SUFFIX");
    printf("RESULT client=%s%s requests=%ld errors=%ld seconds=%.3f rps=%.1f cpu_us=%.2f threads=%ld rss_kb=%ld\n",
           client, suffix ? suffix : "", requests, errors, seconds, requests / seconds,
           requests ? cpu_seconds * 1e6 / (double)requests : 0.0, threads, bench_status("VmRSS"));
    fflush(stdout);
}

/* A response body buffer that grows, reused across requests. */
typedef struct {
    char *data;
    size_t len, cap;
} bench_buf;

static size_t bench_write(char *ptr, size_t size, size_t nmemb, void *userdata) {
    bench_buf *b = userdata;
    size_t n = size * nmemb;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        while (cap < b->len + n) cap *= 2;
        char *grown = realloc(b->data, cap);
        if (!grown) return 0;
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    return n;
}

/* The headers of one signed request, as our client sends them. */
typedef struct {
    char date[32];
    char auth[300];
    struct curl_slist items[5];
} bench_headers;

/* Builds the header list in caller-owned storage (no curl_slist_append allocations). */
static inline struct curl_slist *bench_headers_make(bench_headers *h, const sigv4_out *sig) {
    snprintf(h->date, sizeof h->date, "X-Amz-Date: %s", sig->amz_date);
    snprintf(h->auth, sizeof h->auth, "Authorization: %s", sig->authorization);
    static char content_type[] = "Content-Type: " BENCH_CONTENT_TYPE;
    static char target[] = "X-Amz-Target: " BENCH_TARGET;
    static char no_expect[] = "Expect:";
    h->items[0] = (struct curl_slist){content_type, &h->items[1]};
    h->items[1] = (struct curl_slist){target, &h->items[2]};
    h->items[2] = (struct curl_slist){h->date, &h->items[3]};
    h->items[3] = (struct curl_slist){h->auth, &h->items[4]};
    h->items[4] = (struct curl_slist){no_expect, NULL};
    return &h->items[0];
}

/* Options for one KMS call on an easy handle (fresh or reused). */
static inline void bench_easy_setup(CURL *easy, const char *url, const char *body,
                                    struct curl_slist *headers, bench_buf *buf) {
    curl_easy_setopt(easy, CURLOPT_URL, url);
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, bench_write);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, buf);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
}

/* A reply counts when it is a 200 carrying a data key. */
static inline int bench_reply_ok(CURL *easy, const bench_buf *buf) {
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    return status == 200 && buf->len > 40 && memmem(buf->data, buf->len, "\"Plaintext\"", 11) != NULL;
}

#endif
