// The typed contents of config/: loaded once at start, validated, then passed by reference.
// File layout (all JSON, `//` comments allowed, UTF-8):
//   kuaijian.json      this installation (county, booth, time zone)
//   devices.json       analyzers: protocol, transport, options, item-code mapping
//   catalogue.json     food categories, commodities, test items, standards, limits
//   judgement.json     judgement rules per standard / item, retest policy, matrix interference
//   deadlines.json     disposal-case deadline rules per case type and step
//   calendar/YYYY.json public holidays and make-up working days of one year
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "protocols/decoder.hpp"
#include "protocols/result.hpp"

namespace kj::lims::config {

using Date = std::chrono::year_month_day;

// The county hub this booth synchronises with ("hub" in kuaijian.json; absent → no sync).
struct HubSettings {
  std::string url;          // http(s)://host:port[/prefix]
  std::string booth_id;     // issued by `kuaijian hub booth add`
  std::string secret;       // issued with the booth id, or …
  std::string secret_file;  // … a file holding it (relative to the config folder)
  std::string ca_file;      // PEM of the CA that signed an https hub's certificate (relative to the
                            // config folder), for a county's own CA; empty: the system's CAs
  int batch_size = 200;
  int max_attempts = 10;  // failed attempts before a record is dead-lettered
};

struct Installation {
  std::optional<HubSettings> hub;
  std::string county_code;
  std::string county_name;
  std::string booth_name;
  std::chrono::minutes utc_offset{8 * 60};  // Asia/Shanghai: UTC+8 all year, no daylight saving
};

struct SerialTransport {
  std::string path;
  int baud = 9600;
  int data_bits = 8;
  std::string parity = "none";  // none | even | odd
  int stop_bits = 1;
  std::string flow_control = "none";  // none | rtscts | xonxoff
};

struct TcpTransport {
  std::string host;  // connect to host:port, or listen on port when `listen`
  int port = 0;
  bool listen = false;
};

struct Device {
  std::string name;
  std::string maker;
  std::string model;
  std::string serial;
  std::string protocol;
  std::variant<SerialTransport, TcpTransport> transport;
  protocols::CodecOptions options;
  std::map<std::string, std::string> item_codes;  // device item code → catalogue item code
};

struct Commodity {
  std::string name;  // e.g. 韭菜
  std::string category;
  std::string subcategory;
};

enum class Method { inhibition, gold_line, gold_ratio, quantitative };

struct TestItem {
  std::string code;     // catalogue code, e.g. OPC
  std::string name_zh;  // 有机磷和氨基甲酸酯类
  std::string name_en;
  Method method;
  std::string standard;       // default standard, e.g. GB/T 5009.199-2003
  std::string unit;           // %, mg/kg, µg/kg
  bool not_detected = false;  // banned substance: any detection is positive
};

struct Limit {
  std::string commodity;
  std::string item;
  std::string standard;  // GB 2763-2019, GB 2763.1-2022 …
  double value;
  std::string unit;
  Date effective_from;
  std::optional<Date> effective_to;
};

struct Catalogue {
  std::vector<std::string> categories;
  std::vector<Commodity> commodities;
  std::vector<TestItem> items;
  std::vector<Limit> limits;
  [[nodiscard]] const TestItem* find_item(const std::string& code) const;
  [[nodiscard]] const Commodity* find_commodity(const std::string& name) const;
};

struct EnzymeStandardRule {
  std::string standard;
  double positive_at_or_above;  // percent, judged on the value rounded to 1 decimal
  std::optional<double> suspect_from;
  double min_control_delta_a;
};

// Colloidal-gold parameters per item (enzyme-inhibition.md §6). Which thresholds apply
// depends on the method:
//   line      T ≤ positive_at_or_below → positive; T > negative_above → negative; else between_is
//   ratio_ct  C/T ≤ negative_at_or_below → negative, else positive
//   ratio_tc  T/C ≤ positive_at_or_below → positive; T/C ≥ negative_from (optional) → negative;
//             else (or without negative_from) negative / suspect
struct GoldRule {
  std::string item;
  std::string method;    // line | ratio_ct | ratio_tc
  double invalid_c = 0;  // C ≤ this → invalid, whatever T shows
  std::optional<double> positive_at_or_below;
  std::optional<double> negative_above;
  std::optional<double> negative_at_or_below;
  std::optional<double> negative_from;
  std::string between_is = "suspect";  // line method: suspect | invalid
};

struct RetestPolicy {
  int retests_required = 2;
  int positives_to_confirm = 2;
  bool retest_suspect = true;
};

struct JudgementRules {
  std::vector<EnzymeStandardRule> enzyme;
  std::vector<GoldRule> gold;
  RetestPolicy retest;
  std::vector<std::string> matrix_interference;  // commodities that give enzyme false positives
};

enum class DeadlineUnit { hours, days, working_days };

struct DeadlineRule {
  std::string case_type;  // rapid | lab
  std::string step;
  int amount;
  DeadlineUnit unit;
  std::string from;  // the event the deadline counts from
};

struct Calendar {
  int year;
  std::set<std::chrono::sys_days> holidays;          // days off that would be working days
  std::set<std::chrono::sys_days> working_weekends;  // 调休: weekend days made working days
};

struct Config {
  std::filesystem::path dir;
  Installation installation;
  std::vector<Device> devices;
  Catalogue catalogue;
  JudgementRules judgement;
  std::vector<DeadlineRule> deadlines;
  std::map<int, Calendar> calendars;

  [[nodiscard]] const Device* find_device(const std::string& name) const;
};

// Loads and validates every file of `dir`. The error names the file, the key and what was expected.
Result<Config> load_config(const std::filesystem::path& dir);

// Strict YYYY-MM-DD.
std::optional<Date> parse_date(const std::string& text);

}  // namespace kj::lims::config
