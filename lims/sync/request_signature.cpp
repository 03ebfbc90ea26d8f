#include "lims/sync/request_signature.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <array>

#include "lims/records/sha256.hpp"

namespace kj::lims::sync {
namespace {

constexpr std::size_t kBlock = 64;  // SHA-256 block size in bytes

Poco::DigestEngine::Digest sha256(std::string_view a, std::string_view b) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(a.data(), static_cast<unsigned>(a.size()));
  engine.update(b.data(), static_cast<unsigned>(b.size()));
  return engine.digest();
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  std::array<char, kBlock> block{};
  if (key.size() > kBlock) {
    const auto digest = sha256(key, {});
    std::copy(digest.begin(), digest.end(), block.begin());
  } else {
    std::copy(key.begin(), key.end(), block.begin());
  }
  std::string ipad(kBlock, '\0');
  std::string opad(kBlock, '\0');
  for (std::size_t i = 0; i < kBlock; ++i) {
    ipad[i] = static_cast<char>(block[i] ^ 0x36);
    opad[i] = static_cast<char>(block[i] ^ 0x5c);
  }
  const auto inner = sha256(ipad, message);
  const std::string inner_bytes(inner.begin(), inner.end());
  return Poco::DigestEngine::digestToHex(sha256(opad, inner_bytes));
}

std::string canonical_request(std::string_view method, std::string_view path, std::int64_t unix_seconds,
                              std::string_view nonce, std::string_view body) {
  std::string out;
  out.reserve(method.size() + path.size() + nonce.size() + 100);
  out.append(method).append("\n").append(path).append("\n").append(std::to_string(unix_seconds)).append("\n");
  out.append(nonce).append("\n").append(sha256_hex(body));
  return out;
}

std::string sign_request(std::string_view secret, std::string_view method, std::string_view path,
                         std::int64_t unix_seconds, std::string_view nonce, std::string_view body) {
  return hmac_sha256_hex(secret, canonical_request(method, path, unix_seconds, nonce, body));
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace kj::lims::sync
