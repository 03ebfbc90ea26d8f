// How results are shown: a table row or a JSON object, with verdicts in the user's language.
#pragma once

#include <string>
#include <vector>

#include "lims/results/results.hpp"
#include "protocols/json_writer.hpp"
#include "ui-cli/context.hpp"

namespace kj::cli {

std::string verdict_word(const Context& context, const std::string& verdict);
std::string value_text(const lims::ResultRow& row);
void write_result_json(protocols::JsonWriter& json, const lims::ResultRow& row);
void print_results(const Context& context, const std::vector<lims::ResultRow>& rows);

}  // namespace kj::cli
