#include "drivers/sessions/dy3000_poller.hpp"

#include "drivers/errors.hpp"
#include "protocols/dy3000/dy3000_frame.hpp"
#include "protocols/dy3000/dy3000_messages.hpp"

namespace kj::drivers {

namespace dy = protocols::dy3000;

Dy3000Poller::Dy3000Poller(ReadRequest read, std::unique_ptr<protocols::Decoder> decoder, PollTimers timers)
    : read_(read),
      timers_(timers),
      hunter_(dy::probe_frame),
      queue_(ReadRequest{ReadRequest::Kind::all, {}}, std::move(decoder)) {}

void Dy3000Poller::begin() {
  request(Phase::link, dy::encode_link_test());
}

void Dy3000Poller::request(Phase phase, std::vector<std::uint8_t> bytes) {
  phase_ = phase;
  attempts_ = 1;
  last_request_ = bytes;
  queue_.push(PollRequest{std::move(bytes)});
}

void Dy3000Poller::ask_window() {
  protocols::DeviceTime first{2000, 1, 1, 0, 0, 0};
  protocols::DeviceTime last{2099, 12, 31, 0, 0, 0};
  if (read_.kind == ReadRequest::Kind::date) {
    first.year = static_cast<int>(read_.day.year());
    first.month = static_cast<int>(static_cast<unsigned>(read_.day.month()));
    first.day = static_cast<int>(static_cast<unsigned>(read_.day.day()));
    last = first;
  }
  request(Phase::window, dy::encode_find_window(first, last));
}

void Dy3000Poller::ask_record() {
  request(Phase::records, dy::encode_read_record(index_));
}

void Dy3000Poller::feed(std::span<const std::uint8_t> bytes) {
  if (phase_ == Phase::done) return;
  queue_.decoder().feed(bytes);
  hunter_.feed(bytes);
  while (phase_ != Phase::done) {
    auto event = hunter_.next();
    if (!event) break;
    const auto* frame = std::get_if<protocols::RawFrame>(&*event);
    if (frame == nullptr) continue;  // the decoder reports the same bad bytes
    const dy::Parsed parsed = dy::parse_frame(*frame);
    if (std::holds_alternative<dy::LinkAnswer>(parsed)) {
      queue_.push(PollFrame{});
      if (phase_ == Phase::link) {
        page_ = 0;
        request(Phase::items, dy::encode_read_item_page(page_));
      }
    } else if (const auto* page = std::get_if<dy::ItemPageAnswer>(&parsed)) {
      queue_.push(PollFrame{});
      if (phase_ != Phase::items || page->page != page_) continue;
      // Two slots: the table may go on; fewer end it. 256 pages is the most a byte can name.
      if (page->slots.size() >= dy::kSlotsPerPage && page_ < 0xFF) {
        request(Phase::items, dy::encode_read_item_page(++page_));
      } else {
        ask_window();
      }
    } else if (const auto* window = std::get_if<dy::WindowAnswer>(&parsed)) {
      queue_.push(PollFrame{});
      if (phase_ != Phase::window) continue;
      first_ = window->first_index;
      end_ = window->end_index;
      if (first_ + 1 > end_) {
        end(std::nullopt);  // no record in the window
        continue;
      }
      index_ = read_.kind == ReadRequest::Kind::last ? end_ - 1 : first_;
      ask_record();
    } else if (const auto* record = std::get_if<dy::RecordAnswer>(&parsed)) {
      queue_.push(PollFrame{});
      queue_.drain();  // the record's observations before the end of the read
      if (phase_ == Phase::records && record->index == index_) {
        asked_records_.insert(frame->bytes);
        on_record(record->valid != 0);
      }
    }
  }
  queue_.drain();
}

void Dy3000Poller::on_record(bool valid) {
  ++records_;
  if (read_.kind == ReadRequest::Kind::last) {
    if (valid || index_ <= first_) {
      end(std::nullopt);
      return;
    }
    --index_;  // an empty or deleted record: the last one is further back
  } else {
    if (++index_ >= end_) {
      end(std::nullopt);
      return;
    }
  }
  ask_record();
}

const char* Dy3000Poller::asked() const {
  switch (phase_) {
    case Phase::link: return "the link test";
    case Phase::items: return "the item table";
    case Phase::window: return "the record window";
    default: return "a record";
  }
}

void Dy3000Poller::on_timeout() {
  if (phase_ == Phase::done) return;
  if (attempts_ <= timers_.retries) {
    ++attempts_;
    queue_.push(PollRequest{last_request_});
    return;
  }
  std::string zh;
  switch (phase_) {
    case Phase::link: zh = "联机测试"; break;
    case Phase::items: zh = "项目表读取"; break;
    case Phase::window: zh = "记录范围查询"; break;
    default: zh = "记录读取"; break;
  }
  std::string en = std::string("the DY-3000 did not answer ") + asked();
  if (phase_ == Phase::records) {
    en += " (index " + std::to_string(index_) + ", after " + std::to_string(records_) + " record(s))";
    zh += "（序号 " + std::to_string(index_) + "，已收到 " + std::to_string(records_) + " 条）";
  }
  end(make_error(make_error_code(Errc::timed_out), en, "DY-3000 未应答" + zh));
}

void Dy3000Poller::on_closed() {
  if (phase_ != Phase::done)
    end(make_error(make_error_code(Errc::disconnected), "the DY-3000 link closed during the read",
                   "读取过程中 DY-3000 连接断开"));
}

void Dy3000Poller::end(std::optional<Error> why) {
  queue_.finish(std::move(why));
  phase_ = Phase::done;
}

// Called once feed() has looked at every frame of the bytes given, so a record's answer is
// known to be asked for before its readings leave.
std::optional<PollOutput> Dy3000Poller::next() {
  while (auto output = queue_.pop()) {
    const auto* event = std::get_if<protocols::DecodeEvent>(&*output);
    const auto* observation = event != nullptr ? std::get_if<protocols::Observation>(event) : nullptr;
    if (observation != nullptr && !first_reading_of_an_asked_record(*observation)) continue;
    return output;
  }
  return std::nullopt;
}

bool Dy3000Poller::first_reading_of_an_asked_record(const protocols::Observation& o) {
  if (!asked_records_.contains(o.raw)) return false;
  return handed_on_.emplace(o.raw, o.channel.value_or(0)).second;
}

}  // namespace kj::drivers
