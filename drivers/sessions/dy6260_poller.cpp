#include "drivers/sessions/dy6260_poller.hpp"

#include "drivers/errors.hpp"
#include "protocols/dy6260/dy6260_link.hpp"

namespace kj::drivers {

Dy6260Poller::Dy6260Poller(std::unique_ptr<protocols::Decoder> decoder, std::chrono::milliseconds idle)
    : decoder_(std::move(decoder)), idle_(idle) {}

void Dy6260Poller::begin() {
  out_.emplace_back(PollRequest{protocols::dy6260::encode_read_request()});
}

void Dy6260Poller::feed(std::span<const std::uint8_t> bytes) {
  if (done_) return;
  received_ = received_ || !bytes.empty();
  decoder_->feed(bytes);
  bool complete = false;
  for (const std::uint8_t byte : bytes) {
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (byte == '\\') {
        escaped_ = true;
      } else if (byte == '"') {
        in_string_ = false;
      }
      continue;
    }
    if (byte == '"') {
      in_string_ = true;
    } else if (byte == '{' || byte == '[') {
      ++depth_;
      opened_ = true;
    } else if (byte == '}' || byte == ']') {
      --depth_;
      if (opened_ && depth_ <= 0) complete = true;
    }
  }
  drain_decoder();
  if (complete) {
    out_.emplace_back(PollFrame{});
    end(std::nullopt);
  }
}

void Dy6260Poller::on_timeout() {
  if (done_) return;
  if (!received_) {
    end(make_error(make_error_code(Errc::timed_out), "the DY-6260 did not answer READ within the idle timeout",
                   "DY-6260 在空闲超时内未应答 READ"));
    return;
  }
  end(make_error(make_error_code(Errc::timed_out), "the DY-6260 answer stopped before it was complete",
                 "DY-6260 的应答未完整即中断"));
}

void Dy6260Poller::on_closed() {
  if (done_) return;
  // Closing is how the reader ends its answer; an incomplete document is the decoder's
  // truncated error.
  if (opened_ && depth_ <= 0) out_.emplace_back(PollFrame{});
  end(received_ ? std::nullopt
                : std::optional<Error>(make_error(make_error_code(Errc::disconnected),
                                                  "the DY-6260 closed the link without answering",
                                                  "DY-6260 未应答即关闭连接")));
}

void Dy6260Poller::end(std::optional<Error> why) {
  decoder_->finish();
  drain_decoder();
  if (why) out_.emplace_back(PollFailure{std::move(*why)});
  done_ = true;
}

void Dy6260Poller::drain_decoder() {
  while (auto event = decoder_->next()) out_.emplace_back(std::move(*event));
}

std::optional<PollOutput> Dy6260Poller::next() {
  if (out_.empty()) return std::nullopt;
  PollOutput output = std::move(out_.front());
  out_.pop_front();
  return output;
}

}  // namespace kj::drivers
