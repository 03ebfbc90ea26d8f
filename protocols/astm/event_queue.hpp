// A FIFO of events that reuses its storage: the state machines push a few events per feed and
// the caller drains them all, so a vector and a read index beat std::deque, which allocates and
// frees a block every few large events.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace kj::protocols::astm {

template <class Event>
class EventQueue {
 public:
  // Returns the new event, so that a large one can be filled in place instead of moved in.
  template <class... Args>
  Event& push(Args&&... args) {
    return events_.emplace_back(std::forward<Args>(args)...);
  }

  std::optional<Event> pop() {
    if (head_ == events_.size()) return std::nullopt;
    std::optional<Event> event(std::move(events_[head_++]));
    if (head_ == events_.size()) {
      events_.clear();  // keeps the capacity
      head_ = 0;
    }
    return event;
  }

  [[nodiscard]] bool empty() const { return head_ == events_.size(); }

 private:
  std::vector<Event> events_;
  std::size_t head_ = 0;
};

}  // namespace kj::protocols::astm
