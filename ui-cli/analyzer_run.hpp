// One read of an analyzer through its real driver session: open the transport, run the
// protocol's sequence, collect what the device sent. Used by `batch run` (a configured device)
// and by `demo` (a simulated analyzer on a pseudo-terminal, on the same event loop).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "drivers/asio.hpp"
#include "drivers/sessions/device_session.hpp"
#include "drivers/sessions/device_spec.hpp"
#include "lims/results/results.hpp"
#include "protocols/observation.hpp"

namespace kj::cli {

struct AnalyzerRun {
  std::vector<protocols::Observation> observations;
  std::vector<drivers::RawRef> raw_refs;  // where each observation's bytes are
  std::vector<std::string> errors;        // rejected frames and link problems, as text
  bool completed = false;                 // the read sequence ended (polled protocols)
};

// Runs `io` until the session's sequence is done, `expected` observations arrived (0: no
// limit), or `timeout` passed. Whatever else runs on `io` (a simulator) runs along.
Result<AnalyzerRun> run_analyzer(drivers::IoContext& io, const drivers::DeviceSpec& spec, std::size_t expected,
                                 std::chrono::seconds timeout);

// Where each observation of `run` came from, for its result: instrument data at
// "capture file:offset:size" of the device's capture.
std::vector<lims::Provenance> provenance_of(const AnalyzerRun& run);

}  // namespace kj::cli
