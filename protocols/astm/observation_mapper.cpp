#include "protocols/astm/observation_mapper.hpp"

#include <charconv>
#include <cmath>

#include "protocols/astm/escape.hpp"
#include "protocols/astm/record.hpp"
#include "protocols/astm/timestamp.hpp"

namespace kj::protocols::astm {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool blank(std::string_view text) {
  return trim(text).empty();
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  std::size_t first = 0;
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);  // from_chars takes '-' but not '+'
  } else if (!text.empty() && text.front() == '-') {
    first = 1;
  }
  // from_chars would also take "inf" and "nan"; an analyzer's value text is no number then.
  if (first >= text.size() || !((text[first] >= '0' && text[first] <= '9') || text[first] == '.')) {
    return std::nullopt;
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

ObservationMapper::ObservationMapper(MapperOptions options) : options_(options) {}

void ObservationMapper::start_transfer() {
  delimiters_ = Delimiters{};
  model_.clear();
  header_serial_.clear();
  sample_id_.reset();
  broken_ = false;
}

std::string ObservationMapper::text_of(std::string_view escaped) const {
  return unescape(trim(escaped), delimiters_);
}

void ObservationMapper::map(const Message& message, EventQueue<DecodeEvent>& out) {
  const std::string_view text = message.text;
  std::size_t frame = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t cr = text.find('\r', start);
    const std::size_t end = cr == std::string_view::npos ? text.size() : cr;
    const std::size_t through = cr == std::string_view::npos ? text.size() : cr + 1;
    const std::string_view record = text.substr(start, end - start);
    if (!record.empty()) {
      // The frames holding the record's first byte and its CR.
      const auto frame_end = [&](std::size_t k) { return message.frames[k].text_begin + message.frames[k].text_size; };
      while (frame + 1 < message.frames.size() && frame_end(frame) <= start) ++frame;
      std::size_t last = frame;
      while (last + 1 < message.frames.size() && frame_end(last) < through) ++last;
      const std::uint64_t offset = message.frames[frame].offset;
      switch (record[0]) {
        case 'H': on_header(record, offset, out); break;
        case 'P':
        case 'L': sample_id_.reset(); break;
        case 'O':
          if (!broken_) on_order(record);
          break;
        case 'R':
          if (!broken_) on_result(record, message, frame, last, out);
          break;
        default: break;  // C, Q, M, S and unknown types carry no result
      }
    }
    start = through;
  }
}

void ObservationMapper::on_header(std::string_view record, std::uint64_t offset, EventQueue<DecodeEvent>& out) {
  const auto delimiters = delimiters_from_header(record);
  sample_id_.reset();
  if (!delimiters) {
    out.push(DecodeError{Errc::bad_layout, "H record does not declare four delimiters", offset});
    broken_ = true;
    return;
  }
  delimiters_ = *delimiters;
  broken_ = false;
  split_into(fields_, record, delimiters_.field);
  split_into(parts_, first_repeat(field(5)), delimiters_.component);
  model_ = text_of(parts_[0]);
  header_serial_ = parts_.size() >= 3 ? text_of(parts_[2]) : std::string{};
}

void ObservationMapper::on_order(std::string_view record) {
  split_into(fields_, record, delimiters_.field);
  sample_id_.reset();
  for (const std::size_t n : {3, 4}) {
    split_into(parts_, first_repeat(field(n)), delimiters_.component);
    std::string_view id;
    if (options_.sample_id_component > 0) {
      if (options_.sample_id_component <= parts_.size()) id = parts_[options_.sample_id_component - 1];
    } else {
      for (const auto part : parts_) {
        if (!blank(part)) {
          id = part;
          break;
        }
      }
    }
    if (!blank(id)) {
      sample_id_ = text_of(id);
      return;
    }
  }
}

void ObservationMapper::on_result(std::string_view record, const Message& message, std::size_t first_frame,
                                  std::size_t last_frame, EventQueue<DecodeEvent>& out) {
  const AcceptedFrame& first = message.frames[first_frame];
  const AcceptedFrame& last = message.frames[last_frame];
  split_into(fields_, record, delimiters_.field);

  // R-3, universal test id: `^^^code^name…`.
  split_into(parts_, first_repeat(field(3)), delimiters_.component);
  std::size_t code = parts_.size();
  if (parts_.size() >= 4 && !blank(parts_[3])) {
    code = 3;
  } else {
    for (std::size_t i = 0; i < parts_.size(); ++i) {
      if (!blank(parts_[i])) {
        code = i;
        break;
      }
    }
  }
  if (code == parts_.size()) {
    out.push(DecodeError{Errc::bad_layout, "R record without a test code", first.offset});
    return;
  }

  // Built where it will be read from: an Observation is large, and moving it costs.
  auto& o = std::get<Observation>(out.push(std::in_place_type<Observation>));
  o.protocol = "astm";
  o.item_code = text_of(parts_[code]);
  if (code + 1 < parts_.size() && !blank(parts_[code + 1]) && !parse_number(parts_[code + 1])) {
    o.item_name = text_of(parts_[code + 1]);
  }
  o.sample_id = sample_id_;

  std::string value = text_of(field(4));
  if (const auto number = parse_number(value)) {
    o.value = *number;
  } else if (!value.empty()) {
    o.value = std::move(value);
  }
  if (!blank(field(5))) o.unit = text_of(field(5));
  if (!blank(field(7))) {
    split_into(parts_, field(7), delimiters_.repeat);
    for (const auto flag : parts_) {
      if (!blank(flag)) o.flags.push_back(text_of(flag));
    }
  }
  if (!blank(field(9))) o.status = text_of(field(9));
  o.measured_at = iso_from_astm_time(blank(field(13)) ? field(12) : field(13));

  std::string serial = blank(field(14)) ? header_serial_ : text_of(field(14));
  if (!model_.empty() || !serial.empty()) o.device = DeviceIdentity{"", model_, std::move(serial)};

  o.offset = first.offset;
  const auto raw = message.raw.begin();
  o.raw.assign(raw + static_cast<std::ptrdiff_t>(first.raw_begin),
               raw + static_cast<std::ptrdiff_t>(last.raw_begin + last.raw_size));
}

}  // namespace kj::protocols::astm
