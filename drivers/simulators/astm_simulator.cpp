#include "drivers/simulators/astm_simulator.hpp"

#include <cmath>
#include <cstdio>
#include <string_view>

#include "protocols/astm/control.hpp"
#include "protocols/astm/frame.hpp"

namespace kj::drivers {

namespace astm = protocols::astm;

namespace {

std::string astm_time(const protocols::DeviceTime& t) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d%02d%02d%02d", t.year, t.month, t.day, t.hour, t.minute, t.second);
  return buf;
}

std::string one_decimal(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", std::round(value * 10.0) / 10.0);
  return buf;
}

constexpr int kMaxAttempts = 3;
constexpr auto kRetryDelay = std::chrono::seconds(10);
constexpr auto kAbsentHostDelay = std::chrono::seconds(1);

}  // namespace

std::string AstmSimulator::build_message(const Scenario& scenario, const std::vector<SimReading>& readings) {
  const std::string first = readings.empty() ? "" : astm_time(readings.front().measured_at);
  std::string text = "H|\\^&|||KJ-SIM^1.0^SIM0001|||||||P|LIS2-A2|" + first + "\r";
  const auto limit = "<" + std::to_string(static_cast<int>(scenario.limit()));
  int n = 0;
  for (const auto& r : readings) {
    ++n;
    text += "P|" + std::to_string(n) + "\r";
    text += "O|1|" + r.sample_id + "||^^^" + scenario.item_code + "|R||||||N||||||||||||||F\r";
    text += "R|1|^^^" + scenario.item_code + "^" + r.item_name + "|" + one_decimal(r.inhibition) + "|%|" + limit + "|" +
            (r.positive ? "A" : "N") + "||F||||" + astm_time(r.measured_at) + "\r";
  }
  text += "L|1|N\r";
  return text;
}

AstmSimulator::AstmSimulator(const Scenario& scenario, const std::vector<SimReading>& readings)
    : scenario_(scenario), message_(build_message(scenario, readings)) {
  config_.role = astm::LinkRole::instrument;
  config_.max_text_per_frame = static_cast<std::size_t>(scenario.frame_text);
  config_.reply_timeout = std::chrono::milliseconds(scenario.reply_timeout_ms);
  receiver_ = astm::LinkReceiver(config_);
  receiver_.set_busy(scenario.has_fault(SimFault::busy));
  busy_done_ = !scenario.has_fault(SimFault::busy);
}

void AstmSimulator::start(SimTime now) {
  begin_transfer(now);
}

void AstmSimulator::begin_transfer(SimTime now) {
  ++attempts_;
  frames_written_ = 0;
  silenced_ = false;
  restart_at_.reset();
  sender_ = std::make_unique<astm::LinkSender>(config_, astm::FrameSplit::per_message);
  sender_->send(message_, now);
  drain(now);
  if (attempts_ == 1 && scenario_.has_fault(SimFault::contention)) {
    // As if the host's ENQ had crossed ours: the instrument wins and ENQs again after 1 s.
    static constexpr std::uint8_t kEnq[] = {astm::kEnq};
    sender_->feed(kEnq, now);
    drain(now);
  }
}

void AstmSimulator::write_frame(std::vector<std::uint8_t> bytes) {
  ++frames_written_;
  const bool last = bytes.size() >= 5 && bytes[bytes.size() - 5] == astm::kEtx;
  if (scenario_.has_fault(SimFault::garbage) && !garbage_done_ && (frames_written_ == 2 || last)) {
    garbage_done_ = true;
    static constexpr std::string_view kJunk = "#~line noise~#";
    emit(std::span(reinterpret_cast<const std::uint8_t*>(kJunk.data()), kJunk.size()));
  }
  if (scenario_.has_fault(SimFault::bad_checksum) && !checksum_fault_done_) {
    checksum_fault_done_ = true;
    auto bad = bytes;
    auto& c2 = bad[bad.size() - 3];  // C1 C2 CR LF: the second checksum digit
    c2 = c2 == '0' ? '1' : '0';
    emit(bad);
    return;
  }
  emit(bytes);
  if (scenario_.has_fault(SimFault::silent) && !silent_done_ && !last) {
    // Fall silent mid-message: this attempt is abandoned without another byte.
    silent_done_ = true;
    silenced_ = true;
  }
}

void AstmSimulator::drain(SimTime now) {
  while (auto event = sender_->next()) {
    if (silenced_) continue;
    if (auto* write = std::get_if<astm::Write>(&*event)) {
      if (!write->bytes.empty() && write->bytes[0] == astm::kStx) {
        write_frame(std::move(write->bytes));
      } else {
        emit(write->bytes);
      }
      if (silenced_) {
        sender_ = std::make_unique<astm::LinkSender>(config_, astm::FrameSplit::per_message);
        restart_at_ = now + std::chrono::milliseconds(scenario_.silent_ms);
        return;
      }
    } else if (auto* done = std::get_if<astm::SendFinished>(&*event)) {
      outcome_ = done->outcome;
      if (done->outcome == astm::SendOutcome::delivered || done->outcome == astm::SendOutcome::interrupted) {
        set_finished();
      } else if (frames_written_ == 0 && done->outcome == astm::SendOutcome::timed_out) {
        // Nobody answered our ENQ: no host on the line yet (a pty nobody opened, a cable not
        // plugged in). A real analyzer keeps calling; so do we, without counting it.
        --attempts_;
        restart_at_ = now + kAbsentHostDelay;
      } else if (attempts_ < kMaxAttempts) {
        restart_at_ = now + kRetryDelay;
      } else {
        set_finished();  // gave up, as a device would after its retries
      }
    }
  }
}

void AstmSimulator::feed(std::span<const std::uint8_t> bytes, SimTime now) {
  if (sender_ && !sender_->idle()) {
    sender_->feed(bytes, now);
    drain(now);
    return;
  }
  // Neutral: the host may send us a transfer of its own (a query); ACK it, ignore the content.
  receiver_.feed(bytes, now);
  while (auto event = receiver_.next()) {
    if (auto* reply = std::get_if<astm::Reply>(&*event)) {
      const std::uint8_t b = reply->byte;
      emit(std::span(&b, 1));
      if (b == astm::kNak && !busy_done_) {
        busy_done_ = true;
        receiver_.set_busy(false);
      }
    }
  }
}

std::optional<SimTime> AstmSimulator::deadline() const {
  std::optional<SimTime> due = restart_at_;
  for (auto d : {sender_ ? sender_->deadline() : std::nullopt, receiver_.deadline()}) {
    if (d && (!due || *d < *due)) due = d;
  }
  return due;
}

void AstmSimulator::on_timeout(SimTime now) {
  if (restart_at_ && now >= *restart_at_) {
    begin_transfer(now);
    return;
  }
  if (sender_ && sender_->deadline() && now >= *sender_->deadline()) {
    sender_->on_timeout(now);
    drain(now);
  }
  if (receiver_.deadline() && now >= *receiver_.deadline()) {
    receiver_.on_timeout(now);
    while (auto event = receiver_.next()) {
      if (auto* reply = std::get_if<astm::Reply>(&*event)) emit(std::span(&reply->byte, 1));
    }
  }
}

}  // namespace kj::drivers
