#include "lims/config/json_fields.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace kj::lims::config {

Fields::Fields(Poco::JSON::Object::Ptr object, std::string file, std::string path)
    : object_(std::move(object)), file_(std::move(file)), path_(std::move(path)) {}

std::string Fields::where(const std::string& key) const {
  return file_ + ": " + (path_.empty() ? key : (key.empty() ? path_ : path_ + "." + key));
}

void Fields::fail(const std::string& key, const std::string& expected_en, const std::string& expected_zh) const {
  throw ConfigError(Text{where(key) + ": expected " + expected_en, where(key) + "：应为" + expected_zh});
}

bool Fields::has(const std::string& key) const { return object_->has(key) && !object_->isNull(key); }

std::string Fields::text(const std::string& key) const {
  if (!has(key)) fail(key, "a text value (the key is missing)", "文本（缺少该键）");
  const auto value = object_->get(key);
  if (!value.isString()) fail(key, "a text value in quotes", "带引号的文本");
  auto text = value.extract<std::string>();
  if (text.empty()) fail(key, "a non-empty text", "非空文本");
  return text;
}

std::optional<std::string> Fields::optional_text(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  const auto value = object_->get(key);
  if (value.isString() && value.extract<std::string>().empty()) return std::nullopt;  // "" = not given
  return text(key);
}

double Fields::number(const std::string& key) const {
  if (!has(key)) fail(key, "a number (the key is missing)", "数字（缺少该键）");
  const auto value = object_->get(key);
  if (!value.isNumeric() || value.isBoolean()) fail(key, "a number", "数字");
  const double number = value.convert<double>();
  if (!std::isfinite(number)) fail(key, "a finite number", "有限数字");
  return number;
}

std::optional<double> Fields::optional_number(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return number(key);
}

std::int64_t Fields::integer(const std::string& key, std::int64_t min, std::int64_t max) const {
  const double value = number(key);
  const auto range_en = "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  const auto range_zh = "介于 " + std::to_string(min) + " 与 " + std::to_string(max) + " 之间的整数";
  if (value != std::floor(value) || value < static_cast<double>(min) || value > static_cast<double>(max)) {
    fail(key, range_en, range_zh);
  }
  return static_cast<std::int64_t>(value);
}

std::optional<std::int64_t> Fields::optional_integer(const std::string& key, std::int64_t min,
                                                     std::int64_t max) const {
  if (!has(key)) return std::nullopt;
  return integer(key, min, max);
}

bool Fields::boolean(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  const auto value = object_->get(key);
  if (!value.isBoolean()) fail(key, "true or false", "true 或 false");
  return value.extract<bool>();
}

std::string Fields::choice(const std::string& key, const std::vector<std::string>& allowed) const {
  const std::string value = text(key);
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    fail(key, "one of " + list + " (got \"" + value + "\")", list + " 之一（实际为“" + value + "”）");
  }
  return value;
}

Fields Fields::object(const std::string& key) const {
  if (!has(key)) fail(key, "an object { … } (the key is missing)", "对象 { … }（缺少该键）");
  const auto child = object_->getObject(key);
  if (!child) fail(key, "an object { … }", "对象 { … }");
  return Fields(child, file_, path_.empty() ? key : path_ + "." + key);
}

std::optional<Fields> Fields::optional_object(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return object(key);
}

std::vector<Fields> Fields::objects(const std::string& key) const {
  std::vector<Fields> out;
  if (!has(key)) return out;
  const auto array = object_->getArray(key);
  if (!array) fail(key, "a list [ … ]", "列表 [ … ]");
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string item_path = (path_.empty() ? key : path_ + "." + key) + "[" + std::to_string(i) + "]";
    const auto child = array->getObject(static_cast<unsigned>(i));
    if (!child) {
      throw ConfigError(Text{file_ + ": " + item_path + ": expected an object { … }",
                             file_ + ": " + item_path + "：应为对象 { … }"});
    }
    out.emplace_back(child, file_, item_path);
  }
  return out;
}

std::vector<std::string> Fields::texts(const std::string& key) const {
  std::vector<std::string> out;
  if (!has(key)) return out;
  const auto array = object_->getArray(key);
  if (!array) fail(key, "a list of texts [\"…\", …]", "文本列表 [\"…\", …]");
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto value = array->get(static_cast<unsigned>(i));
    if (!value.isString()) fail(key + "[" + std::to_string(i) + "]", "a text value in quotes", "带引号的文本");
    out.push_back(value.extract<std::string>());
  }
  return out;
}

std::vector<std::string> Fields::keys() const {
  std::vector<std::string> out;
  object_->getNames(out);
  return out;
}

void Fields::only(const std::vector<std::string>& known) const {
  for (const auto& key : keys()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      fail(key, "no such key here; known keys: " + list, "此处没有该键；可用的键：" + list);
    }
  }
}

std::string strip_json_comments(std::string_view text) {
  std::string out(text);
  bool in_string = false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // whatever is escaped cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '/') {
      for (; i < out.size() && out[i] != '\n'; ++i) out[i] = ' ';
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '*') {
      const auto end = out.find("*/", i + 2);
      const auto stop = end == std::string::npos ? out.size() : end + 2;
      for (; i < stop; ++i) {
        if (out[i] != '\n') out[i] = ' ';
      }
      --i;
    }
  }
  return out;
}

Fields read_json_file(const std::string& file, const std::string& display_name) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw ConfigError(Text{display_name + ": cannot read the file", display_name + "：无法读取该文件"});
  }
  std::ostringstream content;
  content << in.rdbuf();
  try {
    // Poco 1.11's own comment support handles only /* */; strip both kinds here instead.
    Poco::JSON::Parser parser;
    const auto parsed = parser.parse(strip_json_comments(content.str()));
    const auto object = parsed.extract<Poco::JSON::Object::Ptr>();
    return Fields(object, display_name, "");
  } catch (const Poco::BadCastException&) {
    throw ConfigError(Text{display_name + ": expected a JSON object { … } at the top level",
                           display_name + "：文件顶层应为 JSON 对象 { … }"});
  } catch (const Poco::Exception& error) {
    throw ConfigError(Text{display_name + ": not valid JSON: " + error.message(),
                           display_name + "：不是有效的 JSON：" + error.message()});
  }
}

}  // namespace kj::lims::config
