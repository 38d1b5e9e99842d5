/*
 * The C reference signer of scripts/bench/c/sigv4.h, callable from the Swift benchmarks so the
 * "C, EVP contexts reused" row is measured in the same process and run as the Swift signer.
 */
#ifndef CSIGV4_REFERENCE_H
#define CSIGV4_REFERENCE_H

#include <stddef.h>

/* An opaque signer for requests to this host ("127.0.0.1:8080"). */
typedef struct csigv4_reference csigv4_reference;

csigv4_reference *csigv4_reference_create(const char *host);
void csigv4_reference_destroy(csigv4_reference *signer);

/* Full SigV4 of the benchmark's GenerateDataKey request at this time (epoch seconds), body
 * included; writes the Authorization value (NUL-terminated) into out (>= 256 bytes). */
void csigv4_reference_sign(csigv4_reference *signer, long long epoch, char *out, size_t capacity);

/* The request body the reference signs, so the Swift side signs the very same bytes. */
const char *csigv4_reference_body(void);

#endif
