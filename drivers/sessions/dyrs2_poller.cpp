#include "drivers/sessions/dyrs2_poller.hpp"

#include "drivers/errors.hpp"
#include "protocols/dyrs2/dyrs2_frame.hpp"
#include "protocols/dyrs2/dyrs2_messages.hpp"

namespace kj::drivers {

namespace rs = protocols::dyrs2;

namespace {

constexpr std::uint8_t kVersionMark = 'V';

protocols::DeviceTime device_day(const std::chrono::year_month_day& day) {
  protocols::DeviceTime t;
  t.year = static_cast<int>(day.year());
  t.month = static_cast<int>(static_cast<unsigned>(day.month()));
  t.day = static_cast<int>(static_cast<unsigned>(day.day()));
  return t;
}

}  // namespace

Dyrs2Poller::Dyrs2Poller(ReadRequest read, std::unique_ptr<protocols::Decoder> decoder, PollTimers timers)
    : read_(read),
      timers_(timers),
      hunter_(rs::probe_frame),
      queue_(ReadRequest{ReadRequest::Kind::all, {}}, std::move(decoder)) {}

void Dyrs2Poller::begin() {
  request(rs::encode_version_query());
}

void Dyrs2Poller::request(std::vector<std::uint8_t> bytes) {
  attempts_ = 1;
  last_request_ = bytes;
  queue_.push(PollRequest{std::move(bytes)});
}

void Dyrs2Poller::on_generation(bool third) {
  third_ = third;
  phase_ = Phase::reading;
  if (!third) {
    queue_.set_filter(read_);  // the meter sends everything: the host picks
    request(rs::encode_send_all());
    return;
  }
  if (read_.kind == ReadRequest::Kind::last) queue_.set_filter(read_);
  protocols::DeviceTime first{2000, 1, 1, 0, 0, 0};
  protocols::DeviceTime last{2099, 12, 31, 0, 0, 0};
  if (read_.kind == ReadRequest::Kind::date) first = last = device_day(read_.day);
  request(rs::encode_read_range(first, last));
}

void Dyrs2Poller::feed(std::span<const std::uint8_t> bytes) {
  if (phase_ == Phase::done) return;
  // A bare `56 …` (no SOH) is the 3rd generation's answer too.
  if (phase_ == Phase::version && !heard_ && !bytes.empty() && bytes.front() == kVersionMark) {
    heard_ = true;
    queue_.push(PollFrame{});
    on_generation(true);
  }
  heard_ = heard_ || !bytes.empty();
  queue_.decoder().feed(bytes);
  hunter_.feed(bytes);
  while (phase_ != Phase::done) {
    auto event = hunter_.next();
    if (!event) break;
    const auto* frame = std::get_if<protocols::RawFrame>(&*event);
    if (frame == nullptr) continue;  // the decoder reports the same bad bytes
    const rs::Parsed parsed = rs::parse_frame(*frame);
    if (std::holds_alternative<rs::HostRequest>(parsed)) continue;  // an echo, not the meter
    queue_.push(PollFrame{});
    if (phase_ == Phase::version) {
      on_generation(std::holds_alternative<rs::VersionAnswer>(parsed));
      continue;
    }
    if (std::holds_alternative<rs::DataRecord>(parsed)) {
      queue_.drain();
      ++records_;
    } else if (std::holds_alternative<rs::EndOfList>(parsed) && third_ == true) {
      end(std::nullopt);
    } else if (std::holds_alternative<rs::SecondGenAnswer>(parsed) && third_ == false) {
      queue_.drain();
      end(std::nullopt);
    }
  }
  queue_.drain();
}

void Dyrs2Poller::on_timeout() {
  if (phase_ == Phase::done) return;
  if (phase_ == Phase::version && heard_) {
    on_generation(false);  // it answered, but not with a version: a 2nd-generation meter
    return;
  }
  if (phase_ == Phase::reading && records_ > 0) {
    end(make_error(
        make_error_code(Errc::timed_out),
        "the DYRS2 stopped sending after " + std::to_string(records_) + " record(s), before the end of the list",
        "DYRS2 发送 " + std::to_string(records_) + " 条记录后中断，未收到列表结束帧"));
    return;
  }
  if (attempts_ <= timers_.retries) {
    ++attempts_;
    queue_.push(PollRequest{last_request_});
    return;
  }
  if (phase_ == Phase::version) {
    end(make_error(make_error_code(Errc::timed_out), "the DYRS2 did not answer the version query",
                   "DYRS2 未应答版本查询"));
  } else {
    end(make_error(make_error_code(Errc::timed_out), "the DYRS2 did not answer the read request",
                   "DYRS2 未应答读取请求"));
  }
}

void Dyrs2Poller::on_closed() {
  if (phase_ != Phase::done)
    end(make_error(make_error_code(Errc::disconnected), "the DYRS2 link closed during the read",
                   "读取过程中 DYRS2 连接断开"));
}

void Dyrs2Poller::end(std::optional<Error> why) {
  queue_.finish(std::move(why));
  phase_ = Phase::done;
}

std::optional<PollOutput> Dyrs2Poller::next() {
  return queue_.pop();
}

std::chrono::milliseconds Dyrs2Poller::wait() const {
  return phase_ == Phase::reading && records_ > 0 ? timers_.gap : timers_.answer;
}

}  // namespace kj::drivers
