// Prints what a loaded config holds (counts and devices), for `config check` and `demo`.
#pragma once

#include "lims/config/config.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/context.hpp"

namespace kj::cli {

void print_config_summary(const Context& context, const lims::config::Config& config);
void write_config_summary(protocols::JsonWriter& json, const lims::config::Config& config);

}  // namespace kj::cli
