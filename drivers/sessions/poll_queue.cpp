#include "drivers/sessions/poll_queue.hpp"

namespace kj::drivers {

void PollQueue::drain() {
  while (auto event = decoder_->next()) filter_.take(std::move(*event), out_);
}

void PollQueue::finish(std::optional<Error> why) {
  decoder_->finish();
  drain();
  if (why) {
    out_.emplace_back(PollFailure{std::move(*why)});
  } else {
    filter_.flush(out_);
  }
}

std::optional<PollOutput> PollQueue::pop() {
  if (out_.empty()) return std::nullopt;
  PollOutput output = std::move(out_.front());
  out_.pop_front();
  return output;
}

}  // namespace kj::drivers
