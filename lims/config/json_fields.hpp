// Typed, validated reads from a parsed config file. Every failure names the file, the key path
// (e.g. devices[1].transport.baud) and what was expected, in Chinese and English.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/result.hpp"

namespace kj::lims::config {

// Thrown inside the loader only; load_config() turns it into a kj::Error.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(Text text) : std::runtime_error(text.en), text_(std::move(text)) {}
  [[nodiscard]] const Text& text() const { return text_; }

 private:
  Text text_;
};

// A JSON object plus where it sits (file and key path), for error messages.
class Fields {
 public:
  Fields(Poco::JSON::Object::Ptr object, std::string file, std::string path);

  [[nodiscard]] bool has(const std::string& key) const;
  [[nodiscard]] std::string text(const std::string& key) const;
  [[nodiscard]] std::optional<std::string> optional_text(const std::string& key) const;
  [[nodiscard]] double number(const std::string& key) const;
  [[nodiscard]] std::optional<double> optional_number(const std::string& key) const;
  [[nodiscard]] std::int64_t integer(const std::string& key, std::int64_t min, std::int64_t max) const;
  [[nodiscard]] std::optional<std::int64_t> optional_integer(const std::string& key, std::int64_t min,
                                                             std::int64_t max) const;
  [[nodiscard]] bool boolean(const std::string& key, bool fallback) const;
  // One of `allowed`; the error lists them.
  [[nodiscard]] std::string choice(const std::string& key, const std::vector<std::string>& allowed) const;
  [[nodiscard]] Fields object(const std::string& key) const;
  [[nodiscard]] std::optional<Fields> optional_object(const std::string& key) const;
  [[nodiscard]] std::vector<Fields> objects(const std::string& key) const;  // array of objects; absent → empty
  [[nodiscard]] std::vector<std::string> texts(const std::string& key) const;  // array of strings; absent → empty
  [[nodiscard]] std::vector<std::string> keys() const;
  // Refuses keys not in `known`: a misspelt key must not be silently ignored.
  void only(const std::vector<std::string>& known) const;

  [[nodiscard]] std::string where(const std::string& key) const;  // "file: path.key"
  [[noreturn]] void fail(const std::string& key, const std::string& expected_en, const std::string& expected_zh) const;

 private:
  Poco::JSON::Object::Ptr object_;
  std::string file_;
  std::string path_;
};

// Blanks out // and /* */ comments outside strings, keeping every line where it was.
std::string strip_json_comments(std::string_view text);

// Parses a JSON file (comments allowed) and returns its top-level object.
Fields read_json_file(const std::string& file, const std::string& display_name);

}  // namespace kj::lims::config
