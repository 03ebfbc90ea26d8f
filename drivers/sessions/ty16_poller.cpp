#include "drivers/sessions/ty16_poller.hpp"

#include <cstdio>

#include "drivers/errors.hpp"
#include "protocols/tianyang/tianyang_link.hpp"
#include "protocols/tianyang/ty16_decoder.hpp"
#include "protocols/tianyang/ty16_group.hpp"

namespace kj::drivers {

namespace ty = protocols::tianyang;

namespace {

std::string hex_byte(std::uint8_t byte) {
  char text[8];
  std::snprintf(text, sizeof text, "%02X", byte);
  return text;
}

}  // namespace

Ty16Poller::Ty16Poller(ReadRequest read, std::unique_ptr<protocols::Decoder> decoder, PollTimers timers)
    : timers_(timers), queue_(read, std::move(decoder)) {}

void Ty16Poller::begin() {
  request(ty::encode_link_test());
}

void Ty16Poller::request(std::vector<std::uint8_t> bytes) {
  attempts_ = 1;
  last_request_ = bytes;
  unit_.clear();
  queue_.push(PollRequest{std::move(bytes)});
}

void Ty16Poller::feed(std::span<const std::uint8_t> bytes) {
  if (phase_ == Phase::done) return;
  queue_.decoder().feed(bytes);
  for (const std::uint8_t byte : bytes) {
    if (phase_ == Phase::done) break;
    take(byte);
  }
  queue_.drain();
}

void Ty16Poller::take(std::uint8_t byte) {
  if (phase_ != Phase::group) {
    // Two-byte answers; anything before their 1B is line noise (the decoder reports it).
    if (unit_.empty()) {
      if (byte == ty::kEsc) unit_.push_back(byte);
      return;
    }
    unit_.clear();
    if (phase_ == Phase::identify) {
      if (byte == ty::kModelPrefix) return;  // `1B CF`, then the model answer
      if (!ty::ty16_model_name(byte)) {
        end(make_error(
            make_error_code(Errc::bad_settings),
            "the device answered the link test with 1B " + hex_byte(byte) + ", not a Tianyang keypad model code",
            "设备对联机测试的应答为 1B " + hex_byte(byte) + "，不是天阳按键式仪器的型号代码"));
        return;
      }
      model_ = byte;
      queue_.push(PollFrame{});
      phase_ = Phase::started;
      request(ty::encode_start_download());
      return;
    }
    if (byte == ty::kDownloadStarted) {
      queue_.push(PollFrame{});
      phase_ = Phase::group;
      return;
    }
    if (byte == ty::kNoMoreData) {
      queue_.push(PollFrame{});
      finish_download();
    }
    return;
  }
  unit_.push_back(byte);
  // `1B FE` cannot start a group: a minute is never 0xFE.
  if (unit_.size() == 2 && unit_[0] == ty::kEsc && unit_[1] == ty::kNoMoreData) {
    queue_.push(PollFrame{});
    finish_download();
    return;
  }
  if (unit_.size() == ty::kTy16GroupSize) {
    queue_.push(PollFrame{});
    ++groups_;
    queue_.drain();  // the group's observations before asking for the next
    request(ty::encode_next_group());
  }
}

void Ty16Poller::finish_download() {
  unit_.clear();
  queue_.push(PollRequest{ty::encode_end_session()});
  end(std::nullopt);
}

void Ty16Poller::on_timeout() {
  if (phase_ == Phase::done) return;
  if (phase_ == Phase::group && !unit_.empty()) {
    end(make_error(make_error_code(Errc::timed_out),
                   "the TY16 group stopped after " + std::to_string(unit_.size()) + " of 73 bytes",
                   "TY16 数据组在 73 字节中的第 " + std::to_string(unit_.size()) + " 字节后中断"));
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
      end(make_error(make_error_code(Errc::timed_out), "the TY16 did not answer the link test", "TY16 未应答联机测试"));
      return;
    case Phase::started:
      end(make_error(make_error_code(Errc::timed_out), "the TY16 did not answer the start of the download",
                     "TY16 未应答开始下载命令"));
      return;
    default:
      end(make_error(make_error_code(Errc::timed_out),
                     "the TY16 did not send the next group after " + std::to_string(groups_) + " group(s)",
                     "TY16 发送 " + std::to_string(groups_) + " 组数据后未再发送下一组"));
      return;
  }
}

void Ty16Poller::on_closed() {
  if (phase_ != Phase::done)
    end(make_error(make_error_code(Errc::disconnected), "the TY16 link closed during the read",
                   "读取过程中 TY16 连接断开"));
}

void Ty16Poller::end(std::optional<Error> why) {
  queue_.finish(std::move(why));
  phase_ = Phase::done;
}

std::optional<PollOutput> Ty16Poller::next() {
  return queue_.pop();
}

std::chrono::milliseconds Ty16Poller::wait() const {
  return phase_ == Phase::group && !unit_.empty() ? timers_.gap : timers_.answer;
}

}  // namespace kj::drivers
