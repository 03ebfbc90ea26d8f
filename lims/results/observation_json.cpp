#include "lims/results/observation_json.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "protocols/json_writer.hpp"

namespace kj::lims {
namespace {

using Object = Poco::JSON::Object::Ptr;

std::optional<std::string> text(const Object& o, const std::string& key) {
  if (!o->has(key) || o->isNull(key)) return std::nullopt;
  return o->getValue<std::string>(key);
}

std::optional<double> number(const Object& o, const std::string& key) {
  if (!o->has(key) || o->isNull(key)) return std::nullopt;
  return o->getValue<double>(key);
}

protocols::Readings readings_of(const Object& o) {
  protocols::Readings r;
  if (!o) return r;
  r.a0 = number(o, "a0");
  r.a3 = number(o, "a3");
  r.delta_a = number(o, "delta_a");
  r.c = number(o, "c");
  r.t = number(o, "t");
  r.tc = number(o, "tc");
  return r;
}

std::vector<std::uint8_t> from_hex(const std::string& hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

}  // namespace

std::optional<protocols::Observation> observation_from_json(const std::string& json) {
  try {
    const auto o = Poco::JSON::Parser().parse(json).extract<Object>();
    protocols::Observation obs;
    obs.protocol = text(o, "protocol").value_or("");
    if (const auto device = o->getObject("device")) {
      obs.device = protocols::DeviceIdentity{text(device, "maker").value_or(""), text(device, "model").value_or(""),
                                             text(device, "serial").value_or("")};
    }
    if (const auto channel = number(o, "channel")) obs.channel = static_cast<int>(*channel);
    obs.sample_id = text(o, "sample_id");
    obs.sample_name = text(o, "sample_name");
    obs.item_code = text(o, "item_code").value_or("");
    obs.item_name = text(o, "item_name");
    if (o->has("value") && !o->isNull("value")) {
      const auto value = o->get("value");
      if (value.isString()) {
        obs.value = value.extract<std::string>();
      } else {
        obs.value = value.convert<double>();
      }
    }
    obs.unit = text(o, "unit");
    obs.readings = readings_of(o->getObject("readings"));
    if (const auto verdict = text(o, "verdict")) obs.verdict = protocols::verdict_from_string(*verdict);
    if (const auto flags = o->getArray("flags")) {
      for (std::size_t i = 0; i < flags->size(); ++i)
        obs.flags.push_back(flags->getElement<std::string>(static_cast<unsigned>(i)));
    }
    obs.status = text(o, "status");
    obs.measured_at = text(o, "measured_at");
    obs.standard = text(o, "standard");
    obs.raw = from_hex(text(o, "raw").value_or(""));
    return obs;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string readings_json(const protocols::Readings& r) {
  protocols::JsonWriter json;
  json.begin_object();
  const std::pair<const char*, const std::optional<double>*> fields[] = {
      {"a0", &r.a0}, {"a3", &r.a3}, {"delta_a", &r.delta_a}, {"c", &r.c}, {"t", &r.t}, {"tc", &r.tc}};
  for (const auto& [name, value] : fields) {
    if (*value) json.key(name).value(**value);
  }
  json.end_object();
  return json.take();
}

protocols::Readings readings_from_json(const std::string& json) {
  try {
    return readings_of(Poco::JSON::Parser().parse(json).extract<Object>());
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace kj::lims
