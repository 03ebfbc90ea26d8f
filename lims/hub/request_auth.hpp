// Checks a booth's signed request at the hub: known booth, timestamp within the window, HMAC over
// method, path, timestamp, nonce and body hash, and a nonce not seen before. Any failure is a 401
// and nothing of the request is acted on.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "lims/hub/hub_store.hpp"

namespace kj::lims::hub {

struct SignedRequest {
  std::string method;
  std::string path;  // as received, with the query string
  std::string body;
  std::string booth_id;
  std::string timestamp;
  std::string nonce;
  std::string signature;
};

struct AuthResult {
  bool ok = false;
  std::string booth_id;
  std::string reason;  // why it was refused (sent back to the booth, never the secret)
};

inline constexpr std::int64_t kDefaultWindowSeconds = 300;

AuthResult authenticate(HubStore& store, const SignedRequest& request, std::int64_t now_seconds,
                        std::int64_t window_seconds = kDefaultWindowSeconds);

}  // namespace kj::lims::hub
