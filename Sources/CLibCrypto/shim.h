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
#include <errno.h>
#ifdef __linux__
#include <sys/random.h>
#endif

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
 * HMAC on a reused digest context, and the EC key calls that take OSSL_PARAM lists or are variadic (neither imports
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

/* HMAC (RFC 2104) with `md` of p1 || p2 || p3 (any may be empty) into `out` (the digest's
 * length), on `ctx`, which the caller reuses: two digests on one context, no MAC object and
 * no allocation after the context's first use. A key longer than the digest's block is hashed
 * first, as RFC 2104 says. Pads and the inner hash are cleansed. */
static inline int swiftkms_hmac3(EVP_MD_CTX *ctx, const EVP_MD *md, const unsigned char *key, size_t keylen,
                                 const unsigned char *p1, size_t l1, const unsigned char *p2, size_t l2,
                                 const unsigned char *p3, size_t l3, unsigned char *out) {
    unsigned char pad[144], inner[EVP_MAX_MD_SIZE], hashedkey[EVP_MAX_MD_SIZE];
    unsigned int innerlen = 0, outlen = 0, hashedlen = 0;
    size_t block = (size_t)EVP_MD_get_block_size(md), i;
    int ok = 0;
    if (block == 0 || block > sizeof pad) return 0;
    if (keylen > block) {
        if (EVP_DigestInit_ex2(ctx, md, NULL) != 1 || EVP_DigestUpdate(ctx, key, keylen) != 1
            || EVP_DigestFinal_ex(ctx, hashedkey, &hashedlen) != 1) goto end;
        key = hashedkey;
        keylen = hashedlen;
    }
    memset(pad, 0x36, block);
    for (i = 0; i < keylen; i++) pad[i] ^= key[i];
    if (EVP_DigestInit_ex2(ctx, md, NULL) != 1 || EVP_DigestUpdate(ctx, pad, block) != 1
        || (l1 > 0 && EVP_DigestUpdate(ctx, p1, l1) != 1) || (l2 > 0 && EVP_DigestUpdate(ctx, p2, l2) != 1)
        || (l3 > 0 && EVP_DigestUpdate(ctx, p3, l3) != 1) || EVP_DigestFinal_ex(ctx, inner, &innerlen) != 1) goto end;
    for (i = 0; i < block; i++) pad[i] ^= 0x36 ^ 0x5c;
    if (EVP_DigestInit_ex2(ctx, md, NULL) != 1 || EVP_DigestUpdate(ctx, pad, block) != 1
        || EVP_DigestUpdate(ctx, inner, innerlen) != 1 || EVP_DigestFinal_ex(ctx, out, &outlen) != 1) goto end;
    ok = 1;
end:
    OPENSSL_cleanse(pad, sizeof pad);
    OPENSSL_cleanse(inner, sizeof inner);
    OPENSSL_cleanse(hashedkey, sizeof hashedkey);
    return ok;
}

/* HKDF-Expand (RFC 5869) of `prk` (hashlen bytes) with `info` into `outlen` bytes at `out`. */
static inline int swiftkms_hkdf_expand(EVP_MD_CTX *ctx, const EVP_MD *md, const unsigned char *prk, size_t hashlen,
                                       const unsigned char *info, size_t infolen, unsigned char *out, size_t outlen) {
    unsigned char block[EVP_MAX_MD_SIZE];
    size_t blocklen = 0, done = 0, take;
    unsigned char counter = 1;
    int ok = 0;
    if (outlen > 255 * hashlen) return 0;
    while (done < outlen) {
        if (swiftkms_hmac3(ctx, md, prk, hashlen, block, blocklen, info, infolen, &counter, 1, block) != 1) goto end;
        blocklen = hashlen;
        take = outlen - done < blocklen ? outlen - done : blocklen;
        memcpy(out + done, block, take);
        done += take;
        counter++;
    }
    ok = 1;
end:
    OPENSSL_cleanse(block, sizeof block);
    return ok;
}

/* HKDF (RFC 5869) with `md`: one extract of `key` with `salt` (empty = hashlen zero bytes), then
 * an expand with `info` into `out`, and, when out2len > 0, a second expand of the same
 * pseudorandom key with `info2` into `out2` (a message key and its commit key share the
 * extract). One digest context for all of it; the pseudorandom key is cleansed. */
static inline int swiftkms_hkdf(const EVP_MD *md, const unsigned char *key, size_t keylen,
                                const unsigned char *salt, size_t saltlen,
                                const unsigned char *info, size_t infolen, unsigned char *out, size_t outlen,
                                const unsigned char *info2, size_t info2len, unsigned char *out2, size_t out2len) {
    unsigned char zeros[EVP_MAX_MD_SIZE] = { 0 }, prk[EVP_MAX_MD_SIZE];
    size_t hashlen = (size_t)EVP_MD_get_size(md);
    int ok = 0;
    EVP_MD_CTX *ctx;
    if (hashlen == 0 || hashlen > EVP_MAX_MD_SIZE) return 0;
    ctx = EVP_MD_CTX_new();
    if (ctx == NULL) return 0;
    if (saltlen == 0) { salt = zeros; saltlen = hashlen; }
    if (swiftkms_hmac3(ctx, md, salt, saltlen, key, keylen, NULL, 0, NULL, 0, prk) != 1) goto end;
    if (swiftkms_hkdf_expand(ctx, md, prk, hashlen, info, infolen, out, outlen) != 1) goto end;
    if (out2len > 0 && swiftkms_hkdf_expand(ctx, md, prk, hashlen, info2, info2len, out2, out2len) != 1) goto end;
    ok = 1;
end:
    OPENSSL_cleanse(prk, sizeof prk);
    EVP_MD_CTX_free(ctx);
    return ok;
}

/* Fills `len` bytes at `out` from the operating system's CSPRNG: getrandom(2) on Linux (the
 * source OpenSSL's own generator seeds from, and what Python's os.urandom reads), in one system
 * call for the sizes used here, where OpenSSL 3.0's RAND_bytes spends twice as long per call on
 * parameter look-ups and a getpid. Falls back to RAND_bytes where getrandom is missing. */
static inline int swiftkms_random(unsigned char *out, size_t len) {
#ifdef __linux__
    while (len > 0) {
        ssize_t got = getrandom(out, len, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            if (errno == ENOSYS) break;
            return 0;
        }
        out += got;
        len -= (size_t)got;
    }
    if (len == 0) return 1;
#endif
    while (len > 0) {
        int chunk = len > 0x40000000 ? 0x40000000 : (int)len;
        if (RAND_bytes(out, chunk) != 1) return 0;
        out += chunk;
        len -= (size_t)chunk;
    }
    return 1;
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
