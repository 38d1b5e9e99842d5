#ifndef SWIFT_KMS_CLIBCRYPTO_SHIM_H
#define SWIFT_KMS_CLIBCRYPTO_SHIM_H

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>

#endif
