/*
 * The architecture limit: what our Swift client does, in C. One thread owns a curl multi
 * handle and runs curl_multi_poll; caller threads sign each request themselves (full SigV4,
 * EVP contexts reused, key cached), hand it over through a mutex-protected queue, wake the
 * loop thread only when it sleeps (an eventfd among curl_multi_poll's extra descriptors, as
 * our client does; see notify), and wait on a condition variable until it completes the job.
 * Each caller reuses one easy handle; connections are kept alive by the multi handle's pool
 * (CURLMOPT_MAXCONNECTS = 64, as our client's default).
 *
 * With "plain" as a fourth argument it hands off the textbook way instead: curl_multi_wakeup
 * after every submission (libcurl's socketpair) and a plain curl_multi_poll.
 *
 * usage: multi_loop PORT SECONDS CALLERS [plain]
 * prints: RESULT client=c-multi[-plain]-CALLERS requests=... rps=... cpu_us=... threads=... rss_kb=...
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

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

/* The hand-off our client uses: callers count their notification, then wake the loop only if
 * it sleeps; the loop marks itself sleeping, then re-reads the count (both seq_cst, in opposite
 * orders), so no notification is lost and a busy loop costs callers no system call. */
static int wake_fd;
static atomic_long notifications;
static atomic_int sleeping;
static int plain;

static void notify(void) {
    if (plain) {
        curl_multi_wakeup(multi);
        return;
    }
    atomic_fetch_add(&notifications, 1);
    if (atomic_load(&sleeping)) {
        uint64_t one = 1;
        if (write(wake_fd, &one, sizeof one) < 0) perror("multi_loop: eventfd write");
    }
}

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
        long seen = atomic_load(&notifications);
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
        if (plain) {
            curl_multi_poll(multi, NULL, 0, 1000, NULL);
            continue;
        }
        atomic_store(&sleeping, 1);
        if (atomic_load(&notifications) == seen) {
            struct curl_waitfd wake = {.fd = wake_fd, .events = CURL_WAIT_POLLIN, .revents = 0};
            curl_multi_poll(multi, &wake, 1, 1000, NULL);
            uint64_t count;
            if (wake.revents && read(wake_fd, &count, sizeof count) < 0) perror("multi_loop: eventfd read");
        }
        atomic_store(&sleeping, 0);
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
    bench_easy_once(j.easy);
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
        notify();
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
        fprintf(stderr, "usage: %s PORT SECONDS CALLERS [plain]\n", argv[0]);
        return 64;
    }
    snprintf(host, sizeof host, "127.0.0.1:%s", argv[1]);
    snprintf(url, sizeof url, "%s://%s/", bench_scheme(), host);
    double duration = atof(argv[2]);
    int callers = atoi(argv[3]);
    if (callers < 1 || callers > 1024) return 64;
    plain = argc > 4 && strcmp(argv[4], "plain") == 0;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    multi = curl_multi_init();
    wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wake_fd < 0) {
        perror("multi_loop: eventfd");
        return 1;
    }
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
    notify();
    pthread_join(loop, NULL);
    close(wake_fd);

    char name[32];
    snprintf(name, sizeof name, plain ? "c-multi-plain-%d" : "c-multi-%d", callers);
    bench_report(name, requests, errors, seconds, cpu, threads);
    curl_multi_cleanup(multi);
    free(cs);
    curl_global_cleanup();
    return errors ? 1 : 0;
}
