#include "drivers/simulators/faulty_device.hpp"

namespace kj::drivers {

namespace {
// Long enough to hold more than one frame of every vendor protocol's records.
constexpr std::size_t kMultiFrame = 40;
constexpr std::size_t kCut = 10;
}  // namespace

FaultyDevice::FaultyDevice(std::unique_ptr<DeviceSimulator> device, bool garbage, bool truncate)
    : device_(std::move(device)), garbage_(garbage), truncate_(truncate) {}

void FaultyDevice::start(SimTime now) {
  device_->start(now);
  forward();
}

void FaultyDevice::feed(std::span<const std::uint8_t> bytes, SimTime now) {
  device_->feed(bytes, now);
  forward();
}

void FaultyDevice::on_timeout(SimTime now) {
  device_->on_timeout(now);
  forward();
}

void FaultyDevice::forward() {
  auto out = device_->take_output();
  if (!out.empty() && garbage_) {
    garbage_ = false;
    static constexpr std::uint8_t kNoise[] = {0x00, 0x55, 0x3F, 0x00, 0x55};
    emit(kNoise);
  }
  if (truncate_ && out.size() >= kMultiFrame) {
    truncate_ = false;
    out.resize(out.size() - kCut);
  }
  emit(out);
  if (device_->finished()) set_finished();
  if (device_->wants_close()) set_wants_close();
}

}  // namespace kj::drivers
