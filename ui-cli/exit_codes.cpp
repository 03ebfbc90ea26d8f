#include "ui-cli/exit_codes.hpp"

#include <array>

#include "drivers/errors.hpp"
#include "lims/errors.hpp"
#include "protocols/decoder.hpp"

namespace kj::cli {
namespace {

struct Row {
  std::error_code code;
  ExitInfo info;
};

const std::array<Row, 29>& table() {
  using L = lims::Errc;
  using D = drivers::Errc;
  using P = protocols::Errc;
  static const std::array<Row, 29> rows{{
      {L::invalid_input, {"invalid_input", exit_code::invalid_input, 400}},
      {L::not_found, {"not_found", exit_code::not_found, 404}},
      {L::conflict, {"conflict", exit_code::conflict, 409}},
      {L::config_invalid, {"config_invalid", exit_code::config_invalid, 500}},
      {L::database_unavailable, {"database_unavailable", exit_code::database, 503}},
      {L::database_too_new, {"database_too_new", exit_code::database, 500}},
      {L::migration_failed, {"migration_failed", exit_code::database, 500}},
      {L::storage_failed, {"storage_failed", exit_code::database, 500}},
      {L::integrity_broken, {"integrity_broken", exit_code::integrity, 500}},
      {D::port_not_found, {"port_not_found", exit_code::device, 404}},
      {D::port_busy, {"port_busy", exit_code::device, 409}},
      {D::port_failed, {"port_failed", exit_code::device, 502}},
      {D::connect_failed, {"connect_failed", exit_code::device, 502}},
      {D::timed_out, {"timed_out", exit_code::device, 504}},
      {D::enumeration_failed, {"enumeration_failed", exit_code::device, 500}},
      {D::bad_settings, {"bad_settings", exit_code::config_invalid, 400}},
      {D::disconnected, {"disconnected", exit_code::device, 502}},
      {D::capture_unreadable, {"capture_unreadable", exit_code::usage, 400}},
      {D::capture_unwritable, {"capture_unwritable", exit_code::device, 500}},
      {P::bad_checksum, {"bad_checksum", exit_code::rejected_frames, 400}},
      {P::bad_frame_number, {"bad_frame_number", exit_code::rejected_frames, 400}},
      {P::bad_length, {"bad_length", exit_code::rejected_frames, 400}},
      {P::truncated, {"truncated", exit_code::rejected_frames, 400}},
      {P::garbage, {"garbage", exit_code::rejected_frames, 400}},
      {P::buffer_overflow, {"buffer_overflow", exit_code::rejected_frames, 413}},
      {P::bad_layout, {"bad_layout", exit_code::rejected_frames, 400}},
      {P::bad_encoding, {"bad_encoding", exit_code::rejected_frames, 400}},
      {P::bad_option, {"bad_option", exit_code::usage, 400}},
      {std::error_code(), {"ok", exit_code::ok, 200}},
  }};
  return rows;
}

const ExitInfo kInternal{"internal", exit_code::internal, 500};

}  // namespace

const ExitInfo& exit_info(std::error_code code) {
  for (const Row& row : table()) {
    if (row.code == code) return row.info;
  }
  return kInternal;
}

}  // namespace kj::cli
