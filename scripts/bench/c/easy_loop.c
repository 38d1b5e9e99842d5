/*
 * The transport limit: one libcurl easy handle, kept alive, sending signed GenerateDataKey
 * requests one after another for a number of seconds, with a full SigV4 signature per request
 * (EVP contexts reused, signing key cached). No thread hop at all.
 *
 * usage: easy_loop PORT SECONDS
 * prints: RESULT client=c-easy requests=... rps=... cpu_us=... threads=... rss_kb=...
 */
#define _GNU_SOURCE
#include "bench_common.h"

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s PORT SECONDS\n", argv[0]);
        return 64;
    }
    char host[64], url[96];
    snprintf(host, sizeof host, "127.0.0.1:%s", argv[1]);
    snprintf(url, sizeof url, "%s://%s/", bench_scheme(), host);
    double duration = atof(argv[2]);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    sigv4_ctx signer;
    sigv4_init(&signer, host);
    CURL *easy = curl_easy_init();
    bench_easy_once(easy);
    bench_buf buf = {0};
    bench_headers headers;
    sigv4_out sig;
    long requests = 0, errors = 0, threads = bench_status("Threads");

    double cpu0 = bench_cpu(), t0 = bench_now(), deadline = t0 + duration, t = t0;
    while (t < deadline) {
        sigv4_sign(&signer, BENCH_BODY, sizeof BENCH_BODY - 1, time(NULL), &sig);
        bench_easy_setup(easy, url, BENCH_BODY, bench_headers_make(&headers, &sig), &buf);
        buf.len = 0;
        CURLcode rc = curl_easy_perform(easy);
        if (rc != CURLE_OK || !bench_reply_ok(easy, &buf)) {
            if (errors++ == 0) fprintf(stderr, "easy_loop: request failed: %s\n", curl_easy_strerror(rc));
        } else {
            requests++;
        }
        if ((requests & 1023) == 0) {
            long n = bench_status("Threads");
            if (n > threads) threads = n;
        }
        t = bench_now();
    }
    bench_report("c-easy", requests, errors, t - t0, bench_cpu() - cpu0, threads);

    curl_easy_cleanup(easy);
    free(buf.data);
    sigv4_free(&signer);
    curl_global_cleanup();
    return errors ? 1 : 0;
}
