#include "visualizer/label_placement.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace firedrill::visualizer {
namespace {

constexpr double kDiagonal = 0.70710678118654752;  // cos 45°

// The spots tried around a node of radius r at c for a w × h text, best first: below (where
// readers look for a name), above, right, left, then the diagonals.
std::vector<Box> spots(Point c, double r, double w, double h, double gap) {
  const double d = r * kDiagonal + gap;
  return {{c.x - w / 2, c.y + r + gap, w, h}, {c.x - w / 2, c.y - r - gap - h, w, h},
          {c.x + r + gap, c.y - h / 2, w, h}, {c.x - r - gap - w, c.y - h / 2, w, h},
          {c.x + d, c.y + d, w, h},           {c.x - d - w, c.y + d, w, h},
          {c.x + d, c.y - d - h, w, h},       {c.x - d - w, c.y - d - h, w, h}};
}

bool inside(const Box& box, const Box& area) {
  return box.left >= area.left && box.top >= area.top && box.right() <= area.right() &&
         box.bottom() <= area.bottom();
}

// A uniform grid over `area` of square cells, each listing the nodes and boxes that touch it;
// what lies outside the area is filed under the border cells.
class Grid {
 public:
  Grid(const Box& area, double cell)
      : area_(area),
        cell_(cell),
        columns_(std::max(1, static_cast<int>(std::ceil(area.width / cell)))),
        rows_(std::max(1, static_cast<int>(std::ceil(area.height / cell)))),
        nodes_(static_cast<std::size_t>(columns_ * rows_)),
        boxes_(nodes_.size()) {}

  void add_node(std::size_t i, Point c, double r) {
    for_cells({c.x - r, c.y - r, 2 * r, 2 * r}, [&](std::size_t k) { nodes_[k].push_back(i); });
  }
  void add_box(const Box& b) {
    for_cells(b, [&](std::size_t k) { boxes_[k].push_back(b); });
  }
  // True iff `b` overlaps a node of `labels`, or comes within `gap` of a filed box.
  bool blocked(const Box& b, const std::vector<LabelRequest>& labels, double gap) const {
    const Box wide{b.left - gap, b.top - gap, b.width + 2 * gap, b.height + 2 * gap};
    bool hit = false;
    for_cells(wide, [&](std::size_t k) {
      for (const std::size_t i : nodes_[k])
        hit = hit || overlaps(b, labels[i].centre, labels[i].radius);
      for (const Box& o : boxes_[k]) hit = hit || overlaps(wide, o);
    });
    return hit;
  }

 private:
  int clamp_column(double x) const {
    return std::clamp(static_cast<int>(std::floor((x - area_.left) / cell_)), 0, columns_ - 1);
  }
  int clamp_row(double y) const {
    return std::clamp(static_cast<int>(std::floor((y - area_.top) / cell_)), 0, rows_ - 1);
  }
  template <typename F>
  void for_cells(const Box& b, F&& f) const {
    for (int y = clamp_row(b.top); y <= clamp_row(b.bottom()); ++y)
      for (int x = clamp_column(b.left); x <= clamp_column(b.right()); ++x)
        f(static_cast<std::size_t>(y * columns_ + x));
  }

  Box area_;
  double cell_;
  int columns_, rows_;
  std::vector<std::vector<std::size_t>> nodes_;
  std::vector<std::vector<Box>> boxes_;
};

// Splits `name` at '-' into its first word, its last word and what lies between (empty when
// the name has fewer than two '-').
struct Words {
  std::string first, middle, last;
};
std::optional<Words> words(const std::string& name) {
  const auto a = name.find('-'), b = name.rfind('-');
  if (a == std::string::npos) return std::nullopt;
  return Words{name.substr(0, a), a < b ? name.substr(a + 1, b - a - 1) : "", name.substr(b + 1)};
}

}  // namespace

bool overlaps(const Box& a, const Box& b) {
  return a.left < b.right() && b.left < a.right() && a.top < b.bottom() && b.top < a.bottom();
}

bool overlaps(const Box& box, Point centre, double radius) {
  const double dx = centre.x - std::clamp(centre.x, box.left, box.right());
  const double dy = centre.y - std::clamp(centre.y, box.top, box.bottom());
  return dx * dx + dy * dy < radius * radius;
}

std::vector<std::optional<LabelPlacement>> place_labels(const std::vector<LabelRequest>& labels,
                                                        const std::vector<Box>& obstacles,
                                                        const Box& area, double gap) {
  double cell = 1.0;
  for (const LabelRequest& l : labels) cell = std::max(cell, 2 * l.height);
  Grid grid(area, cell);
  for (std::size_t i = 0; i < labels.size(); ++i)
    grid.add_node(i, labels[i].centre, labels[i].radius);
  for (const Box& o : obstacles) grid.add_box(o);

  std::vector<std::size_t> order(labels.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return labels[a].priority > labels[b].priority;
  });
  std::vector<std::optional<LabelPlacement>> placed(labels.size());
  for (const std::size_t i : order) {
    const LabelRequest& l = labels[i];
    for (const bool abbreviated : {false, true}) {
      if (abbreviated && l.short_width >= l.full_width) break;
      const double w = abbreviated ? l.short_width : l.full_width;
      for (const Box& spot : spots(l.centre, l.radius, w, l.height, gap))
        if (inside(spot, area) && !grid.blocked(spot, labels, gap)) {
          placed[i] = LabelPlacement{spot, abbreviated};
          break;
        }
      if (placed[i]) break;
    }
    if (placed[i]) grid.add_box(placed[i]->box);
  }
  return placed;
}

std::vector<std::string> short_names(const std::vector<std::string>& names) {
  std::map<std::string, std::size_t> firsts, lasts;
  for (const std::string& n : names)
    if (const auto w = words(n)) {
      ++firsts[w->first];
      ++lasts[w->last];
    }
  const auto common = [&](const std::map<std::string, std::size_t>& counts, const std::string& w) {
    return 2 * counts.at(w) > names.size();
  };
  std::vector<std::string> out;
  for (const std::string& n : names) {
    const auto w = words(n);
    if (!w) {
      out.push_back(n);
      continue;
    }
    const bool drop_first = common(firsts, w->first), drop_last = common(lasts, w->last);
    std::string s = drop_first ? "" : w->first;
    const auto join = [&](const std::string& part) {
      if (part.empty()) return;
      s += (s.empty() ? "" : "-") + part;
    };
    join(w->middle);
    if (!drop_last) join(w->last);
    out.push_back(s.empty() ? n : s);
  }
  return out;
}

}  // namespace firedrill::visualizer
