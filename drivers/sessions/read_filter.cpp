#include "drivers/sessions/read_filter.hpp"

#include <cstdio>

namespace kj::drivers {

std::string iso_day(const std::chrono::year_month_day& day) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                static_cast<unsigned>(day.day()));
  return text;
}

ReadFilter::ReadFilter(ReadRequest read)
    : read_(read), day_(read.kind == ReadRequest::Kind::date ? iso_day(read.day) : std::string()) {}

void ReadFilter::take(protocols::DecodeEvent event, std::deque<PollOutput>& out) {
  auto* observation = std::get_if<protocols::Observation>(&event);
  if (observation == nullptr) {
    out.emplace_back(std::move(event));
    return;
  }
  switch (read_.kind) {
    case ReadRequest::Kind::all: out.emplace_back(std::move(event)); return;
    case ReadRequest::Kind::date:
      // The device clock's day; an observation without one cannot be shown to be of that day.
      if (observation->measured_at && observation->measured_at->starts_with(day_)) {
        out.emplace_back(std::move(event));
      } else {
        ++left_out_;
      }
      return;
    case ReadRequest::Kind::last:
      if (held_) ++left_out_;
      held_ = std::move(*observation);
      return;
  }
}

void ReadFilter::flush(std::deque<PollOutput>& out) {
  if (!held_) return;
  out.emplace_back(protocols::DecodeEvent{std::move(*held_)});
  held_.reset();
}

}  // namespace kj::drivers
