#include "drivers/sessions/device_spec.hpp"

#include <charconv>

namespace kj::drivers {

namespace {

bool parse_int(std::string_view text, int& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

std::optional<ReadRequest> parse_read_request(std::string_view text) {
  if (text == "last") return ReadRequest{ReadRequest::Kind::last, {}};
  if (text == "all") return ReadRequest{ReadRequest::Kind::all, {}};
  constexpr std::string_view prefix = "date:";
  if (!text.starts_with(prefix)) return std::nullopt;
  const std::string_view date = text.substr(prefix.size());
  int y = 0;
  int m = 0;
  int d = 0;
  if (date.size() != 10 || date[4] != '-' || date[7] != '-' || !parse_int(date.substr(0, 4), y) ||
      !parse_int(date.substr(5, 2), m) || !parse_int(date.substr(8, 2), d))
    return std::nullopt;
  const std::chrono::year_month_day day{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                        std::chrono::day(static_cast<unsigned>(d))};
  if (!day.ok()) return std::nullopt;
  return ReadRequest{ReadRequest::Kind::date, day};
}

std::string describe(const Transport& transport) {
  if (const auto* serial = std::get_if<SerialLink>(&transport))
    return "serial " + serial->path + " " + to_string(serial->settings);
  if (const auto* tcp = std::get_if<TcpConnect>(&transport)) return "tcp " + to_string(tcp->peer);
  return "tcp listen " + to_string(std::get<TcpListen>(transport).local);
}

}  // namespace kj::drivers
