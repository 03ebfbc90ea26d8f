#include "lims/cases/evidence_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <iterator>
#include <system_error>

#include "lims/records/sha256.hpp"
#include "lims/records/validate.hpp"
#include "protocols/json_writer.hpp"

namespace kj::lims {
namespace {

bool write_durably(const std::filesystem::path& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  std::size_t done = 0;
  while (done < content.size()) {
    const auto n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  return ::close(fd) == 0 && synced;
}

void sync_folder(const std::filesystem::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::filesystem::path evidence_dir_for(const std::filesystem::path& database_file) {
  return database_file.parent_path() / "evidence";
}

Result<EvidenceRef> store_evidence(const std::filesystem::path& store, const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec || !std::filesystem::is_regular_file(file, ec)) {
    return invalid_field("evidence", "a readable file", "可读取的文件", file.string());
  }
  if (size > static_cast<std::uintmax_t>(kMaxEvidenceBytes)) {
    return invalid_field("evidence", "a file of at most 64 MiB", "不超过 64 MiB 的文件", file.string());
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return invalid_field("evidence", "a readable file", "可读取的文件", file.string());
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EvidenceRef ref{sha256_hex(content), file.filename().string(), static_cast<std::int64_t>(content.size())};

  const auto target = store / ref.sha256;
  if (std::filesystem::exists(target, ec) && std::filesystem::file_size(target, ec) == content.size()) return ref;
  std::filesystem::create_directories(store, ec);
  const auto temporary = store / (ref.sha256 + ".part-" + std::to_string(::getpid()));
  // Written, flushed to disk and renamed: the step that names this hash commits durably
  // (synchronous=FULL), so the file it names must be on disk before it.
  if (!write_durably(temporary, content)) {
    std::filesystem::remove(temporary, ec);
    return invalid_field("evidence", "a file that can be copied to " + store.string(),
                         "能复制到 " + store.string() + " 的文件", file.string());
  }
  std::filesystem::rename(temporary, target, ec);
  if (ec) {
    std::filesystem::remove(temporary, ec);
    return invalid_field("evidence", "a file that can be copied to " + store.string(),
                         "能复制到 " + store.string() + " 的文件", file.string());
  }
  sync_folder(store);
  return ref;
}

std::string evidence_json(const std::vector<EvidenceRef>& evidence) {
  protocols::JsonWriter json;
  json.begin_array();
  for (const auto& e : evidence) {
    json.begin_object().key("sha256").value(e.sha256).key("name").value(e.name).key("bytes").value(e.bytes);
    json.end_object();
  }
  json.end_array();
  return json.take();
}

std::vector<EvidenceRef> parse_evidence_json(const std::string& text) {
  std::vector<EvidenceRef> out;
  try {
    Poco::JSON::Parser parser;
    const auto array = parser.parse(text).extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i) {
      const auto item = array->getObject(static_cast<unsigned>(i));
      if (!item) continue;
      out.push_back(EvidenceRef{item->optValue<std::string>("sha256", ""), item->optValue<std::string>("name", ""),
                                item->optValue<Poco::Int64>("bytes", 0)});
    }
  } catch (const Poco::Exception&) {
    // Written by evidence_json only; an unreadable value shows as no evidence rather than failing a view.
  }
  return out;
}

}  // namespace kj::lims
