#include "ui-cli/device_health_file.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "drivers/stream_health.hpp"
#include "lims/time.hpp"
#include "protocols/json_reader.hpp"
#include "protocols/json_writer.hpp"

namespace kj::cli {

std::filesystem::path health_file(const std::filesystem::path& data_dir, const std::string& device) {
  return data_dir / "run" / (device + ".json");
}

void write_health_file(const std::filesystem::path& path, const drivers::DeviceHealth& h, bool stopped) {
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  protocols::JsonWriter json;
  json.begin_object().key("name").value(h.name).key("protocol").value(h.protocol).key("transport").value(h.transport);
  json.key("state").value(stopped ? std::string("stopped") : std::string(drivers::to_string(h.state)));
  json.key("link").value(std::string(drivers::to_string(h.link.state)));
  json.key("last_frame")
      .value(h.last_frame ? lims::to_iso8601(std::chrono::time_point_cast<std::chrono::seconds>(*h.last_frame))
                          : std::string());
  json.key("frames_ok").value(static_cast<std::int64_t>(h.frames_ok));
  json.key("frames_rejected").value(static_cast<std::int64_t>(h.frames_rejected));
  json.key("observations").value(static_cast<std::int64_t>(h.observations));
  json.key("reconnects").value(static_cast<std::int64_t>(h.reconnects));
  json.key("last_error").value(h.last_error ? h.last_error->detail.en : std::string());
  json.key("pid").value(static_cast<std::int64_t>(getpid())).key("updated_at").value(lims::to_iso8601(now));
  json.end_object();
  // Written beside and renamed over: a reader never sees half a file. A failure only costs
  // `device status` its view, never the listener its data, so it is not reported.
  std::error_code ignored;
  std::filesystem::create_directories(path.parent_path(), ignored);
  const auto temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << json.str() << '\n';
    if (!out) return;
  }
  std::filesystem::rename(temporary, path, ignored);
}

std::optional<HealthRecord> read_health_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = protocols::parse_json(text.str());
  const auto* doc = std::get_if<protocols::JsonValue>(&parsed);
  if (doc == nullptr || !doc->is_object()) return std::nullopt;
  const auto str = [&](const char* key) {
    const auto* v = doc->find(key);
    return v != nullptr && v->is_string() ? v->as_string() : std::string();
  };
  const auto num = [&](const char* key) {
    const auto* v = doc->find(key);
    return v != nullptr && v->is_number() ? v->as_number() : 0.0;
  };
  HealthRecord r;
  r.name = str("name");
  r.protocol = str("protocol");
  r.transport = str("transport");
  r.state = str("state");
  r.link = str("link");
  r.last_frame = str("last_frame");
  r.frames_ok = static_cast<std::uint64_t>(num("frames_ok"));
  r.frames_rejected = static_cast<std::uint64_t>(num("frames_rejected"));
  r.observations = static_cast<std::uint64_t>(num("observations"));
  r.reconnects = static_cast<std::uint32_t>(num("reconnects"));
  r.last_error = str("last_error");
  r.pid = static_cast<long>(num("pid"));
  r.updated_at = str("updated_at");
  return r;
}

bool listener_alive(const HealthRecord& record) {
  if (record.state == "stopped" || record.pid <= 0) return false;
  return kill(static_cast<pid_t>(record.pid), 0) == 0 || errno == EPERM;
}

}  // namespace kj::cli
