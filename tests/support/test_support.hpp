// Helpers shared by the test suites: hex literals, feeding a decoder in every split the house
// style asks for, temporary folders, and running the kuaijian binary.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/decoder.hpp"

namespace kj::test {

// "7E 01 0a" → bytes; whitespace is ignored. Throws on a bad digit (a bug in the test).
std::vector<std::uint8_t> hex(std::string_view text);
std::vector<std::uint8_t> bytes(std::string_view text);

enum class Split { whole, byte_by_byte, random };

// Feeds `input` to `decoder` in the given split, calls finish(), and returns every event.
std::vector<protocols::DecodeEvent> decode_all(protocols::Decoder& decoder, const std::vector<std::uint8_t>& input,
                                               Split split = Split::whole, unsigned seed = 1);

std::vector<protocols::Observation> observations(const std::vector<protocols::DecodeEvent>& events);
std::vector<protocols::DecodeError> errors(const std::vector<protocols::DecodeEvent>& events);

// A fresh folder removed (with its contents) when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

std::filesystem::path source_dir();

// Replays every samples/captures/<protocol>/NAME.hex through a fresh decoder (whole, byte by
// byte and in random splits) and expects exactly NAME.expected.jsonl (one observation per line,
// as to_json prints it) and, if the file exists, NAME.expected-errors.jsonl (one DecodeError
// per line); no such file means no error is expected. Fails the test if no capture exists.
void expect_captures_match(std::string_view protocol,
                           const std::function<std::unique_ptr<protocols::Decoder>()>& make_decoder);
std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, std::string_view content);

// Runs build/bin/kuaijian with `args` (a shell-quoted string), optional stdin text.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
CommandResult run_kuaijian(const std::string& args, const std::string& stdin_text = {}, const std::string& env = {});

// build/bin/kuaijian running in the background, as a user would start it in another terminal
// (a simulator, a listener). `env` adds KEY=VALUE entries. SIGTERM and waited for when
// destroyed (or by stop()).
class BackgroundKuaijian {
 public:
  explicit BackgroundKuaijian(const std::vector<std::string>& args, const std::vector<std::string>& env = {});
  ~BackgroundKuaijian();
  BackgroundKuaijian(const BackgroundKuaijian&) = delete;
  BackgroundKuaijian& operator=(const BackgroundKuaijian&) = delete;

  // The rest of the first stdout line that starts with `prefix`; '' when none came in 10 s.
  std::string line_after(const std::string& prefix);
  // SIGTERM, then the exit status (-1 when it did not exit normally).
  int stop();

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string buffered_;
};

}  // namespace kj::test
