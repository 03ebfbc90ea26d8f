#include "lims/records/uuid.hpp"

#include <Poco/UUIDGenerator.h>

namespace kj::lims {

std::string new_uuid() {
  Poco::UUIDGenerator generator;  // a local generator: no shared state between callers
  return generator.createRandom().toString();
}

}  // namespace kj::lims
