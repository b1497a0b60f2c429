// SHA-256 (FIPS 180-4) of a byte string, by OpenSSL's libcrypto.
#ifndef RUBRIC_LIB_UTIL_SHA256_H_
#define RUBRIC_LIB_UTIL_SHA256_H_

#include <string>
#include <string_view>

namespace rubric::util {

// The digest in 64 lower-case hexadecimal digits.
std::string Sha256Hex(std::string_view bytes);

}  // namespace rubric::util

#endif  // RUBRIC_LIB_UTIL_SHA256_H_
