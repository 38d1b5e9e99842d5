/*
 * One full SigV4 header signature of a KMS GenerateDataKey request, in C with OpenSSL 3, EVP
 * contexts reused and the signing key cached: date formatting, payload hash, canonical request,
 * string to sign, signature, Authorization value. The reference for "signing one KMS request
 * costs no more than 2x this".
 *
 * usage: sign_bench [ITERATIONS]     prints: RESULT client=c-sign iterations=... ns_per_op=...
 *        sign_bench --print HOST EPOCH  prints the X-Amz-Date and Authorization it computes
 *                                       (run.sh checks them against botocore)
 */
#define _GNU_SOURCE
#include "bench_common.h"

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "--print") == 0) {
        sigv4_ctx c;
        sigv4_init(&c, argv[2]);
        sigv4_out out;
        sigv4_sign(&c, BENCH_BODY, sizeof BENCH_BODY - 1, (time_t)atoll(argv[3]), &out);
        printf("%s\n%s\n", out.amz_date, out.authorization);
        sigv4_free(&c);
        return 0;
    }
    long iterations = argc > 1 ? atol(argv[1]) : 2000000;
    sigv4_ctx c;
    sigv4_init(&c, "127.0.0.1:8080");
    sigv4_out out;
    time_t now = time(NULL);
    unsigned long sink = 0;
    for (long i = 0; i < iterations / 10; i++) { /* warm-up */
        sigv4_sign(&c, BENCH_BODY, sizeof BENCH_BODY - 1, now, &out);
        sink += (unsigned char)out.authorization[200];
    }
    double best = 1e9;
    for (int round = 0; round < 5; round++) {
        double cpu0 = bench_cpu(), t0 = bench_now();
        for (long i = 0; i < iterations / 5; i++) {
            sigv4_sign(&c, BENCH_BODY, sizeof BENCH_BODY - 1, now, &out);
            sink += (unsigned char)out.authorization[200];
        }
        double wall = bench_now() - t0, cpu = bench_cpu() - cpu0;
        double ns = (cpu < wall ? cpu : wall) * 1e9 / (double)(iterations / 5);
        if (ns < best) best = ns;
    }
    printf("RESULT client=c-sign iterations=%ld ns_per_op=%.1f derivations=%lu sink=%lu\n", iterations,
           best, c.derivations, sink & 1);
    sigv4_free(&c);
    return 0;
}
