// The bridge from config (lims::config::Device) to what the drivers take (drivers::DeviceSpec):
// drivers never link lims, so ui-cli converts. Used by `kuaijian device listen NAME` and by
// anything else that starts a configured device's session (e.g. batch ingestion).
#pragma once

#include <filesystem>

#include "drivers/sessions/device_spec.hpp"
#include "lims/config/config.hpp"

namespace kj::cli {

// The device's spec; its capture goes to `<data_dir>/captures/<name>.kjcap` unless data_dir is
// empty. bad_option for a parity or flow-control word the drivers do not know.
Result<drivers::DeviceSpec> to_device_spec(const lims::config::Device& device, const std::filesystem::path& data_dir);

}  // namespace kj::cli
