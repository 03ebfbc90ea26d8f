#include "drivers/sessions/device_manager.hpp"

#include "drivers/errors.hpp"

namespace kj::drivers {

DeviceManager::DeviceManager(IoContext& io, std::vector<DeviceSpec> specs, SessionHandlers handlers)
    : io_(io), specs_(std::move(specs)), handlers_(std::move(handlers)) {
  for (const auto& spec : specs_) slots_.push_back(Slot{spec, nullptr, std::nullopt});
}

DeviceManager::~DeviceManager() {
  stop();
}

std::vector<Error> DeviceManager::start() {
  std::vector<Error> errors;
  for (auto& slot : slots_) {
    const Status started = start(slot);
    if (!started.ok()) errors.push_back(started.error());
  }
  return errors;
}

Status DeviceManager::start(const std::string& name) {
  Slot* slot = find(name);
  if (slot == nullptr)
    return make_error(make_error_code(Errc::port_not_found), "no device named '" + name + "' in config",
                      "配置中没有名为“" + name + "”的设备");
  return start(*slot);
}

Status DeviceManager::start(Slot& slot) {
  if (slot.session) return {};
  auto session = make_session(io_, slot.spec, handlers_);
  if (!session) {
    slot.error = session.error();
    return session.error();
  }
  slot.error.reset();
  slot.session = std::move(*session);
  slot.session->start();
  return {};
}

void DeviceManager::stop() {
  for (auto& slot : slots_) {
    if (slot.session) slot.session->stop();
  }
}

void DeviceManager::stop(const std::string& name) {
  if (Slot* slot = find(name); slot != nullptr && slot->session) slot->session->stop();
}

std::vector<DeviceHealth> DeviceManager::health() const {
  std::vector<DeviceHealth> out;
  for (const auto& slot : slots_) {
    if (slot.session) {
      out.push_back(slot.session->health());
      continue;
    }
    DeviceHealth idle;
    idle.name = slot.spec.name;
    idle.protocol = slot.spec.protocol;
    idle.transport = describe(slot.spec.transport);
    idle.state = slot.error ? SessionState::failed : SessionState::idle;
    idle.last_error = slot.error;
    out.push_back(std::move(idle));
  }
  return out;
}

DeviceSession* DeviceManager::session(const std::string& name) const {
  for (const auto& slot : slots_) {
    if (slot.spec.name == name) return slot.session.get();
  }
  return nullptr;
}

DeviceManager::Slot* DeviceManager::find(const std::string& name) {
  for (auto& slot : slots_) {
    if (slot.spec.name == name) return &slot;
  }
  return nullptr;
}

}  // namespace kj::drivers
