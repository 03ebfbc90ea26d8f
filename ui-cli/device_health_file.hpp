// What a running `kuaijian device listen NAME` tells other processes about its device: a small
// JSON file `<data dir>/run/<name>.json`, rewritten (atomically, by rename) every second and
// when the listener stops, read by `kuaijian device status`. The listener's pid says whether
// the file is still alive; a file whose listener is gone is reported as such, never as live.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "drivers/sessions/device_session.hpp"

namespace kj::cli {

struct HealthRecord {
  std::string name, protocol, transport;
  std::string state;       // running | done | failed | stopped (the listener ended)
  std::string link;        // connecting | open | backoff | closed
  std::string last_frame;  // ISO 8601 UTC, '' when none yet
  std::uint64_t frames_ok = 0, frames_rejected = 0, observations = 0;
  std::uint32_t reconnects = 0;
  std::string last_error;
  long pid = 0;
  std::string updated_at;  // ISO 8601 UTC
};

std::filesystem::path health_file(const std::filesystem::path& data_dir, const std::string& device);

// `stopped`: the listener is ending; its last counters stay readable.
void write_health_file(const std::filesystem::path& path, const drivers::DeviceHealth& health, bool stopped);

// Nothing when there is no file or it cannot be read as one.
std::optional<HealthRecord> read_health_file(const std::filesystem::path& path);

// The listener that wrote it still runs.
bool listener_alive(const HealthRecord& record);

}  // namespace kj::cli
