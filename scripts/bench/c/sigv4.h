/*
 * A minimal, fast SigV4 signer for one KMS request shape, in plain C with OpenSSL 3: the
 * reference point the Swift signer is measured against. Not a general signer: it signs exactly
 * what our KMS client sends (POST /, content-type;host;x-amz-date;x-amz-target) and nothing else.
 *
 * Fast the way a careful C program would be: the SHA-256 and HMAC contexts are created once and
 * re-initialised per use (no one-shot HMAC()/SHA256()), the algorithms are fetched once, the
 * signing key is derived once per day and cached, strings are built with memcpy into fixed
 * buffers, and hex is encoded through a table.
 */
#ifndef BENCH_SIGV4_H
#define BENCH_SIGV4_H

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Fake credentials, the documentation's examples: never real ones. */
#define BENCH_ACCESS_KEY "AKIDEXAMPLE"
#define BENCH_SECRET_KEY "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define BENCH_REGION "us-east-1"
#define BENCH_SERVICE "kms"
#define BENCH_TARGET "TrentService.GenerateDataKey"
#define BENCH_CONTENT_TYPE "application/x-amz-json-1.1"
#define BENCH_BODY "{\"KeyId\":\"alias/bench\",\"NumberOfBytes\":32}"

typedef struct {
    EVP_MD *sha256;
    EVP_MD_CTX *md;
    EVP_MAC *hmac;
    EVP_MAC_CTX *mac;         /* keyed with the cached signing key */
    EVP_MAC_CTX *scratch;     /* used for the key derivation */
    char day[9];              /* yyyymmdd the cached key is for */
    unsigned char key[32];
    char host[128];           /* 127.0.0.1:PORT */
    size_t host_len;
    unsigned long derivations;
} sigv4_ctx;

/* What one signature produces: the two headers to add. */
typedef struct {
    char amz_date[17];        /* yyyymmddThhmmssZ */
    char authorization[256];
} sigv4_out;

static const char sigv4_hex[] = "0123456789abcdef";

static inline void sigv4_hexify(const unsigned char *in, size_t n, char *out) {
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = sigv4_hex[in[i] >> 4];
        out[2 * i + 1] = sigv4_hex[in[i] & 15];
    }
}

static inline void sigv4_die(const char *what) {
    fprintf(stderr, "sigv4: %s failed\n", what);
    exit(2);
}

static inline void sigv4_sha256(sigv4_ctx *c, const void *data, size_t n, unsigned char out[32]) {
    unsigned int len = 0;
    if (!EVP_DigestInit_ex(c->md, c->sha256, NULL) || !EVP_DigestUpdate(c->md, data, n)
        || !EVP_DigestFinal_ex(c->md, out, &len))
        sigv4_die("sha256");
}

static inline void sigv4_hmac_with(EVP_MAC_CTX *m, const unsigned char *key, size_t keylen,
                                   const void *data, size_t n, unsigned char out[32]) {
    size_t len = 0;
    if (!EVP_MAC_init(m, key, keylen, NULL) || !EVP_MAC_update(m, data, n)
        || !EVP_MAC_final(m, out, &len, 32))
        sigv4_die("hmac");
}

static inline void sigv4_init(sigv4_ctx *c, const char *host) {
    memset(c, 0, sizeof *c);
    c->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
    c->md = EVP_MD_CTX_new();
    c->hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (!c->sha256 || !c->md || !c->hmac) sigv4_die("fetch");
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
        OSSL_PARAM_construct_end(),
    };
    c->mac = EVP_MAC_CTX_new(c->hmac);
    c->scratch = EVP_MAC_CTX_new(c->hmac);
    if (!c->mac || !c->scratch || !EVP_MAC_CTX_set_params(c->mac, params)
        || !EVP_MAC_CTX_set_params(c->scratch, params))
        sigv4_die("mac ctx");
    c->host_len = strlen(host);
    if (c->host_len >= sizeof c->host) sigv4_die("host length");
    memcpy(c->host, host, c->host_len + 1);
}

static inline void sigv4_free(sigv4_ctx *c) {
    EVP_MAC_CTX_free(c->mac);
    EVP_MAC_CTX_free(c->scratch);
    EVP_MAC_free(c->hmac);
    EVP_MD_CTX_free(c->md);
    EVP_MD_free(c->sha256);
}

/* kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, day), region), service), "aws4_request"),
 * derived only when the day changes; the signing context is then keyed once. */
static inline void sigv4_ensure_key(sigv4_ctx *c, const char day[8]) {
    if (memcmp(c->day, day, 8) == 0) return;
    unsigned char k[32];
    char secret[64] = "AWS4" BENCH_SECRET_KEY;
    sigv4_hmac_with(c->scratch, (const unsigned char *)secret, strlen(secret), day, 8, k);
    sigv4_hmac_with(c->scratch, k, 32, BENCH_REGION, sizeof BENCH_REGION - 1, k);
    sigv4_hmac_with(c->scratch, k, 32, BENCH_SERVICE, sizeof BENCH_SERVICE - 1, k);
    sigv4_hmac_with(c->scratch, k, 32, "aws4_request", 12, c->key);
    if (!EVP_MAC_init(c->mac, c->key, 32, NULL)) sigv4_die("mac key");
    memcpy(c->day, day, 8);
    c->day[8] = 0;
    c->derivations++;
}

#define SIGV4_PUT(p, s, n) (memcpy((p), (s), (n)), (p) += (n))
#define SIGV4_LIT(p, s) SIGV4_PUT(p, s, sizeof(s) - 1)

/* Formats epoch seconds as yyyymmddThhmmssZ without strftime/locale. */
static inline void sigv4_amz_date(time_t now, char out[17]) {
    struct tm tm;
    gmtime_r(&now, &tm);
    int v[6] = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec};
    out[0] = '0' + v[0] / 1000; out[1] = '0' + v[0] / 100 % 10;
    out[2] = '0' + v[0] / 10 % 10; out[3] = '0' + v[0] % 10;
    char *p = out + 4;
    for (int i = 1; i < 6; i++) {
        if (i == 3) *p++ = 'T';
        *p++ = '0' + v[i] / 10;
        *p++ = '0' + v[i] % 10;
    }
    *p++ = 'Z';
    *p = 0;
}

/* The full SigV4 header signature of one KMS request with this body, at this time. */
static inline void sigv4_sign(sigv4_ctx *c, const char *body, size_t body_len, time_t now,
                              sigv4_out *out) {
    sigv4_amz_date(now, out->amz_date);
    sigv4_ensure_key(c, out->amz_date);

    unsigned char digest[32];
    char payload_hex[64];
    sigv4_sha256(c, body, body_len, digest);
    sigv4_hexify(digest, 32, payload_hex);

    char creq[512];
    char *p = creq;
    SIGV4_LIT(p, "POST\n/\n\ncontent-type:" BENCH_CONTENT_TYPE "\nhost:");
    SIGV4_PUT(p, c->host, c->host_len);
    SIGV4_LIT(p, "\nx-amz-date:");
    SIGV4_PUT(p, out->amz_date, 16);
    SIGV4_LIT(p, "\nx-amz-target:" BENCH_TARGET "\n\ncontent-type;host;x-amz-date;x-amz-target\n");
    SIGV4_PUT(p, payload_hex, 64);
    sigv4_sha256(c, creq, (size_t)(p - creq), digest);

    char sts[256];
    p = sts;
    SIGV4_LIT(p, "AWS4-HMAC-SHA256\n");
    SIGV4_PUT(p, out->amz_date, 16);
    *p++ = '\n';
    SIGV4_PUT(p, out->amz_date, 8);
    SIGV4_LIT(p, "/" BENCH_REGION "/" BENCH_SERVICE "/aws4_request\n");
    sigv4_hexify(digest, 32, p);
    p += 64;

    /* Re-initialise with the key already set: HMAC keeps its padded key blocks. */
    size_t len = 0;
    if (!EVP_MAC_init(c->mac, NULL, 0, NULL) || !EVP_MAC_update(c->mac, (const unsigned char *)sts, (size_t)(p - sts))
        || !EVP_MAC_final(c->mac, digest, &len, 32))
        sigv4_die("signature");

    p = out->authorization;
    SIGV4_LIT(p, "AWS4-HMAC-SHA256 Credential=" BENCH_ACCESS_KEY "/");
    SIGV4_PUT(p, out->amz_date, 8);
    SIGV4_LIT(p, "/" BENCH_REGION "/" BENCH_SERVICE "/aws4_request, "
                 "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=");
    sigv4_hexify(digest, 32, p);
    p += 64;
    *p = 0;
}

#endif
