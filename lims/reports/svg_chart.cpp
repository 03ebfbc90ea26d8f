#include "lims/reports/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "lims/reports/html_writer.hpp"

namespace kj::lims::reports {
namespace {

constexpr int kLabelWidth = 220;
constexpr int kValueWidth = 80;
constexpr int kRow = 34;
constexpr int kBarHeight = 22;
constexpr int kTop = 40;
constexpr int kAxis = 28;

// 1, 2, 5 × 10^n at or above `value`.
double tidy_max(double value) {
  if (value <= 0) return 1;
  const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
  for (const double step : {1.0, 2.0, 5.0, 10.0}) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

std::string number(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string px(double value) {
  return number(value, 1);
}
std::string px(int value) {
  return std::to_string(value);
}

std::string fill_of(const std::string& tone) {
  if (tone == "ok") return "#1b7f3b";
  if (tone == "bad") return "#c62828";
  if (tone == "warn") return "#b26a00";
  return "#1f5fa8";
}

}  // namespace

std::string render_bar_chart(const BarChart& chart) {
  const int rows = static_cast<int>(chart.bars.size());
  const int axis_y = kTop + std::max(rows, 1) * kRow;
  const int height = axis_y + kAxis;
  const int plot = std::max(chart.width - kLabelWidth - kValueWidth, 100);
  double max = chart.max;
  if (max <= 0) {
    for (const auto& bar : chart.bars) max = std::max(max, bar.value);
    max = tidy_max(max);
  }
  const std::string w = px(chart.width), h = px(height);
  std::string out = "<svg class=\"kj-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h +
                    "\" viewBox=\"0 0 " + w + " " + h + "\" role=\"img\" font-family=\"sans-serif\">";
  out += "<title>" + escape_html(chart.title) + "</title>";
  out += "<text class=\"chart-title\" x=\"0\" y=\"22\" font-size=\"18\" font-weight=\"bold\" fill=\"#111\">" +
         escape_html(chart.title) + "</text>";
  // The value axis: a line along the labels, one under the bars, ticks at 0, ½ and the whole.
  out += "<g class=\"axis\" stroke=\"#444\" font-size=\"13\" fill=\"#444\">";
  out += "<line x1=\"" + px(kLabelWidth) + "\" y1=\"" + px(kTop - 6) + "\" x2=\"" + px(kLabelWidth) + "\" y2=\"" +
         px(axis_y) + "\"/>";
  out += "<line x1=\"" + px(kLabelWidth) + "\" y1=\"" + px(axis_y) + "\" x2=\"" + px(kLabelWidth + plot) + "\" y2=\"" +
         px(axis_y) + "\"/>";
  for (const double fraction : {0.0, 0.5, 1.0}) {
    const double x = kLabelWidth + fraction * plot;
    const double tick = max * fraction;
    if (chart.decimals == 0 && tick != std::floor(tick)) continue;  // counts: no "0.5" tick
    out += "<line class=\"tick\" x1=\"" + px(x) + "\" y1=\"" + px(axis_y) + "\" x2=\"" + px(x) + "\" y2=\"" +
           px(axis_y + 5) + "\"/>";
    out += "<text x=\"" + px(x) + "\" y=\"" + px(axis_y + 20) + "\" text-anchor=\"middle\" stroke=\"none\">" +
           number(tick, tick == std::floor(tick) ? 0 : 1) + "</text>";
  }
  out += "</g>";
  if (rows == 0) {
    out += "<text class=\"empty\" x=\"" + px(kLabelWidth + 10) + "\" y=\"" + px(kTop + kRow / 2 + 5) +
           "\" font-size=\"15\" fill=\"#666\">—</text>";
  }
  for (int i = 0; i < rows; ++i) {
    const auto& bar = chart.bars[static_cast<std::size_t>(i)];
    const int y = kTop + i * kRow + (kRow - kBarHeight) / 2;
    const double length = max > 0 ? std::clamp(bar.value / max, 0.0, 1.0) * plot : 0;
    const std::string value = number(bar.value, chart.decimals);
    out += "<text class=\"label\" x=\"" + px(kLabelWidth - 8) + "\" y=\"" + px(y + kBarHeight - 5) +
           "\" text-anchor=\"end\" font-size=\"16\" fill=\"#111\">" + escape_html(bar.label) + "</text>";
    out += "<rect class=\"bar tone-" + escape_html(bar.tone) + "\" data-label=\"" + escape_html(bar.label) +
           "\" data-value=\"" + value + "\" x=\"" + px(kLabelWidth) + "\" y=\"" + px(y) + "\" width=\"" + px(length) +
           "\" height=\"" + px(kBarHeight) + "\" fill=\"" + fill_of(bar.tone) + "\"/>";
    out += "<text class=\"value\" x=\"" + px(kLabelWidth + length + 6) + "\" y=\"" + px(y + kBarHeight - 5) +
           "\" font-size=\"15\" fill=\"#111\">" + escape_html(value + chart.value_suffix) + "</text>";
  }
  out += "</svg>";
  return out;
}

}  // namespace kj::lims::reports
