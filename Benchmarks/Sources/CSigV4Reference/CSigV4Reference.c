/* Wraps the reference signer in scripts/bench/c/sigv4.h (shared with the C load clients). */
#define _GNU_SOURCE
#include "CSigV4Reference.h"

#include "../../../scripts/bench/c/sigv4.h"

struct csigv4_reference {
    sigv4_ctx ctx;
};

csigv4_reference *csigv4_reference_create(const char *host) {
    csigv4_reference *signer = malloc(sizeof *signer);
    if (signer) sigv4_init(&signer->ctx, host);
    return signer;
}

void csigv4_reference_destroy(csigv4_reference *signer) {
    if (!signer) return;
    sigv4_free(&signer->ctx);
    free(signer);
}

void csigv4_reference_sign(csigv4_reference *signer, long long epoch, char *out, size_t capacity) {
    sigv4_out result;
    sigv4_sign(&signer->ctx, BENCH_BODY, sizeof BENCH_BODY - 1, (time_t)epoch, &result);
    size_t n = strlen(result.authorization);
    if (capacity == 0) return;
    if (n >= capacity) n = capacity - 1;
    memcpy(out, result.authorization, n);
    out[n] = 0;
}

const char *csigv4_reference_body(void) { return BENCH_BODY; }
