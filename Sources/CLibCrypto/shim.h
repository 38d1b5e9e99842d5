#ifndef SWIFT_KMS_CLIBCRYPTO_SHIM_H
#define SWIFT_KMS_CLIBCRYPTO_SHIM_H

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

/* Small helpers for AWSSigV4: one C call per digest or MAC instead of three, on contexts the
 * caller keeps and reuses (re-initialising a context costs far less than creating one, and a
 * pre-fetched EVP_MD/EVP_MAC avoids OpenSSL 3's implicit fetch on every init). Return 1 on
 * success, 0 on failure, like OpenSSL. */

/* SHA-256 of `len` bytes at `data` into `out` (32 bytes), on a reusable digest context. */
static inline int swiftkms_sha256(EVP_MD_CTX *ctx, const EVP_MD *md,
                                  const void *data, size_t len, unsigned char *out) {
    unsigned int outlen = 0;
    if (EVP_DigestInit_ex2(ctx, md, NULL) != 1) return 0;
    if (len > 0 && EVP_DigestUpdate(ctx, data, len) != 1) return 0;
    if (EVP_DigestFinal_ex(ctx, out, &outlen) != 1) return 0;
    return outlen == 32;
}

/* A new HMAC context set to SHA-256, or NULL. */
static inline EVP_MAC_CTX *swiftkms_hmac_sha256_ctx_new(EVP_MAC *mac) {
    static char digest[] = "SHA256";
    OSSL_PARAM params[2];
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    if (ctx == NULL) return NULL;
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0);
    params[1] = OSSL_PARAM_construct_end();
    if (EVP_MAC_CTX_set_params(ctx, params) != 1) {
        EVP_MAC_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* HMAC-SHA256 of `len` bytes at `data` into `out` (32 bytes). Pass key == NULL to reuse the
 * key the context was last initialised with (skips hashing the key pads again). */
static inline int swiftkms_hmac_sha256(EVP_MAC_CTX *ctx, const void *key, size_t keylen,
                                       const void *data, size_t len, unsigned char *out) {
    size_t outlen = 0;
    if (EVP_MAC_init(ctx, (const unsigned char *)key, keylen, NULL) != 1) return 0;
    if (len > 0 && EVP_MAC_update(ctx, (const unsigned char *)data, len) != 1) return 0;
    if (EVP_MAC_final(ctx, out, &outlen, 32) != 1) return 0;
    return outlen == 32;
}

#endif
