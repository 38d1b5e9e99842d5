/*
 * The architecture limit: what our Swift client does, in C. One thread owns a curl multi
 * handle and runs curl_multi_poll; caller threads sign each request themselves (full SigV4,
 * EVP contexts reused, key cached), hand it over through a mutex-protected queue plus
 * curl_multi_wakeup, and wait on a condition variable until the loop thread completes it.
 * Each caller reuses one easy handle; connections are kept alive by the multi handle's pool
 * (CURLMOPT_MAXCONNECTS = 64, as our client's default).
 *
 * usage: multi_loop PORT SECONDS CALLERS
 * prints: RESULT client=c-multi-CALLERS requests=... rps=... cpu_us=... threads=... rss_kb=...
 */
#define _GNU_SOURCE
#include <pthread.h>

#include "bench_common.h"

typedef struct job {
    CURL *easy;
    bench_buf buf;
    bench_headers headers;
    sigv4_out sig;
    CURLcode result;
    int done;
    pthread_cond_t cond;
    struct job *next;
} job;

static CURLM *multi;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static job *queue_head, *queue_tail;
static int stopping;

static char host[64], url[96];
static double deadline;

typedef struct {
    pthread_t thread;
    long requests, errors, threads_seen;
    int sample_threads;
} caller;

/* The loop thread: adds queued transfers, drives them, completes finished ones. */
static void *loop_main(void *unused) {
    (void)unused;
    for (;;) {
        pthread_mutex_lock(&lock);
        job *batch = queue_head;
        queue_head = queue_tail = NULL;
        int stop = stopping;
        pthread_mutex_unlock(&lock);
        for (job *j = batch; j;) {
            job *next = j->next;
            j->next = NULL;
            curl_multi_add_handle(multi, j->easy);
            j = next;
        }
        int running = 0;
        curl_multi_perform(multi, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(multi, &left))) {
            if (msg->msg != CURLMSG_DONE) continue;
            job *j = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
            CURLcode result = msg->data.result;
            curl_multi_remove_handle(multi, msg->easy_handle);
            pthread_mutex_lock(&lock);
            j->result = result;
            j->done = 1;
            pthread_cond_signal(&j->cond);
            pthread_mutex_unlock(&lock);
        }
        if (stop && running == 0) break;
        curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    return NULL;
}

/* A caller: sign, hand over, wait, check; until the deadline. */
static void *caller_main(void *arg) {
    caller *me = arg;
    sigv4_ctx signer;
    sigv4_init(&signer, host);
    job j;
    memset(&j, 0, sizeof j);
    pthread_cond_init(&j.cond, NULL);
    j.easy = curl_easy_init();
    while (bench_now() < deadline) {
        sigv4_sign(&signer, BENCH_BODY, sizeof BENCH_BODY - 1, time(NULL), &j.sig);
        bench_easy_setup(j.easy, url, BENCH_BODY, bench_headers_make(&j.headers, &j.sig), &j.buf);
        curl_easy_setopt(j.easy, CURLOPT_PRIVATE, &j);
        j.buf.len = 0;
        pthread_mutex_lock(&lock);
        j.done = 0;
        if (queue_tail) queue_tail->next = &j; else queue_head = &j;
        queue_tail = &j;
        pthread_mutex_unlock(&lock);
        curl_multi_wakeup(multi);
        pthread_mutex_lock(&lock);
        while (!j.done) pthread_cond_wait(&j.cond, &lock);
        pthread_mutex_unlock(&lock);
        if (j.result != CURLE_OK || !bench_reply_ok(j.easy, &j.buf)) {
            if (me->errors++ == 0) fprintf(stderr, "multi_loop: request failed: %s\n", curl_easy_strerror(j.result));
        } else {
            me->requests++;
        }
        if (me->sample_threads && (me->requests & 255) == 0) {
            long n = bench_status("Threads");
            if (n > me->threads_seen) me->threads_seen = n;
        }
    }
    curl_easy_cleanup(j.easy);
    free(j.buf.data);
    pthread_cond_destroy(&j.cond);
    sigv4_free(&signer);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s PORT SECONDS CALLERS\n", argv[0]);
        return 64;
    }
    snprintf(host, sizeof host, "127.0.0.1:%s", argv[1]);
    snprintf(url, sizeof url, "http://%s/", host);
    double duration = atof(argv[2]);
    int callers = atoi(argv[3]);
    if (callers < 1 || callers > 1024) return 64;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, 64L);
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 64L);
    pthread_t loop;
    pthread_create(&loop, NULL, loop_main, NULL);

    caller *cs = calloc((size_t)callers, sizeof *cs);
    double cpu0 = bench_cpu(), t0 = bench_now();
    deadline = t0 + duration;
    for (int i = 0; i < callers; i++) {
        cs[i].sample_threads = (i == 0);
        pthread_create(&cs[i].thread, NULL, caller_main, &cs[i]);
    }
    long requests = 0, errors = 0;
    for (int i = 0; i < callers; i++) {
        pthread_join(cs[i].thread, NULL);
        requests += cs[i].requests;
        errors += cs[i].errors;
    }
    double seconds = bench_now() - t0, cpu = bench_cpu() - cpu0;
    long threads = cs[0].threads_seen;

    pthread_mutex_lock(&lock);
    stopping = 1;
    pthread_mutex_unlock(&lock);
    curl_multi_wakeup(multi);
    pthread_join(loop, NULL);

    char name[32];
    snprintf(name, sizeof name, "c-multi-%d", callers);
    bench_report(name, requests, errors, seconds, cpu, threads);
    curl_multi_cleanup(multi);
    free(cs);
    curl_global_cleanup();
    return errors ? 1 : 0;
}
