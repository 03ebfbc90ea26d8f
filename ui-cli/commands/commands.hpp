// Every subcommand registers itself on the root app: one file per subcommand (an Options
// struct, register_…, run_…), as in CLI11's own examples.
#pragma once

#include <CLI/CLI.hpp>

#include "ui-cli/context.hpp"

namespace kj::cli {

void register_init(CLI::App& app, Context& context);
void register_demo(CLI::App& app, Context& context);
void register_config(CLI::App& app, Context& context);

inline void register_all(CLI::App& app, Context& context) {
  register_init(app, context);
  register_demo(app, context);
  register_config(app, context);
}

}  // namespace kj::cli
