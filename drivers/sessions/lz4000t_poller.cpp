#include "drivers/sessions/lz4000t_poller.hpp"

#include <algorithm>

#include "drivers/errors.hpp"
#include "protocols/lz4000t/lz4000t_messages.hpp"
#include "protocols/tilde_frame/tilde_frame.hpp"

namespace kj::drivers {

namespace lz = protocols::lz4000t;

namespace {

protocols::DeviceTime device_day(const std::chrono::year_month_day& day) {
  protocols::DeviceTime t;
  t.year = static_cast<int>(day.year());
  t.month = static_cast<int>(static_cast<unsigned>(day.month()));
  t.day = static_cast<int>(static_cast<unsigned>(day.day()));
  return t;
}

std::vector<std::chrono::year_month_day> days_of(const ReadRequest& read, std::chrono::year_month_day today, int span) {
  using Kind = ReadRequest::Kind;
  if (read.kind == Kind::date) return {read.day};
  std::vector<std::chrono::year_month_day> days;
  const std::chrono::sys_days end{today};
  for (int back = 0; back < std::max(span, 1); ++back) days.emplace_back(end - std::chrono::days(back));
  if (read.kind == Kind::all) std::reverse(days.begin(), days.end());  // oldest first
  return days;
}

ReadRequest filter_of(const ReadRequest& read) {
  // The device already picks the day; only `last` needs the host's help.
  return read.kind == ReadRequest::Kind::last ? read : ReadRequest{ReadRequest::Kind::all, {}};
}

}  // namespace

Lz4000tPoller::Lz4000tPoller(ReadRequest read, std::chrono::year_month_day today,
                             std::unique_ptr<protocols::Decoder> decoder, PollTimers timers, Lz4000tScan scan)
    : read_(read),
      days_(days_of(read, today, scan.days)),
      timers_(timers),
      scan_(scan),
      hunter_(
          [](std::span<const std::uint8_t> bytes) { return protocols::tilde::probe_frame(bytes, lz::kMaxDataLength); }),
      queue_(filter_of(read), std::move(decoder)) {}

void Lz4000tPoller::begin() {
  request(lz::encode_comm_test());
}

void Lz4000tPoller::request(std::vector<std::uint8_t> bytes) {
  attempts_ = 1;
  last_request_ = bytes;
  if (phase_ != Phase::identify && scan_.rest.count() > 0) {
    resting_ = std::move(bytes);
    return;
  }
  queue_.push(PollRequest{std::move(bytes)});
}

std::string Lz4000tPoller::day_text() const {
  return day_ < days_.size() ? iso_day(days_[day_]) : std::string();
}

void Lz4000tPoller::ask_count() {
  phase_ = Phase::count;
  records_ = 0;
  expected_ = 0;
  request(lz::encode_count_day(device_day(days_[day_])));
}

void Lz4000tPoller::next_day() {
  ++day_;
  if (day_ >= days_.size()) {
    end(std::nullopt);
    return;
  }
  ask_count();
}

void Lz4000tPoller::feed(std::span<const std::uint8_t> bytes) {
  if (phase_ == Phase::done) return;
  queue_.decoder().feed(bytes);
  hunter_.feed(bytes);
  while (phase_ != Phase::done) {
    auto event = hunter_.next();
    if (!event) break;
    const auto* frame = std::get_if<protocols::RawFrame>(&*event);
    if (frame == nullptr) continue;  // the decoder reports the same bad bytes
    const lz::Parsed parsed = lz::parse_frame(*frame);
    if (std::holds_alternative<lz::CommAnswer>(parsed)) {
      queue_.push(PollFrame{});
      if (phase_ == Phase::identify) ask_count();
    } else if (const auto* count = std::get_if<lz::CountAnswer>(&parsed)) {
      queue_.push(PollFrame{});
      if (phase_ == Phase::count) on_count(count->count);
    } else if (const auto* record = std::get_if<lz::Record>(&parsed)) {
      queue_.push(PollFrame{});
      queue_.drain();  // the record's observation before the end of the day
      if (phase_ == Phase::records) on_record(record->day_count);
    }
  }
  queue_.drain();
}

void Lz4000tPoller::on_count(std::uint16_t count) {
  if (count == 0) {
    next_day();
    return;
  }
  phase_ = Phase::records;
  expected_ = count;
  request(lz::encode_send_day(device_day(days_[day_])));
}

void Lz4000tPoller::on_record(std::uint16_t day_count) {
  ++records_;
  // Every record frame carries the day's count; it is the device's last word on how many follow.
  if (day_count > 0) expected_ = day_count;
  if (records_ < expected_) return;
  if (read_.kind == ReadRequest::Kind::last) {
    end(std::nullopt);  // the latest day with records: its last record is the one asked for
    return;
  }
  next_day();
}

void Lz4000tPoller::on_timeout() {
  if (phase_ == Phase::done) return;
  if (resting_) {
    queue_.push(PollRequest{std::move(*resting_)});
    resting_.reset();
    return;
  }
  if (phase_ == Phase::records && records_ > 0) {
    end(make_error(make_error_code(Errc::timed_out),
                   "the LZ4000T stopped sending after " + std::to_string(records_) + " of " +
                       std::to_string(expected_) + " record(s) of " + day_text(),
                   "LZ4000T 发送 " + day_text() + " 的 " + std::to_string(expected_) + " 条记录中的 " +
                       std::to_string(records_) + " 条后中断"));
    return;
  }
  if (attempts_ <= timers_.retries) {
    ++attempts_;
    queue_.push(PollRequest{last_request_});
    return;
  }
  switch (phase_) {
    case Phase::identify:
      end(make_error(make_error_code(Errc::timed_out), "the LZ4000T did not answer the comm test",
                     "LZ4000T 未应答通讯测试"));
      return;
    case Phase::count:
      end(make_error(make_error_code(Errc::timed_out), "the LZ4000T did not answer the record count of " + day_text(),
                     "LZ4000T 未应答 " + day_text() + " 的记录数查询"));
      return;
    default:
      end(make_error(
          make_error_code(Errc::timed_out),
          "the LZ4000T announced " + std::to_string(expected_) + " record(s) of " + day_text() + " but sent none",
          "LZ4000T 报告 " + day_text() + " 有 " + std::to_string(expected_) + " 条记录，但未发送"));
      return;
  }
}

void Lz4000tPoller::on_closed() {
  if (phase_ != Phase::done)
    end(make_error(make_error_code(Errc::disconnected), "the LZ4000T link closed during the read",
                   "读取过程中 LZ4000T 连接断开"));
}

void Lz4000tPoller::end(std::optional<Error> why) {
  resting_.reset();
  queue_.finish(std::move(why));  // a record cut off by the end: a truncated error, never an observation
  phase_ = Phase::done;
}

std::optional<PollOutput> Lz4000tPoller::next() {
  return queue_.pop();
}

std::chrono::milliseconds Lz4000tPoller::wait() const {
  if (resting_) return scan_.rest;
  return phase_ == Phase::records && records_ > 0 ? timers_.gap : timers_.answer;
}

}  // namespace kj::drivers
