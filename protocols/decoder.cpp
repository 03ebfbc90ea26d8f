#include "protocols/decoder.hpp"

#include <string>

namespace kj::protocols {
namespace {

class ProtocolsCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "kj.protocols"; }
  std::string message(int value) const override {
    switch (static_cast<Errc>(value)) {
      case Errc::bad_checksum: return "bad checksum";
      case Errc::bad_frame_number: return "bad frame number";
      case Errc::bad_length: return "bad length";
      case Errc::truncated: return "truncated frame";
      case Errc::garbage: return "garbage between frames";
      case Errc::buffer_overflow: return "frame exceeds the buffer limit";
      case Errc::bad_layout: return "bad frame layout";
      case Errc::bad_encoding: return "bad text encoding";
      case Errc::bad_option: return "bad codec option";
    }
    return "unknown protocol error";
  }
};

}  // namespace

const std::error_category& protocols_category() {
  static const ProtocolsCategory category;
  return category;
}

std::error_code make_error_code(Errc code) { return {static_cast<int>(code), protocols_category()}; }

}  // namespace kj::protocols

#include "protocols/json_writer.hpp"

namespace kj::protocols {

std::string to_json(const DecodeError& error) {
  JsonWriter json;
  json.begin_object();
  json.key("error").value(error.message);
  json.key("offset").value(static_cast<std::int64_t>(error.offset));
  json.end_object();
  return json.take();
}

}  // namespace kj::protocols
