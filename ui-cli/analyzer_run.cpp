#include "ui-cli/analyzer_run.hpp"

#include <fmt/format.h>

namespace kj::cli {

Result<AnalyzerRun> run_analyzer(drivers::IoContext& io, const drivers::DeviceSpec& spec, std::size_t expected,
                                 std::chrono::seconds timeout) {
  AnalyzerRun run;
  bool finished = false;
  drivers::SessionHandlers handlers;
  handlers.on_observation = [&](const protocols::Observation& observation, const drivers::RawRef& ref) {
    run.observations.push_back(observation);
    run.raw_refs.push_back(ref);
    if (expected != 0 && run.observations.size() >= expected) finished = true;
  };
  handlers.on_error = [&](const drivers::SessionError& error) {
    if (error.decode) run.errors.push_back(protocols::to_json(*error.decode));
    if (error.link) run.errors.push_back(error.link->detail.en);
  };
  handlers.on_done = [&] {
    run.completed = true;
    finished = true;
  };
  auto session = drivers::make_session(io, spec, std::move(handlers));
  if (!session) return session.error();
  (*session)->start();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  io.restart();
  while (!finished && std::chrono::steady_clock::now() < deadline) {
    io.run_for(std::chrono::milliseconds(50));
    io.restart();
  }
  (*session)->stop();
  io.poll();  // let the session's handlers see the close
  return run;
}

std::vector<lims::Provenance> provenance_of(const AnalyzerRun& run) {
  std::vector<lims::Provenance> out;
  out.reserve(run.raw_refs.size());
  for (const auto& ref : run.raw_refs) {
    out.push_back(lims::Provenance{
        "instrument", ref.capture ? fmt::format("{}:{}:{}", ref.capture->string(), ref.offset, ref.size) : ""});
  }
  return out;
}

}  // namespace kj::cli
