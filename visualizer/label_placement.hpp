#pragma once
// Where the map writes each service's name: beside its node, never over another name or node,
// the most important first; a name that fits nowhere is abbreviated, and one that still fits
// nowhere is left out (the view shows it when the node is pointed at, which comes first).
// Screen pixels throughout; plain functions, no window.

#include <optional>
#include <string>
#include <vector>

#include "visualizer/layout.hpp"

namespace firedrill::visualizer {

// An axis-aligned box, pixels: x right, y down.
struct Box {
  double left = 0.0, top = 0.0, width = 0.0, height = 0.0;
  double right() const { return left + width; }
  double bottom() const { return top + height; }
  friend bool operator==(const Box&, const Box&) = default;
};

// Returns true iff the boxes share interior (touching edges do not count).
bool overlaps(const Box& a, const Box& b);
// Returns true iff `box` and the disc at `centre` of `radius` share interior.
bool overlaps(const Box& box, Point centre, double radius);

// One name to place: the node it names (centre and radius, pixels) and its text's size, in full
// and abbreviated (pixels; the same as the full size when there is no shorter form). Higher
// `priority` is placed first; ties go by index.
struct LabelRequest {
  Point centre;
  double radius = 0.0;
  double full_width = 0.0, short_width = 0.0, height = 0.0;
  double priority = 0.0;
};

// Where a name went: its text's box, and whether it is the abbreviated form.
struct LabelPlacement {
  Box box;
  bool abbreviated = false;
  friend bool operator==(const LabelPlacement&, const LabelPlacement&) = default;
};

// Places `labels` inside `area`, in order of priority: each tries, in full and then abbreviated,
// the spots below its node, above it, right, left and the four diagonals (`gap` pixels from the
// circle), and takes the first whose box lies inside `area`, overlaps no node of `labels` and
// comes no nearer than `gap` to a label placed before it or a box of `obstacles` (badges drawn
// over the map), so that two names never run into one. Returns one placement per label, in the
// input's order; nullopt for a name left out. Guarantees: no two returned boxes are nearer than
// `gap`; no box overlaps any node or comes nearer than `gap` to an obstacle; every box is inside
// `area`.
// Deterministic. Cost O(n × k) for n labels with k nodes and labels near each spot (a uniform
// grid of cells about a label's height).
std::vector<std::optional<LabelPlacement>> place_labels(const std::vector<LabelRequest>& labels,
                                                        const std::vector<Box>& obstacles,
                                                        const Box& area, double gap);

// Returns each name shortened for a crowded map: the first and the last '-'-separated word are
// dropped where more than half of `names` share them (TrainTicket's "ts-" and "-service":
// "ts-travel-plan-service" becomes "travel-plan"); a name that would be left empty, or that has
// no such word, is kept whole.
std::vector<std::string> short_names(const std::vector<std::string>& names);

}  // namespace firedrill::visualizer
