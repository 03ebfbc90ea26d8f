#include "drivers/sessions/tyz24_poller.hpp"

#include <cstdio>

#include "drivers/errors.hpp"
#include "protocols/tianyang/tianyang_link.hpp"
#include "protocols/tianyang/tyz24_decoder.hpp"
#include "protocols/tianyang/tyz24_group.hpp"

namespace kj::drivers {

namespace ty = protocols::tianyang;

namespace {

std::string hex_byte(std::uint8_t byte) {
  char text[8];
  std::snprintf(text, sizeof text, "%02X", byte);
  return text;
}

}  // namespace

Tyz24Poller::Tyz24Poller(ReadRequest read, std::unique_ptr<protocols::Decoder> decoder, PollTimers timers,
                         std::chrono::milliseconds settle)
    : timers_(timers), settle_(settle), queue_(read, std::move(decoder)) {}

void Tyz24Poller::begin() {
  request(ty::encode_link_test());
}

void Tyz24Poller::request(std::vector<std::uint8_t> bytes) {
  attempts_ = 1;
  last_request_ = bytes;
  unit_.clear();
  queue_.push(PollRequest{std::move(bytes)});
}

void Tyz24Poller::feed(std::span<const std::uint8_t> bytes) {
  if (phase_ == Phase::done) return;
  queue_.decoder().feed(bytes);
  for (const std::uint8_t byte : bytes) {
    if (phase_ == Phase::done) break;
    take(byte);
  }
  queue_.drain();
}

void Tyz24Poller::take(std::uint8_t byte) {
  if (phase_ == Phase::settling) return;  // nothing is expected; the decoder judges it
  if (phase_ != Phase::pushing) {
    if (unit_.empty()) {
      if (byte == ty::kEsc) unit_.push_back(byte);  // anything before is noise
      return;
    }
    unit_.clear();
    if (phase_ == Phase::identify) {
      if (byte != ty::kTyz24ModelCode) {
        end(make_error(make_error_code(Errc::bad_settings),
                       "the device answered the link test with 1B " + hex_byte(byte) + ", not 1B 05 (TTNJ-Z16/Z24)",
                       "设备对联机测试的应答为 1B " + hex_byte(byte) + "，不是 1B 05（TTNJ-Z16/Z24）"));
        return;
      }
      queue_.push(PollFrame{});
      phase_ = Phase::settling;
      if (settle_.count() == 0) {
        phase_ = Phase::started;
        request(ty::encode_start_download());
      }
      return;
    }
    if (byte == ty::kDownloadStarted) {
      queue_.push(PollFrame{});
      phase_ = Phase::pushing;
      request(ty::encode_next_group());
    }
    return;
  }
  unit_.push_back(byte);
  // A group cannot start with 1B: its record number would be ≥ 0x1B000000.
  if (unit_.size() == 2 && unit_[0] == ty::kEsc && unit_[1] == ty::kNoMoreData) {
    queue_.push(PollFrame{});
    unit_.clear();
    end(std::nullopt);
    return;
  }
  if (unit_.size() == ty::kTyz24GroupSize) {
    queue_.push(PollFrame{});
    ++groups_;
    unit_.clear();
    queue_.drain();
  }
}

void Tyz24Poller::on_timeout() {
  if (phase_ == Phase::done) return;
  if (phase_ == Phase::settling) {
    phase_ = Phase::started;
    request(ty::encode_start_download());
    return;
  }
  if (phase_ == Phase::pushing && (groups_ > 0 || !unit_.empty())) {
    const std::string part =
        unit_.empty() ? std::string() : " (a group cut off after " + std::to_string(unit_.size()) + " of 501 bytes)";
    const std::string part_zh =
        unit_.empty() ? std::string() : "（一组数据在 501 字节中的第 " + std::to_string(unit_.size()) + " 字节后中断）";
    end(make_error(make_error_code(Errc::timed_out),
                   "the TYZ24 stopped sending after " + std::to_string(groups_) + " group(s), before 1B FE" + part,
                   "TYZ24 发送 " + std::to_string(groups_) + " 组数据后中断，未收到结束标志 1B FE" + part_zh));
    return;
  }
  if (attempts_ <= timers_.retries) {
    ++attempts_;
    unit_.clear();
    queue_.push(PollRequest{last_request_});
    return;
  }
  switch (phase_) {
    case Phase::identify:
      end(make_error(make_error_code(Errc::timed_out), "the TYZ24 did not answer the link test",
                     "TYZ24 未应答联机测试"));
      return;
    case Phase::started:
      end(make_error(make_error_code(Errc::timed_out), "the TYZ24 did not answer the start of the download",
                     "TYZ24 未应答开始下载命令"));
      return;
    default:
      end(make_error(make_error_code(Errc::timed_out), "the TYZ24 sent no group after 24",
                     "TYZ24 收到 24 后未发送数据"));
      return;
  }
}

void Tyz24Poller::on_closed() {
  if (phase_ != Phase::done)
    end(make_error(make_error_code(Errc::disconnected), "the TYZ24 link closed during the read",
                   "读取过程中 TYZ24 连接断开"));
}

void Tyz24Poller::end(std::optional<Error> why) {
  queue_.finish(std::move(why));
  phase_ = Phase::done;
}

std::optional<PollOutput> Tyz24Poller::next() {
  return queue_.pop();
}

std::chrono::milliseconds Tyz24Poller::wait() const {
  if (phase_ == Phase::settling) return settle_;
  return phase_ == Phase::pushing && (groups_ > 0 || !unit_.empty()) ? timers_.gap : timers_.answer;
}

}  // namespace kj::drivers
