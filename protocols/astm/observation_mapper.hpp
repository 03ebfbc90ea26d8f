// Turns the messages of E1381 transfers into Observations: every R record becomes one, with the
// sample from the O record before it and the device from the H record that opened the message.
//
//   sample_id   O-3, else O-4: the first non-empty component (or the configured one) of the
//               first repeat, trimmed.
//               Sysmex sends `^^   27^M` in O-4; a cobas c311 puts a counter before the sample
//               id in O-3 (`11625^CL-PL-24-0370…`), which `sample_id_component = 2` picks.
//   item_code   R-3 `^^^local code^…`: component 4, or the first non-empty one (Sysmex uses 5).
//   item_name   the component after the code, when it is there and not a number (Sysmex and
//               Roche put a dilution or result kind there: `^^^^WBC^1`).
//   value       R-4: a number when all of it parses as one, else the text; spaces trimmed.
//   unit        R-5.  flags: R-7 split at the repeat delimiter.  status: R-9.
//   measured_at R-13, else R-12 (see timestamp.hpp).
//   device      model = H-5 component 1 (`XN-550^00-24^22723…`: name^version^serial), serial =
//               R-14 (the instrument that ran this test) when sent, else H-5 component 3. The
//               maker is not on the wire in a standard place, so it stays empty.
//   raw/offset  the frames that carried the R record (all of them when it spans frames; the
//               whole frame when a frame holds several records).
//
// After text was lost in a transfer, records are ignored until the next H record: an R record
// whose O was in the lost frame would otherwise be filed under the previous sample.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/astm/delimiters.hpp"
#include "protocols/astm/event_queue.hpp"
#include "protocols/astm/link_receiver.hpp"
#include "protocols/astm/record.hpp"
#include "protocols/decoder.hpp"

namespace kj::protocols::astm {

struct MapperOptions {
  // Which component of O-3/O-4 is the sample id; 0: the first non-empty one.
  std::size_t sample_id_component = 0;
};

class ObservationMapper {
 public:
  explicit ObservationMapper(MapperOptions options = {});

  // A new transfer (ENQ): what the previous one's H and O said no longer holds.
  void start_transfer();
  // Text of this transfer was lost: ignore records until the next H record.
  void message_lost() { broken_ = true; }
  // Appends the observations (and errors) of one message to `out`.
  void map(const Message& message, EventQueue<DecodeEvent>& out);

 private:
  void on_header(std::string_view record, std::uint64_t offset, EventQueue<DecodeEvent>& out);
  void on_order(std::string_view record);
  void on_result(std::string_view record, const Message& message, std::size_t first_frame, std::size_t last_frame,
                 EventQueue<DecodeEvent>& out);
  std::string_view field(std::size_t n) const { return n <= fields_.size() ? fields_[n - 1] : std::string_view{}; }
  // Where one value is expected, a repeated field gives its first repeat.
  std::string_view first_repeat(std::string_view field) const { return piece(field, delimiters_.repeat, 1); }
  std::string text_of(std::string_view escaped) const;

  MapperOptions options_;
  Delimiters delimiters_;
  std::string model_;
  std::string header_serial_;
  std::optional<std::string> sample_id_;
  bool broken_ = false;
  // Scratch space reused for every record, so that mapping allocates only what it outputs.
  std::vector<std::string_view> fields_;
  std::vector<std::string_view> parts_;
};

// A number when all of `text` is one (an optional sign, digits, a point, an exponent).
std::optional<double> parse_number(std::string_view text);

}  // namespace kj::protocols::astm
