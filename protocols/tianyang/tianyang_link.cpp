#include "protocols/tianyang/tianyang_link.hpp"

namespace kj::protocols::tianyang {

bool is_host_command(std::uint8_t second) {
  switch (second) {
    case kLinkTest:
    case kStartDownload:
    case kEndSession:
    case kEraseAll:
    case 0xBA:
    case 0xBB:
    case 0xBC: return true;
    default: return false;
  }
}

std::vector<std::uint8_t> encode_link_test() {
  return {kEsc, kLinkTest};
}

std::vector<std::uint8_t> encode_start_download() {
  return {kEsc, kStartDownload};
}

std::vector<std::uint8_t> encode_next_group() {
  return {kNextGroup};
}

std::vector<std::uint8_t> encode_end_session() {
  return {kEsc, kEndSession};
}

std::vector<std::uint8_t> encode_erase_all() {
  return {kEsc, kEraseAll};
}

std::vector<std::uint8_t> encode_model_answer(std::uint8_t model_code) {
  return {kEsc, model_code};
}

std::vector<std::uint8_t> encode_download_started() {
  return {kEsc, kDownloadStarted};
}

std::vector<std::uint8_t> encode_no_more_data() {
  return {kEsc, kNoMoreData};
}

}  // namespace kj::protocols::tianyang
