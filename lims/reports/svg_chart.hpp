// A horizontal bar chart as inline SVG: one labelled bar per value, a value axis with ticks,
// and the value written at the end of each bar. Pure and deterministic (the same chart gives
// the same bytes), so reports can be compared and tested; no script, no external font.
//
// Each bar is a <rect class="bar tone-…" data-label="…" data-value="…">, so a test (or a
// reader's tool) finds the bars and their numbers in the DOM.
#pragma once

#include <string>
#include <vector>

namespace kj::lims::reports {

struct Bar {
  std::string label;
  double value = 0;
  // ok (green) | bad (red) | warn (amber) | neutral (blue): what the bar means to the reader.
  std::string tone = "neutral";
};

struct BarChart {
  std::string title;         // shown above the bars; also the SVG's <title>
  std::string value_suffix;  // written after each value, e.g. "%"
  std::vector<Bar> bars;
  double max = 0;    // the axis' end; 0: the largest value, rounded up to a tidy number
  int width = 760;   // pixels
  int decimals = 0;  // of the values written on the bars
};

std::string render_bar_chart(const BarChart& chart);

}  // namespace kj::lims::reports
