#include "lims/records/sha256.hpp"

#include <Poco/Crypto/DigestEngine.h>
#include <Poco/Crypto/OpenSSLInitializer.h>

namespace kj::lims {

// Through OpenSSL (Poco::Crypto), which uses the CPU's SHA instructions: every stored record is
// hashed for the audit chain, and Poco's portable SHA2Engine took twice as long (2.6 against
// 1.2 µs per KiB). A DigestEngine initialises OpenSSL (and reseeds its random generator)
// whenever no other initializer is alive, which cost 9 µs per hash: this one stays alive.
std::string sha256_hex(std::string_view data) {
  static const Poco::Crypto::OpenSSLInitializer keep_openssl_initialised;
  Poco::Crypto::DigestEngine engine("SHA256");
  engine.update(data.data(), static_cast<unsigned>(data.size()));
  return Poco::DigestEngine::digestToHex(engine.digest());
}

}  // namespace kj::lims
