// Random (RFC 9562 version 4) UUIDs: the global identity of every record a booth sends to the hub.
#pragma once

#include <string>

namespace kj::lims {

std::string new_uuid();

}  // namespace kj::lims
