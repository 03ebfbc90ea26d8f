// Every subcommand registers itself on the root app: one file per subcommand (an Options
// struct, register_…, run_…), as in CLI11's own examples.
#pragma once

#include <CLI/CLI.hpp>

#include "ui-cli/context.hpp"

namespace kj::cli {

void register_init(CLI::App& app, Context& context);
void register_demo(CLI::App& app, Context& context);
void register_config(CLI::App& app, Context& context);
void register_decode(CLI::App& app, Context& context);
void register_places(CLI::App& app, Context& context);
void register_catalog(CLI::App& app, Context& context);
void register_sample(CLI::App& app, Context& context);
void register_result(CLI::App& app, Context& context);
void register_batch(CLI::App& app, Context& context);
void register_event(CLI::App& app, Context& context);
void register_inhibition(CLI::App& app, Context& context);
void register_audit(CLI::App& app, Context& context);
void register_plan(CLI::App& app, Context& context);
void register_device(CLI::App& app, Context& context);
void register_sync(CLI::App& app, Context& context);
void register_hub(CLI::App& app, Context& context);
void register_sim(CLI::App& app, Context& context);
void register_case(CLI::App& app, Context& context);
void register_alerts(CLI::App& app, Context& context);
void register_report(CLI::App& app, Context& context);
void register_board(CLI::App& app, Context& context);

inline void register_all(CLI::App& app, Context& context) {
  register_init(app, context);
  register_demo(app, context);
  register_config(app, context);
  register_decode(app, context);
  register_places(app, context);
  register_catalog(app, context);
  register_sample(app, context);
  register_result(app, context);
  register_batch(app, context);
  register_event(app, context);
  register_inhibition(app, context);
  register_audit(app, context);
  register_plan(app, context);
  register_device(app, context);
  register_sync(app, context);
  register_hub(app, context);
  register_sim(app, context);
  register_case(app, context);
  register_alerts(app, context);
  register_report(app, context);
  register_board(app, context);
}

}  // namespace kj::cli
