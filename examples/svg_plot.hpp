// A minimal SVG line chart (no plotting dependency: SVG is text): curves and step
// functions, axes with ticks and labels, a legend. Used by examples/plots.cpp.
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace svg_plot {

struct Series {
  std::string label;
  std::vector<double> x, y;
  std::string color;
  bool dashed = false;
  double width = 2.0;
};

inline std::string escape(const std::string& s) {
  std::string r;
  for (char c : s) {
    switch (c) {
      case '&': r += "&amp;"; break;
      case '<': r += "&lt;"; break;
      case '>': r += "&gt;"; break;
      case '"': r += "&quot;"; break;
      default: r += c;
    }
  }
  return r;
}

inline std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", v);
  return b;
}

// 1, 2 or 5 times a power of ten, giving about `target` intervals over span.
inline double nice_step(double span, int target) {
  const double raw = span / target;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= raw) return m * p;
  }
  return 10 * p;
}

inline std::string tick_label(double v, double step) {
  if (std::fabs(v) < step * 1e-9) v = 0;
  char b[32];
  const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  return b;
}

class Chart {
 public:
  Chart(std::string title, std::string x_label, std::string y_label)
      : title_(std::move(title)), x_label_(std::move(x_label)), y_label_(std::move(y_label)) {}

  void add(Series s) { series_.push_back(std::move(s)); }

  std::string render() const {
    const double W = 720, H = 450, left = 70, right = 200, top = 44, bottom = 56;
    const double pw = W - left - right, ph = H - top - bottom;
    double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
    for (const auto& s : series_) {
      for (std::size_t i = 0; i < s.x.size(); ++i) {
        if (!std::isfinite(s.y[i])) continue;
        x0 = std::min(x0, s.x[i]);
        x1 = std::max(x1, s.x[i]);
        y0 = std::min(y0, s.y[i]);
        y1 = std::max(y1, s.y[i]);
      }
    }
    const double pad = 0.05 * (y1 - y0 > 0 ? y1 - y0 : 1);
    y0 -= pad;
    y1 += pad;
    auto X = [&](double v) { return left + (v - x0) / (x1 - x0) * pw; };
    auto Y = [&](double v) { return top + (y1 - v) / (y1 - y0) * ph; };

    std::ostringstream o;
    o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W << "\" height=\"" << H << "\" viewBox=\"0 0 " << W
      << ' ' << H << "\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"13\">\n"
      << "<title>" << escape(title_) << "</title>\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"" << num(left + pw / 2) << "\" y=\"26\" text-anchor=\"middle\" font-size=\"16\">" << escape(title_)
      << "</text>\n";
    // Grid, ticks and tick labels.
    o << "<g id=\"ticks\" stroke=\"#e3e3e3\" stroke-width=\"1\">\n";
    const double xs = nice_step(x1 - x0, 8), ys = nice_step(y1 - y0, 6);
    std::ostringstream labels;
    for (double v = std::ceil(x0 / xs) * xs; v <= x1 + 1e-9 * xs; v += xs) {
      o << "<line x1=\"" << num(X(v)) << "\" y1=\"" << num(top) << "\" x2=\"" << num(X(v)) << "\" y2=\""
        << num(top + ph) << "\"/>\n";
      labels << "<text x=\"" << num(X(v)) << "\" y=\"" << num(top + ph + 18) << "\" text-anchor=\"middle\">"
             << tick_label(v, xs) << "</text>\n";
    }
    for (double v = std::ceil(y0 / ys) * ys; v <= y1 + 1e-9 * ys; v += ys) {
      o << "<line x1=\"" << num(left) << "\" y1=\"" << num(Y(v)) << "\" x2=\"" << num(left + pw) << "\" y2=\""
        << num(Y(v)) << "\"/>\n";
      labels << "<text x=\"" << num(left - 8) << "\" y=\"" << num(Y(v) + 4) << "\" text-anchor=\"end\">"
             << tick_label(v, ys) << "</text>\n";
    }
    o << "</g>\n<g id=\"tick-labels\">\n" << labels.str() << "</g>\n";
    // Axes through 0 where 0 is in range, and the frame.
    o << "<g id=\"axes\" stroke=\"#444\" stroke-width=\"1\">\n";
    if (x0 < 0 && x1 > 0) {
      o << "<line x1=\"" << num(X(0)) << "\" y1=\"" << num(top) << "\" x2=\"" << num(X(0)) << "\" y2=\""
        << num(top + ph) << "\"/>\n";
    }
    if (y0 < 0 && y1 > 0) {
      o << "<line x1=\"" << num(left) << "\" y1=\"" << num(Y(0)) << "\" x2=\"" << num(left + pw) << "\" y2=\""
        << num(Y(0)) << "\"/>\n";
    }
    o << "<rect x=\"" << num(left) << "\" y=\"" << num(top) << "\" width=\"" << num(pw) << "\" height=\"" << num(ph)
      << "\" fill=\"none\"/>\n</g>\n";
    o << "<text id=\"x-label\" x=\"" << num(left + pw / 2) << "\" y=\"" << num(H - 14)
      << "\" text-anchor=\"middle\">" << escape(x_label_) << "</text>\n"
      << "<text id=\"y-label\" x=\"18\" y=\"" << num(top + ph / 2) << "\" text-anchor=\"middle\" transform=\"rotate(-90 18 "
      << num(top + ph / 2) << ")\">" << escape(y_label_) << "</text>\n";
    // Curves, clipped to the plot area.
    o << "<defs><clipPath id=\"plot-area\"><rect x=\"" << num(left) << "\" y=\"" << num(top) << "\" width=\"" << num(pw)
      << "\" height=\"" << num(ph) << "\"/></clipPath></defs>\n<g id=\"curves\" clip-path=\"url(#plot-area)\" fill=\"none\">\n";
    for (const auto& s : series_) {
      o << "<polyline stroke=\"" << s.color << "\" stroke-width=\"" << s.width << "\""
        << (s.dashed ? " stroke-dasharray=\"6 4\"" : "") << " points=\"";
      for (std::size_t i = 0; i < s.x.size(); ++i) {
        if (!std::isfinite(s.y[i])) continue;
        o << num(X(s.x[i])) << ',' << num(Y(s.y[i])) << ' ';
      }
      o << "\"/>\n";
    }
    o << "</g>\n<g id=\"legend\">\n";
    double ly = top + 8;
    const double lx = left + pw + 16;
    for (const auto& s : series_) {
      o << "<line x1=\"" << num(lx) << "\" y1=\"" << num(ly) << "\" x2=\"" << num(lx + 28) << "\" y2=\"" << num(ly)
        << "\" stroke=\"" << s.color << "\" stroke-width=\"" << s.width << "\""
        << (s.dashed ? " stroke-dasharray=\"6 4\"" : "") << "/>\n"
        << "<text x=\"" << num(lx + 36) << "\" y=\"" << num(ly + 4) << "\">" << escape(s.label) << "</text>\n";
      ly += 22;
    }
    o << "</g>\n</svg>\n";
    return o.str();
  }

  bool write(const std::string& path) const {
    std::ofstream f(path);
    f << render();
    return static_cast<bool>(f);
  }

 private:
  std::string title_, x_label_, y_label_;
  std::vector<Series> series_;
};

}  // namespace svg_plot
