#include "drivers/capture/capture_file.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "drivers/errors.hpp"

namespace kj::drivers {
namespace {

Error unreadable(const std::filesystem::path& path, std::size_t line, const CaptureSyntaxError& why) {
  const std::string number = std::to_string(line);
  return make_error(make_error_code(Errc::capture_unreadable),
                    "capture file " + path.string() + " line " + number + ": " + why.en,
                    "捕获文件 " + path.string() + " 第 " + number + " 行：" + why.zh);
}

std::vector<std::uint8_t> concatenated(const std::vector<CaptureChunk>& chunks, Direction direction) {
  std::vector<std::uint8_t> bytes;
  for (const CaptureChunk& chunk : chunks) {
    if (chunk.direction == direction) bytes.insert(bytes.end(), chunk.bytes.begin(), chunk.bytes.end());
  }
  return bytes;
}

}  // namespace

Result<CaptureFile> read_capture_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(make_error_code(Errc::capture_unreadable),
                      "capture file " + path.string() + ": cannot open it for reading",
                      "捕获文件 " + path.string() + "：无法打开读取");
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) {
    return make_error(make_error_code(Errc::capture_unreadable), "capture file " + path.string() + ": read error",
                      "捕获文件 " + path.string() + "：读取出错");
  }
  const std::string text = content.str();
  if (text.empty()) {
    return unreadable(path, 1, CaptureSyntaxError{"the file is empty, expected the header", "文件为空，应有文件头"});
  }

  CaptureFile file;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);  // tolerate a file that passed through Windows
    if (line_number == 1) {
      auto header = parse_capture_header(line);
      if (auto* error = std::get_if<CaptureSyntaxError>(&header)) return unreadable(path, line_number, *error);
      file.header = std::get<CaptureHeader>(std::move(header));
      continue;
    }
    if (line.empty() || line.front() == '#') continue;
    auto chunk = parse_capture_line(line);
    if (auto* error = std::get_if<CaptureSyntaxError>(&chunk)) return unreadable(path, line_number, *error);
    file.chunks.push_back(std::get<CaptureChunk>(std::move(chunk)));
  }
  return file;
}

Result<std::vector<CaptureChunk>> read_capture(const std::filesystem::path& path) {
  Result<CaptureFile> file = read_capture_file(path);
  if (!file) return file.error();
  return std::move(file.value().chunks);
}

std::vector<std::uint8_t> received_bytes(const std::vector<CaptureChunk>& chunks) {
  return concatenated(chunks, Direction::rx);
}

std::vector<std::uint8_t> sent_bytes(const std::vector<CaptureChunk>& chunks) {
  return concatenated(chunks, Direction::tx);
}

}  // namespace kj::drivers
