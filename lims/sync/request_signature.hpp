// Signing of booth → hub requests: HMAC-SHA256 keyed with the booth's secret over the method,
// path, timestamp, nonce and the SHA-256 of the body. Shared by the sync client (signs) and the
// hub (verifies), so both sides build the same canonical text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kj::lims::sync {

// Header names carried by every signed request.
inline constexpr const char* kBoothHeader = "X-KJ-Booth";
inline constexpr const char* kTimestampHeader = "X-KJ-Timestamp";
inline constexpr const char* kNonceHeader = "X-KJ-Nonce";
inline constexpr const char* kSignatureHeader = "X-KJ-Signature";

// HMAC-SHA256 (RFC 2104) as lowercase hex. Written over Poco's SHA2Engine because Poco 1.11's
// HMACEngine needs a BLOCK_SIZE that its SHA2Engine does not declare.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// method "\n" path "\n" timestamp "\n" nonce "\n" sha256hex(body)
std::string canonical_request(std::string_view method, std::string_view path, std::int64_t unix_seconds,
                              std::string_view nonce, std::string_view body);

std::string sign_request(std::string_view secret, std::string_view method, std::string_view path,
                         std::int64_t unix_seconds, std::string_view nonce, std::string_view body);

// Compares without an early exit, so the time taken says nothing about where a forgery differs.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace kj::lims::sync
