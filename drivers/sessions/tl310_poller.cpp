#include "drivers/sessions/tl310_poller.hpp"

#include <cstdio>

#include "drivers/errors.hpp"
#include "protocols/tilde_frame/tilde_frame.hpp"
#include "protocols/tl310/tl310_messages.hpp"

namespace kj::drivers {

namespace tl310 = protocols::tl310;

namespace {

std::string hex_byte(std::uint8_t byte) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", byte);
  return text;
}

}  // namespace

Tl310Poller::Tl310Poller(ReadRequest read, std::unique_ptr<protocols::Decoder> decoder, PollTimers timers)
    : read_(read), decoder_(std::move(decoder)), timers_(timers), hunter_([](std::span<const std::uint8_t> bytes) {
        return protocols::tilde::probe_frame(bytes, tl310::kMaxDataLength);
      }) {}

void Tl310Poller::begin() {
  request(tl310::encode_comm_test());
}

void Tl310Poller::request(std::vector<std::uint8_t> bytes) {
  last_request_ = bytes;
  attempts_ = 1;
  out_.emplace_back(PollRequest{std::move(bytes)});
}

void Tl310Poller::feed(std::span<const std::uint8_t> bytes) {
  if (phase_ == Phase::done) return;
  decoder_->feed(bytes);
  hunter_.feed(bytes);
  while (auto event = hunter_.next()) {
    const auto* frame = std::get_if<protocols::RawFrame>(&*event);
    if (frame == nullptr) continue;  // the decoder reports the same bad bytes
    const tl310::Parsed parsed = tl310::parse_frame(*frame);
    if (const auto* answer = std::get_if<tl310::CommAnswer>(&parsed)) {
      out_.emplace_back(PollFrame{});
      if (phase_ == Phase::identify) on_version(answer->version);
    } else if (const auto* record = std::get_if<tl310::Record>(&parsed)) {
      out_.emplace_back(PollFrame{});
      drain_decoder();  // the record's observation before the end of the sequence
      ++records_seen_;
      if (phase_ == Phase::reading && record->index >= record->total) end(std::nullopt);
    }
  }
  drain_decoder();
}

void Tl310Poller::on_version(std::uint8_t version) {
  using Kind = ReadRequest::Kind;
  if (version == tl310::kVersionReadAll) {
    if (read_.kind == Kind::date) {
      end(make_error(make_error_code(Errc::bad_settings),
                     "this TL310 (firmware 0x10) reads last or all records, not by date",
                     "此 TL310（固件 0x10）只能读取最后一条或全部记录，不能按日期读取"));
      return;
    }
    phase_ = Phase::reading;
    request(read_.kind == Kind::last ? tl310::encode_read_last() : tl310::encode_read_all());
    return;
  }
  if (read_.kind != Kind::date) {
    end(make_error(make_error_code(Errc::bad_settings),
                   "this TL310 (firmware " + hex_byte(version) + ") reads by date only: use --read date:YYYY-MM-DD",
                   "此 TL310（固件 " + hex_byte(version) + "）只能按日期读取：请用 --read date:YYYY-MM-DD"));
    return;
  }
  phase_ = Phase::reading;
  protocols::DeviceTime day;
  day.year = static_cast<int>(read_.day.year());
  day.month = static_cast<int>(static_cast<unsigned>(read_.day.month()));
  day.day = static_cast<int>(static_cast<unsigned>(read_.day.day()));
  request(tl310::encode_read_date(day));
}

void Tl310Poller::on_timeout() {
  if (phase_ == Phase::done) return;
  if (phase_ == Phase::identify || records_seen_ == 0) {
    if (phase_ == Phase::identify && attempts_ <= timers_.retries) {
      ++attempts_;
      out_.emplace_back(PollRequest{last_request_});
      return;
    }
    if (phase_ == Phase::reading) {
      end(std::nullopt);  // no record within the timeout: the device holds none
      return;
    }
    end(make_error(make_error_code(Errc::timed_out), "the TL310 did not answer the comm test", "TL310 未应答通讯测试"));
    return;
  }
  end(make_error(make_error_code(Errc::timed_out),
                 "the TL310 stopped sending after " + std::to_string(records_seen_) + " record(s)",
                 "TL310 发送 " + std::to_string(records_seen_) + " 条记录后中断"));
}

void Tl310Poller::on_closed() {
  if (phase_ != Phase::done)
    end(make_error(make_error_code(Errc::disconnected), "the TL310 link closed during the read",
                   "读取过程中 TL310 连接断开"));
}

void Tl310Poller::end(std::optional<Error> why) {
  // A record cut off by the end is a truncated error, never an observation.
  decoder_->finish();
  drain_decoder();
  if (why) out_.emplace_back(PollFailure{std::move(*why)});
  phase_ = Phase::done;
}

void Tl310Poller::drain_decoder() {
  while (auto event = decoder_->next()) out_.emplace_back(std::move(*event));
}

std::optional<PollOutput> Tl310Poller::next() {
  if (out_.empty()) return std::nullopt;
  PollOutput output = std::move(out_.front());
  out_.pop_front();
  return output;
}

std::chrono::milliseconds Tl310Poller::wait() const {
  return phase_ == Phase::reading && records_seen_ > 0 ? timers_.gap : timers_.answer;
}

}  // namespace kj::drivers
