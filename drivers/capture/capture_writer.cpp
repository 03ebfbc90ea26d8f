#include "drivers/capture/capture_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <string>
#include <system_error>

#include "drivers/capture/capture_file.hpp"
#include "drivers/errors.hpp"
#include "drivers/os_error.hpp"

namespace kj::drivers {
namespace {

Error unwritable(const std::filesystem::path& path, int errno_value) {
  return make_os_error(
      Errc::capture_unwritable,
      Text{"capture file " + path.string() + ": cannot write", "捕获文件 " + path.string() + "：无法写入"},
      errno_text(errno_value));
}

bool ends_with_newline(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(-1, std::ios::end);
  char last = '\n';
  return !in.get(last) || last == '\n';
}

}  // namespace

Result<CaptureWriter> CaptureWriter::open(const std::filesystem::path& path, const CaptureHeader& header) {
  std::uint64_t rx = 0;
  std::uint64_t tx = 0;
  bool needs_newline = false;
  std::error_code fs_error;
  if (std::filesystem::file_size(path, fs_error) > 0 && !fs_error) {
    Result<CaptureFile> existing = read_capture_file(path);
    if (!existing) return existing.error();
    for (const CaptureChunk& chunk : existing->chunks) {
      (chunk.direction == Direction::rx ? rx : tx) += chunk.bytes.size();
    }
    needs_newline = !ends_with_newline(path);
  } else if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), fs_error);  // open() reports what matters
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return unwritable(path, errno);
  CaptureWriter writer(fd, path, rx, tx);
  if (Status written = writer.write_text((needs_newline ? "\n" : "") + format_capture_header(header)); !written) {
    return written.error();
  }
  return writer;
}

CaptureWriter::CaptureWriter(int fd, std::filesystem::path path, std::uint64_t rx_bytes, std::uint64_t tx_bytes)
    : fd_(fd), path_(std::move(path)), rx_bytes_(rx_bytes), tx_bytes_(tx_bytes) {}

CaptureWriter::CaptureWriter(CaptureWriter&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      rx_bytes_(other.rx_bytes_),
      tx_bytes_(other.tx_bytes_) {}

CaptureWriter& CaptureWriter::operator=(CaptureWriter&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    rx_bytes_ = other.rx_bytes_;
    tx_bytes_ = other.tx_bytes_;
  }
  return *this;
}

CaptureWriter::~CaptureWriter() {
  if (fd_ >= 0) ::close(fd_);
}

Status CaptureWriter::append(Direction direction, std::span<const std::uint8_t> bytes, CaptureTime time) {
  if (bytes.empty()) return {};
  CaptureChunk chunk{time, direction, std::vector<std::uint8_t>(bytes.begin(), bytes.end())};
  if (Status written = write_text(format_capture_line(chunk)); !written) return written;
  (direction == Direction::rx ? rx_bytes_ : tx_bytes_) += bytes.size();
  return {};
}

Status CaptureWriter::write_text(const std::string& text) {
  if (fd_ < 0) return unwritable(path_, EBADF);
  // One write() per line on an O_APPEND file: lines from a crash are whole or absent.
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t written = ::write(fd_, text.data() + done, text.size() - done);
    if (written < 0) {
      if (errno == EINTR) continue;
      return unwritable(path_, errno);
    }
    done += static_cast<std::size_t>(written);
  }
  return {};
}

}  // namespace kj::drivers
