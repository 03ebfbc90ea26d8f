// The link bytes both Tianyang series (keypad TTNJ-8/16 and smart TTNJ-Z16/Z24) use around
// their data groups: the host's requests, the device's markers, and encoders for both sides
// (drivers send the requests, simulators the markers). instruments.md §3 and §4.
#pragma once

#include <cstdint>
#include <vector>

namespace kj::protocols::tianyang {

inline constexpr std::uint8_t kEsc = 0x1B;        // first byte of every two-byte command/marker
inline constexpr std::uint8_t kNextGroup = 0x24;  // host: '$', send the next group

// Second bytes after kEsc sent by the host.
inline constexpr std::uint8_t kLinkTest = 0xBF;
inline constexpr std::uint8_t kStartDownload = 0xB1;
inline constexpr std::uint8_t kEndSession = 0xFF;
inline constexpr std::uint8_t kEraseAll = 0xB9;
// Second bytes after kEsc sent by the device.
inline constexpr std::uint8_t kDownloadStarted = 0xC1;  // answer to kStartDownload
inline constexpr std::uint8_t kNoMoreData = 0xFE;       // answer to kNextGroup at the end
inline constexpr std::uint8_t kModelPrefix = 0xCF;      // one vendor document: sent before 1B nn

// True for the second byte of a host command: the four the drivers send, erase-all, and the
// documented measurement controls 1B BA/BB/BC (no answer). None of them is a possible minute
// or second, so at a group boundary they cannot be mistaken for data.
bool is_host_command(std::uint8_t second);

// Host requests, in session order: link test, start download, next group (repeated), end.
std::vector<std::uint8_t> encode_link_test();
std::vector<std::uint8_t> encode_start_download();
std::vector<std::uint8_t> encode_next_group();
std::vector<std::uint8_t> encode_end_session();
std::vector<std::uint8_t> encode_erase_all();

// Device side: the answer to the link test (`1B nn`, nn = model code), the bare "download
// started" marker of the smart series, and the end of data.
std::vector<std::uint8_t> encode_model_answer(std::uint8_t model_code);
std::vector<std::uint8_t> encode_download_started();
std::vector<std::uint8_t> encode_no_more_data();

}  // namespace kj::protocols::tianyang
