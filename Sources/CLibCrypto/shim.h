#ifndef SWIFT_KMS_CLIBCRYPTO_SHIM_H
#define SWIFT_KMS_CLIBCRYPTO_SHIM_H

#include <openssl/opensslv.h>
/* The floor is OpenSSL 3.0: EVP_MAC, OSSL_PARAM and EVP_DigestInit_ex2 below are 3.0 APIs.
 * Say so plainly instead of failing later on a missing declaration (OpenSSL 1.1 and LibreSSL
 * define no OPENSSL_VERSION_MAJOR). */
#if !defined(OPENSSL_VERSION_MAJOR) || OPENSSL_VERSION_MAJOR < 3
#error "swift-kms needs OpenSSL 3.0 or newer (libcrypto through pkg-config; on macOS: brew install openssl@3 and set PKG_CONFIG_PATH)"
#endif
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <string.h>
#include <openssl/rand.h>

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

/* Helpers for AWSEncryptionSDK: AES-GCM with the key schedule set once per message, HKDF via
 * EVP_KDF, and the EC key calls that take OSSL_PARAM lists or are variadic (neither imports
 * into Swift). Return 1 on success, 0 on failure, like OpenSSL. */

/* Sets `key` (`cipher` = a fetched AES-*-GCM) on `ctx` for encryption (enc = 1) or
 * decryption (enc = 0); later calls give only the IV. The IV length stays GCM's 12. */
static inline int swiftkms_gcm_set_key(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher,
                                       const unsigned char *key, int enc) {
    return EVP_CipherInit_ex2(ctx, cipher, key, NULL, enc, NULL);
}

/* AES-GCM encryption of `len` bytes under the key already set, with a 12-byte `iv` and
 * `aadlen` bytes of AAD; writes `len` bytes to `out` and the 16-byte tag to `tag`. */
static inline int swiftkms_gcm_seal(EVP_CIPHER_CTX *ctx, const unsigned char *iv,
                                    const unsigned char *aad, size_t aadlen,
                                    const unsigned char *in, size_t len,
                                    unsigned char *out, unsigned char *tag) {
    unsigned char fin[16];
    int outl = 0;
    if (EVP_CipherInit_ex2(ctx, NULL, NULL, iv, 1, NULL) != 1) return 0;
    while (aadlen > 0) {
        int chunk = aadlen > 0x40000000 ? 0x40000000 : (int)aadlen;
        if (EVP_EncryptUpdate(ctx, NULL, &outl, aad, chunk) != 1) return 0;
        aad += chunk; aadlen -= (size_t)chunk;
    }
    while (len > 0) {
        int chunk = len > 0x40000000 ? 0x40000000 : (int)len;
        if (EVP_EncryptUpdate(ctx, out, &outl, in, chunk) != 1 || outl != chunk) return 0;
        in += chunk; out += chunk; len -= (size_t)chunk;
    }
    if (EVP_EncryptFinal_ex(ctx, fin, &outl) != 1 || outl != 0) return 0;
    return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag) == 1;
}

/* AES-GCM decryption; returns 1 only when the 16-byte `tag` authenticates. On 0 the caller
 * must discard `out`. */
static inline int swiftkms_gcm_open(EVP_CIPHER_CTX *ctx, const unsigned char *iv,
                                    const unsigned char *aad, size_t aadlen,
                                    const unsigned char *in, size_t len,
                                    const unsigned char *tag, unsigned char *out) {
    unsigned char fin[16];
    int outl = 0;
    if (EVP_CipherInit_ex2(ctx, NULL, NULL, iv, 0, NULL) != 1) return 0;
    while (aadlen > 0) {
        int chunk = aadlen > 0x40000000 ? 0x40000000 : (int)aadlen;
        if (EVP_DecryptUpdate(ctx, NULL, &outl, aad, chunk) != 1) return 0;
        aad += chunk; aadlen -= (size_t)chunk;
    }
    while (len > 0) {
        int chunk = len > 0x40000000 ? 0x40000000 : (int)len;
        if (EVP_DecryptUpdate(ctx, out, &outl, in, chunk) != 1 || outl != chunk) return 0;
        in += chunk; out += chunk; len -= (size_t)chunk;
    }
    if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, (void *)tag) != 1) return 0;
    return EVP_DecryptFinal_ex(ctx, fin, &outl) == 1 && outl == 0;
}

/* An HMAC context on the named digest, keyed once with a dummy key so that it can serve as a
 * template for EVP_MAC_CTX_dup (duplicating copies the fetched digest: no name lookup per
 * use). Never used directly. NULL on failure. */
static inline EVP_MAC_CTX *swiftkms_hmac_template(EVP_MAC *mac, const char *digest) {
    static const unsigned char dummy[1] = { 0 };
    OSSL_PARAM params[2];
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    if (ctx == NULL) return NULL;
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest, 0);
    params[1] = OSSL_PARAM_construct_end();
    if (EVP_MAC_CTX_set_params(ctx, params) != 1 || EVP_MAC_init(ctx, dummy, sizeof dummy, NULL) != 1) {
        EVP_MAC_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* HKDF (RFC 5869: extract, then expand) with HMAC on a context duplicated from `template`
 * (see swiftkms_hmac_template), whose digest output is `hashlen` bytes (at most 64). An empty
 * salt means hashlen zero bytes. Intermediate keys are cleansed. */
static inline int swiftkms_hkdf(const EVP_MAC_CTX *template, size_t hashlen,
                                const unsigned char *key, size_t keylen,
                                const unsigned char *salt, size_t saltlen,
                                const unsigned char *info, size_t infolen,
                                unsigned char *out, size_t outlen) {
    unsigned char zeros[64] = { 0 }, prk[64], block[64];
    size_t prklen = 0, blocklen = 0, done = 0, take;
    unsigned char counter = 1;
    int ok = 0;
    EVP_MAC_CTX *ctx;
    if (hashlen > 64 || outlen > 255 * hashlen) return 0;
    ctx = EVP_MAC_CTX_dup(template);
    if (ctx == NULL) return 0;
    if (saltlen == 0) { salt = zeros; saltlen = hashlen; }
    if (EVP_MAC_init(ctx, salt, saltlen, NULL) != 1 || (keylen > 0 && EVP_MAC_update(ctx, key, keylen) != 1)
        || EVP_MAC_final(ctx, prk, &prklen, sizeof prk) != 1 || prklen != hashlen) goto end;
    while (done < outlen) {
        if (EVP_MAC_init(ctx, prk, prklen, NULL) != 1) goto end;
        if (blocklen > 0 && EVP_MAC_update(ctx, block, blocklen) != 1) goto end;
        if (infolen > 0 && EVP_MAC_update(ctx, info, infolen) != 1) goto end;
        if (EVP_MAC_update(ctx, &counter, 1) != 1 || EVP_MAC_final(ctx, block, &blocklen, sizeof block) != 1) goto end;
        take = outlen - done < blocklen ? outlen - done : blocklen;
        memcpy(out + done, block, take);
        done += take;
        counter++;
    }
    ok = 1;
end:
    OPENSSL_cleanse(prk, sizeof prk);
    OPENSSL_cleanse(block, sizeof block);
    EVP_MAC_CTX_free(ctx);
    return ok;
}

/* A new EC key pair on the named group ("P-256", "P-384"), or NULL. */
static inline EVP_PKEY *swiftkms_ec_generate(const char *group) {
    return EVP_PKEY_Q_keygen(NULL, NULL, "EC", group);
}

/* Writes the compressed public point of `pkey` to `out` (capacity `cap`); returns its length,
 * or 0 on failure. */
static inline size_t swiftkms_ec_compressed_point(EVP_PKEY *pkey, unsigned char *out, size_t cap) {
    size_t len = 0;
    if (EVP_PKEY_set_utf8_string_param(pkey, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                       OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_COMPRESSED) != 1) return 0;
    if (EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, out, cap, &len) != 1) return 0;
    return len;
}

/* A public EC key on the named group from an encoded point (checked to be on the curve), or
 * NULL. */
static inline EVP_PKEY *swiftkms_ec_public_key(const char *group, const unsigned char *point, size_t len) {
    OSSL_PARAM params[3];
    EVP_PKEY *pkey = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (ctx == NULL) return NULL;
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)point, len);
    params[2] = OSSL_PARAM_construct_end();
    if (EVP_PKEY_fromdata_init(ctx) != 1 || EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1) {
        pkey = NULL;
    }
    EVP_PKEY_CTX_free(ctx);
    return pkey;
}

#endif
