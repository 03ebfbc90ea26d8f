// A Decoder built from a FrameHunter and a per-frame interpreter: the hunter finds frames and
// reports bad runs; the protocol turns each good frame into zero or more events (observations,
// or errors for frames that check but make no sense). Saves each protocol the same plumbing.
#pragma once

#include <deque>
#include <optional>
#include <span>

#include "protocols/decoder.hpp"
#include "protocols/frame_hunter.hpp"

namespace kj::protocols {

class FramedDecoder : public Decoder {
 public:
  explicit FramedDecoder(FrameHunter::Rule rule);

  void feed(std::span<const std::uint8_t> bytes) final;
  std::optional<DecodeEvent> next() final;
  void finish() final;

 protected:
  // Appends what `frame` says, in wire order, to `out`; nothing for link traffic.
  virtual void interpret(const RawFrame& frame, std::deque<DecodeEvent>& out) = 0;

 private:
  FrameHunter hunter_;
  std::deque<DecodeEvent> ready_;
};

}  // namespace kj::protocols
