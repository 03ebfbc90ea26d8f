#include "lims/hub/request_auth.hpp"

#include <charconv>

#include "lims/sync/request_signature.hpp"

namespace kj::lims::hub {

AuthResult authenticate(HubStore& store, const SignedRequest& request, std::int64_t now_seconds,
                        std::int64_t window_seconds) {
  AuthResult out;
  if (request.booth_id.empty() || request.timestamp.empty() || request.nonce.empty() || request.signature.empty()) {
    out.reason = "missing X-KJ-Booth, X-KJ-Timestamp, X-KJ-Nonce or X-KJ-Signature";
    return out;
  }
  if (request.nonce.size() < 8 || request.nonce.size() > 128) {
    out.reason = "nonce must be 8 to 128 characters";
    return out;
  }
  std::int64_t timestamp = 0;
  const auto* end = request.timestamp.data() + request.timestamp.size();
  if (const auto parsed = std::from_chars(request.timestamp.data(), end, timestamp);
      parsed.ec != std::errc() || parsed.ptr != end) {
    out.reason = "timestamp must be unix seconds";
    return out;
  }
  if (timestamp < now_seconds - window_seconds || timestamp > now_seconds + window_seconds) {
    out.reason = "timestamp outside the allowed window of " + std::to_string(window_seconds) + " s (check the clock)";
    return out;
  }
  const auto booth = store.find_booth(request.booth_id);
  if (!booth || !booth->has_value()) {
    out.reason = "unknown booth or bad signature";  // the same words: do not confirm which booths exist
    return out;
  }
  const auto expected =
      sync::sign_request((*booth)->secret, request.method, request.path, timestamp, request.nonce, request.body);
  if (!sync::constant_time_equal(expected, request.signature)) {
    out.reason = "unknown booth or bad signature";
    return out;
  }
  // Only an authentic request may spend a nonce, so a forger cannot block a booth's next one.
  const auto fresh = store.remember_nonce(request.booth_id, request.nonce, now_seconds, window_seconds);
  if (!fresh || !*fresh) {
    out.reason = fresh ? "nonce already used (replayed request)" : fresh.error().detail.en;
    return out;
  }
  out.ok = true;
  out.booth_id = request.booth_id;
  return out;
}

}  // namespace kj::lims::hub
