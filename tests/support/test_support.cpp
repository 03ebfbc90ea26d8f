#include "tests/support/test_support.hpp"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "protocols/hex_text.hpp"

namespace kj::test {

std::vector<std::uint8_t> hex(std::string_view text) {
  std::vector<std::uint8_t> out;
  int high = -1;
  for (const char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) throw std::invalid_argument("bad hex digit in test data");
    if (high < 0) {
      high = digit;
    } else {
      out.push_back(static_cast<std::uint8_t>(high * 16 + digit));
      high = -1;
    }
  }
  if (high >= 0) throw std::invalid_argument("odd number of hex digits in test data");
  return out;
}

std::vector<std::uint8_t> bytes(std::string_view text) {
  return {text.begin(), text.end()};
}

std::vector<protocols::DecodeEvent> decode_all(protocols::Decoder& decoder, const std::vector<std::uint8_t>& input,
                                               Split split, unsigned seed) {
  std::vector<protocols::DecodeEvent> events;
  const auto drain = [&] {
    while (auto event = decoder.next()) events.push_back(std::move(*event));
  };
  const std::span<const std::uint8_t> all(input);
  std::mt19937 random(seed);
  std::size_t at = 0;
  while (at < all.size()) {
    std::size_t chunk = all.size() - at;
    if (split == Split::byte_by_byte) chunk = 1;
    if (split == Split::random)
      chunk = std::uniform_int_distribution<std::size_t>(1, std::min<std::size_t>(chunk, 64))(random);
    decoder.feed(all.subspan(at, chunk));
    drain();
    at += chunk;
  }
  decoder.finish();
  drain();
  return events;
}

std::vector<protocols::Observation> observations(const std::vector<protocols::DecodeEvent>& events) {
  std::vector<protocols::Observation> out;
  for (const auto& e : events) {
    if (const auto* o = std::get_if<protocols::Observation>(&e)) out.push_back(*o);
  }
  return out;
}

std::vector<protocols::DecodeError> errors(const std::vector<protocols::DecodeEvent>& events) {
  std::vector<protocols::DecodeError> out;
  for (const auto& e : events) {
    if (const auto* d = std::get_if<protocols::DecodeError>(&e)) out.push_back(*d);
  }
  return out;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "kj-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path source_dir() {
  return KJ_SOURCE_DIR;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

void write_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

namespace {

std::string lines_of(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

std::string read_if_exists(const std::filesystem::path& path) {
  return std::filesystem::exists(path) ? read_file(path) : std::string{};
}

}  // namespace

void expect_captures_match(std::string_view protocol,
                           const std::function<std::unique_ptr<protocols::Decoder>()>& make_decoder) {
  const auto folder = source_dir() / "samples" / "captures" / protocol;
  int replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() != ".hex") continue;
    SCOPED_TRACE(entry.path().filename().string());
    const auto parsed = protocols::parse_hex_text(read_file(entry.path()));
    ASSERT_TRUE(std::holds_alternative<std::vector<std::uint8_t>>(parsed)) << "capture is not valid hex text";
    const auto& input = std::get<std::vector<std::uint8_t>>(parsed);
    const auto stem = entry.path().parent_path() / entry.path().stem();
    const std::string expected = read_file(stem.string() + ".expected.jsonl");
    const std::string expected_errors = read_if_exists(stem.string() + ".expected-errors.jsonl");
    for (const Split split : {Split::whole, Split::byte_by_byte, Split::random}) {
      auto decoder = make_decoder();
      const auto events = decode_all(*decoder, input, split);
      std::vector<std::string> got;
      std::vector<std::string> got_errors;
      for (const auto& o : observations(events)) got.push_back(protocols::to_json(o));
      for (const auto& e : errors(events)) got_errors.push_back(protocols::to_json(e));
      EXPECT_EQ(lines_of(got), expected) << "split " << static_cast<int>(split);
      EXPECT_EQ(lines_of(got_errors), expected_errors) << "split " << static_cast<int>(split);
    }
    ++replayed;
  }
  EXPECT_GT(replayed, 0) << "no capture in " << folder;
}

CommandResult run_kuaijian(const std::string& args, const std::string& stdin_text, const std::string& env) {
  TempDir io;
  write_file(io / "stdin", stdin_text);
  const std::string command = env + " " + std::string(KJ_KUAIJIAN_BIN) + " " + args + " <" + (io / "stdin").string() +
                              " >" + (io / "stdout").string() + " 2>" + (io / "stderr").string();
  const int status = std::system(command.c_str());  // NOLINT(cert-env33-c): tests run our own binary
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(io / "stdout");
  result.err = read_file(io / "stderr");
  return result;
}

BackgroundKuaijian::BackgroundKuaijian(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  int fds[2];
  if (pipe(fds) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  const std::string bin = KJ_KUAIJIAN_BIN;
  std::vector<char*> argv{const_cast<char*>(bin.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> environment;
  for (char** e = environ; *e != nullptr; ++e) environment.emplace_back(*e);
  environment.insert(environment.end(), env.begin(), env.end());
  std::vector<char*> envp;
  for (auto& e : environment) envp.push_back(e.data());
  envp.push_back(nullptr);
  if (posix_spawn(&pid_, bin.c_str(), &actions, nullptr, argv.data(), envp.data()) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  out_ = fds[0];
}

BackgroundKuaijian::~BackgroundKuaijian() {
  stop();
  if (out_ >= 0) close(out_);
}

std::string BackgroundKuaijian::line_after(const std::string& prefix) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    std::size_t start = 0;
    for (auto end = buffered_.find('\n'); end != std::string::npos; end = buffered_.find('\n', start)) {
      const auto line = buffered_.substr(start, end - start);
      start = end + 1;
      if (line.rfind(prefix, 0) == 0) {
        buffered_.erase(0, start);
        return line.substr(prefix.size());
      }
    }
    buffered_.erase(0, start);
    pollfd p{out_, POLLIN, 0};
    if (out_ < 0 || poll(&p, 1, 100) < 0) break;
    if ((p.revents & (POLLIN | POLLHUP)) != 0) {
      char chunk[256];
      const auto got = read(out_, chunk, sizeof chunk);
      if (got <= 0) break;
      buffered_.append(chunk, static_cast<std::size_t>(got));
    }
  }
  return {};
}

int BackgroundKuaijian::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace kj::test
