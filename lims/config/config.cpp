#include "lims/config/config.hpp"

#include <algorithm>
#include <charconv>
#include <regex>

#include "lims/config/json_fields.hpp"
#include "lims/errors.hpp"
#include "protocols/registry.hpp"

namespace kj::lims::config {

const TestItem* Catalogue::find_item(const std::string& code) const {
  const auto found = std::find_if(items.begin(), items.end(), [&](const TestItem& i) { return i.code == code; });
  return found == items.end() ? nullptr : &*found;
}

const Commodity* Catalogue::find_commodity(const std::string& name) const {
  const auto found =
      std::find_if(commodities.begin(), commodities.end(), [&](const Commodity& c) { return c.name == name; });
  return found == commodities.end() ? nullptr : &*found;
}

const Device* Config::find_device(const std::string& name) const {
  const auto found = std::find_if(devices.begin(), devices.end(), [&](const Device& d) { return d.name == name; });
  return found == devices.end() ? nullptr : &*found;
}

std::optional<Date> parse_date(const std::string& text) {
  static const std::regex pattern(R"(^(\d{4})-(\d{2})-(\d{2})$)");
  std::smatch match;
  if (!std::regex_match(text, match, pattern)) return std::nullopt;
  const Date date{std::chrono::year(std::stoi(match[1])),
                  std::chrono::month(static_cast<unsigned>(std::stoi(match[2]))),
                  std::chrono::day(static_cast<unsigned>(std::stoi(match[3])))};
  if (!date.ok()) return std::nullopt;
  return date;
}

namespace {

Date date_field(const Fields& f, const std::string& key) {
  const auto date = parse_date(f.text(key));
  if (!date) f.fail(key, "a date YYYY-MM-DD that exists", "存在的日期 YYYY-MM-DD");
  return *date;
}

Installation load_installation(const Fields& f) {
  f.only({"county", "booth", "utc_offset", "hub"});
  Installation out;
  if (const auto hub = f.optional_object("hub")) {
    hub->only({"url", "booth_id", "secret", "secret_file", "ca_file", "batch_size", "max_attempts"});
    HubSettings h;
    h.url = hub->text("url");
    if (h.url.rfind("http://", 0) != 0 && h.url.rfind("https://", 0) != 0) {
      hub->fail("url", "an http:// or https:// URL", "http:// 或 https:// 开头的地址");
    }
    h.booth_id = hub->text("booth_id");
    h.secret = hub->optional_text("secret").value_or("");
    h.secret_file = hub->optional_text("secret_file").value_or("");
    if (h.secret.empty() == h.secret_file.empty()) {
      hub->fail("secret", "exactly one of secret or secret_file", "secret 与 secret_file 二者必须且只能填一项");
    }
    h.ca_file = hub->optional_text("ca_file").value_or("");
    h.batch_size = static_cast<int>(hub->optional_integer("batch_size", 1, 5000).value_or(200));
    h.max_attempts = static_cast<int>(hub->optional_integer("max_attempts", 1, 1000).value_or(10));
    out.hub = h;
  }
  const auto county = f.object("county");
  county.only({"code", "name"});
  out.county_code = county.text("code");
  out.county_name = county.text("name");
  const auto booth = f.object("booth");
  booth.only({"name"});
  out.booth_name = booth.text("name");
  if (f.has("utc_offset")) {
    static const std::regex pattern(R"(^([+-])(\d{2}):(\d{2})$)");
    const auto text = f.text("utc_offset");
    std::smatch m;
    if (!std::regex_match(text, m, pattern)) f.fail("utc_offset", "an offset like +08:00", "形如 +08:00 的时差");
    const int minutes = std::stoi(m[2]) * 60 + std::stoi(m[3]);
    out.utc_offset = std::chrono::minutes(m[1] == "-" ? -minutes : minutes);
  }
  return out;
}

Device load_device(const Fields& f) {
  f.only({"name", "maker", "model", "serial", "protocol", "transport", "options", "items"});
  Device d;
  d.name = f.text("name");
  d.maker = f.optional_text("maker").value_or("");
  d.model = f.optional_text("model").value_or("");
  d.serial = f.optional_text("serial").value_or("");
  d.protocol = f.text("protocol");
  if (protocols::find_protocol(d.protocol) == nullptr) {
    std::vector<std::string> names;
    for (const auto& p : protocols::known_protocols()) names.emplace_back(p.name);
    (void)f.choice("protocol", names);
  }
  const auto t = f.object("transport");
  const auto type = t.choice("type", {"serial", "tcp"});
  if (type == "serial") {
    t.only({"type", "path", "baud", "data_bits", "parity", "stop_bits", "flow_control"});
    SerialTransport s;
    s.path = t.text("path");
    s.baud = static_cast<int>(t.optional_integer("baud", 50, 4000000).value_or(9600));
    s.data_bits = static_cast<int>(t.optional_integer("data_bits", 5, 8).value_or(8));
    if (t.has("parity")) s.parity = t.choice("parity", {"none", "even", "odd"});
    s.stop_bits = static_cast<int>(t.optional_integer("stop_bits", 1, 2).value_or(1));
    if (t.has("flow_control")) s.flow_control = t.choice("flow_control", {"none", "rtscts", "xonxoff"});
    d.transport = s;
  } else {
    t.only({"type", "host", "port", "listen"});
    TcpTransport tcp;
    tcp.listen = t.boolean("listen", false);
    tcp.host = tcp.listen ? t.optional_text("host").value_or("0.0.0.0") : t.text("host");
    tcp.port = static_cast<int>(t.integer("port", 1, 65535));
    d.transport = tcp;
  }
  if (const auto options = f.optional_object("options")) {
    for (const auto& key : options->keys()) d.options[key] = options->text(key);
  }
  if (const auto items = f.optional_object("items")) {
    for (const auto& key : items->keys()) d.item_codes[key] = items->text(key);
  }
  return d;
}

Method method_field(const Fields& f) {
  const auto text = f.choice("method", {"inhibition", "gold_line", "gold_ratio", "quantitative"});
  if (text == "inhibition") return Method::inhibition;
  if (text == "gold_line") return Method::gold_line;
  if (text == "gold_ratio") return Method::gold_ratio;
  return Method::quantitative;
}

Catalogue load_catalogue(const Fields& f) {
  f.only({"categories", "commodities", "items", "limits"});
  Catalogue c;
  c.categories = f.texts("categories");
  for (const auto& entry : f.objects("commodities")) {
    entry.only({"name", "category", "subcategory"});
    Commodity commodity{entry.text("name"), entry.text("category"), entry.optional_text("subcategory").value_or("")};
    if (std::find(c.categories.begin(), c.categories.end(), commodity.category) == c.categories.end()) {
      entry.fail("category", "one of the categories listed under \"categories\"", "“categories”中列出的类别之一");
    }
    if (c.find_commodity(commodity.name)) entry.fail("name", "a name not used before", "未重复的名称");
    c.commodities.push_back(std::move(commodity));
  }
  for (const auto& entry : f.objects("items")) {
    entry.only({"code", "name_zh", "name_en", "method", "standard", "unit", "not_detected"});
    TestItem item{entry.text("code"),
                  entry.text("name_zh"),
                  entry.text("name_en"),
                  method_field(entry),
                  entry.optional_text("standard").value_or(""),
                  entry.text("unit"),
                  entry.boolean("not_detected", false)};
    if (c.find_item(item.code)) entry.fail("code", "a code not used before", "未重复的代码");
    c.items.push_back(std::move(item));
  }
  for (const auto& entry : f.objects("limits")) {
    entry.only({"commodity", "item", "standard", "value", "unit", "effective_from", "effective_to"});
    Limit limit{entry.text("commodity"),
                entry.text("item"),
                entry.text("standard"),
                entry.number("value"),
                entry.text("unit"),
                date_field(entry, "effective_from"),
                std::nullopt};
    if (entry.has("effective_to")) limit.effective_to = date_field(entry, "effective_to");
    if (!c.find_commodity(limit.commodity))
      entry.fail("commodity", "a commodity listed under \"commodities\"", "“commodities”中列出的品种");
    if (!c.find_item(limit.item)) entry.fail("item", "an item code listed under \"items\"", "“items”中列出的项目代码");
    if (limit.value < 0) entry.fail("value", "a limit of 0 or more", "不小于 0 的限量");
    c.limits.push_back(std::move(limit));
  }
  return c;
}

JudgementRules load_judgement(const Fields& f) {
  f.only({"enzyme_inhibition", "colloidal_gold", "retest", "matrix_interference"});
  JudgementRules j;
  for (const auto& e : f.objects("enzyme_inhibition")) {
    e.only({"standard", "positive_at_or_above", "suspect_from", "min_control_delta_a"});
    EnzymeStandardRule rule{e.text("standard"), e.number("positive_at_or_above"), e.optional_number("suspect_from"),
                            e.number("min_control_delta_a")};
    if (rule.positive_at_or_above <= 0 || rule.positive_at_or_above > 100) {
      e.fail("positive_at_or_above", "a percentage above 0 and at most 100", "大于 0 且不超过 100 的百分数");
    }
    if (rule.suspect_from && (*rule.suspect_from < 0 || *rule.suspect_from >= rule.positive_at_or_above)) {
      e.fail("suspect_from", "a percentage below positive_at_or_above", "小于 positive_at_or_above 的百分数");
    }
    j.enzyme.push_back(std::move(rule));
  }
  for (const auto& g : f.objects("colloidal_gold")) {
    g.only({"item", "method", "invalid_c", "positive_at_or_below", "negative_above", "negative_at_or_below",
            "negative_from", "between_is"});
    GoldRule rule;
    rule.item = g.text("item");
    rule.method = g.choice("method", {"line", "ratio_ct", "ratio_tc"});
    rule.invalid_c = g.number("invalid_c");
    rule.positive_at_or_below = g.optional_number("positive_at_or_below");
    rule.negative_above = g.optional_number("negative_above");
    rule.negative_at_or_below = g.optional_number("negative_at_or_below");
    rule.negative_from = g.optional_number("negative_from");
    if (g.has("between_is")) rule.between_is = g.choice("between_is", {"suspect", "invalid"});
    const auto need = [&](const std::optional<double>& value, const char* key) {
      if (!value)
        g.fail(key, std::string("a number: method ") + rule.method + " needs it",
               std::string("数字：方法 ") + rule.method + " 需要此参数");
    };
    if (rule.method == "line") {
      need(rule.positive_at_or_below, "positive_at_or_below");
      need(rule.negative_above, "negative_above");
      if (*rule.negative_above < *rule.positive_at_or_below) {
        g.fail("negative_above", "a value not below positive_at_or_below", "不小于 positive_at_or_below 的值");
      }
    } else if (rule.method == "ratio_ct") {
      need(rule.negative_at_or_below, "negative_at_or_below");
    } else {
      need(rule.positive_at_or_below, "positive_at_or_below");
    }
    j.gold.push_back(std::move(rule));
  }
  if (const auto r = f.optional_object("retest")) {
    r->only({"retests_required", "positives_to_confirm", "retest_suspect"});
    j.retest.retests_required = static_cast<int>(r->integer("retests_required", 0, 10));
    j.retest.positives_to_confirm = static_cast<int>(r->integer("positives_to_confirm", 0, j.retest.retests_required));
    j.retest.retest_suspect = r->boolean("retest_suspect", true);
  }
  j.matrix_interference = f.texts("matrix_interference");
  return j;
}

std::vector<DeadlineRule> load_deadlines(const Fields& f) {
  f.only({"rules"});
  std::vector<DeadlineRule> rules;
  for (const auto& r : f.objects("rules")) {
    r.only({"case_type", "step", "amount", "unit", "from"});
    const auto unit = r.choice("unit", {"hours", "days", "working_days"});
    rules.push_back(DeadlineRule{
        r.choice("case_type", {"rapid", "lab"}), r.text("step"), static_cast<int>(r.integer("amount", 0, 10000)),
        unit == "hours" ? DeadlineUnit::hours : (unit == "days" ? DeadlineUnit::days : DeadlineUnit::working_days),
        r.text("from")});
  }
  return rules;
}

Calendar load_calendar(const Fields& f, int expected_year) {
  f.only({"year", "holidays", "working_weekends", "source"});
  Calendar cal;
  cal.year = static_cast<int>(f.integer("year", 2000, 2100));
  if (cal.year != expected_year) {
    f.fail("year", std::to_string(expected_year) + " (the file name's year)",
           std::to_string(expected_year) + "（与文件名年份一致）");
  }
  const auto days = [&](const std::string& key, bool must_be_weekend) {
    std::set<std::chrono::sys_days> out;
    const auto texts = f.texts(key);
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const auto date = parse_date(texts[i]);
      const std::string at = key + "[" + std::to_string(i) + "]";
      if (!date || static_cast<int>(date->year()) != cal.year) {
        f.fail(at, "a date YYYY-MM-DD in " + std::to_string(cal.year),
               std::to_string(cal.year) + " 年内的日期 YYYY-MM-DD");
      }
      const std::chrono::weekday weekday{std::chrono::sys_days(*date)};
      const bool weekend = weekday == std::chrono::Saturday || weekday == std::chrono::Sunday;
      if (must_be_weekend && !weekend) f.fail(at, "a Saturday or Sunday", "周六或周日");
      out.insert(std::chrono::sys_days(*date));
    }
    return out;
  };
  cal.holidays = days("holidays", false);
  cal.working_weekends = days("working_weekends", true);
  return cal;
}

template <class T, class Loader>
T load_file(const std::filesystem::path& dir, const std::string& name, Loader loader) {
  return loader(read_json_file((dir / name).string(), "config/" + name));
}

}  // namespace

Result<Config> load_config(const std::filesystem::path& dir) {
  try {
    Config config;
    config.dir = dir;
    if (!std::filesystem::is_directory(dir)) {
      throw ConfigError(Text{dir.string() + ": not a folder of config files", dir.string() + "：不是配置文件夹"});
    }
    config.installation = load_file<Installation>(dir, "kuaijian.json", load_installation);
    config.catalogue = load_file<Catalogue>(dir, "catalogue.json", load_catalogue);
    config.devices = load_file<std::vector<Device>>(dir, "devices.json", [&](const Fields& f) {
      f.only({"devices"});
      std::vector<Device> devices;
      for (const auto& entry : f.objects("devices")) {
        Device device = load_device(entry);
        for (const auto& [device_code, item] : device.item_codes) {
          if (!config.catalogue.find_item(item)) {
            entry.fail("items." + device_code, "an item code of catalogue.json", "catalogue.json 中的项目代码");
          }
        }
        if (std::any_of(devices.begin(), devices.end(), [&](const Device& d) { return d.name == device.name; })) {
          entry.fail("name", "a device name not used before", "未重复的设备名称");
        }
        devices.push_back(std::move(device));
      }
      return devices;
    });
    config.judgement = load_file<JudgementRules>(dir, "judgement.json", load_judgement);
    config.deadlines = load_file<std::vector<DeadlineRule>>(dir, "deadlines.json", load_deadlines);
    const auto calendar_dir = dir / "calendar";
    if (std::filesystem::is_directory(calendar_dir)) {
      for (const auto& entry : std::filesystem::directory_iterator(calendar_dir)) {
        const auto stem = entry.path().stem().string();
        if (entry.path().extension() != ".json") continue;
        int year = 0;
        const auto [end, ec] = std::from_chars(stem.data(), stem.data() + stem.size(), year);
        const std::string display = "config/calendar/" + entry.path().filename().string();
        if (ec != std::errc{} || end != stem.data() + stem.size()) {
          throw ConfigError(Text{display + ": expected a file name YYYY.json", display + "：文件名应为 YYYY.json"});
        }
        config.calendars[year] = load_calendar(read_json_file(entry.path().string(), display), year);
      }
    }
    return config;
  } catch (const ConfigError& error) {
    return Error{make_error_code(Errc::config_invalid), error.text()};
  }
}

}  // namespace kj::lims::config
