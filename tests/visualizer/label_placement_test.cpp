// Label placement: names beside their nodes, never over each other or over nodes, on hand-made
// cases and on TrainTicket's 64 services fitted into the map of a 1024×576 window.

#include "visualizer/label_placement.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "sim/scenario/load_scenario.hpp"
#include "visualizer/camera.hpp"

namespace firedrill::visualizer {
namespace {

const Box kArea{0, 0, 800, 600};

LabelRequest label(double x, double y, double width, double priority = 0.0) {
  return {.centre = {x, y},
          .radius = 10,
          .full_width = width,
          .short_width = width,
          .height = 14,
          .priority = priority};
}

// `b` grown by `gap` on every side.
Box grown(const Box& b, double gap) {
  return {b.left - gap, b.top - gap, b.width + 2 * gap, b.height + 2 * gap};
}

// Checks place_labels' guarantees on `placed` (made with `gap`) independently of how it found
// them.
void check_guarantees(const std::vector<LabelRequest>& labels,
                      const std::vector<std::optional<LabelPlacement>>& placed,
                      const std::vector<Box>& obstacles, const Box& area, double gap) {
  REQUIRE(placed.size() == labels.size());
  for (std::size_t i = 0; i < placed.size(); ++i) {
    if (!placed[i]) continue;
    const Box& b = placed[i]->box;
    CHECK(b.left >= area.left);
    CHECK(b.top >= area.top);
    CHECK(b.right() <= area.right());
    CHECK(b.bottom() <= area.bottom());
    CHECK(b.width == (placed[i]->abbreviated ? labels[i].short_width : labels[i].full_width));
    for (std::size_t j = 0; j < labels.size(); ++j) {
      CHECK_FALSE(overlaps(b, labels[j].centre, labels[j].radius));
      if (j != i && placed[j]) CHECK_FALSE(overlaps(grown(b, gap), placed[j]->box));
    }
    for (const Box& o : obstacles) CHECK_FALSE(overlaps(grown(b, gap), o));
  }
}

}  // namespace

TEST_CASE("overlaps: boxes that share interior overlap, boxes that touch do not",
          "[visualizer][labels]") {
  CHECK(overlaps(Box{0, 0, 10, 10}, Box{9, 9, 10, 10}));
  CHECK_FALSE(overlaps(Box{0, 0, 10, 10}, Box{10, 0, 10, 10}));
  CHECK(overlaps(Box{0, 0, 10, 10}, Point{15, 5}, 5.5));
  CHECK_FALSE(overlaps(Box{0, 0, 10, 10}, Point{15, 15}, 7.0));  // corner 7.07 away
  CHECK(overlaps(Box{0, 0, 10, 10}, Point{5, 5}, 1.0));          // inside the box
}

TEST_CASE("place_labels: a lone name goes centred below its node, the gap away",
          "[visualizer][labels]") {
  const auto placed = place_labels({label(400, 300, 60)}, {}, kArea, 3);
  REQUIRE(placed[0]);
  CHECK(placed[0]->box == Box{370, 313, 60, 14});
  CHECK_FALSE(placed[0]->abbreviated);
}

TEST_CASE(
    "place_labels: a name whose spot below is taken goes above, and a more important "
    "neighbour keeps the spot below",
    "[visualizer][labels]") {
  // Two nodes 30 px apart vertically: b's node sits where a's name would go below a.
  const std::vector<LabelRequest> labels{label(400, 300, 60), label(400, 330, 60, 1.0)};
  const auto placed = place_labels(labels, {}, kArea, 3);
  REQUIRE(placed[0]);
  REQUIRE(placed[1]);
  CHECK(placed[1]->box.top == 330 + 10 + 3);       // b first (priority): below b
  CHECK(placed[0]->box.bottom() == 300 - 10 - 3);  // a: above a
  check_guarantees(labels, placed, {}, kArea, 3);
}

TEST_CASE(
    "place_labels: a name too long for every spot is abbreviated, and left out when "
    "even that does not fit",
    "[visualizer][labels]") {
  // A row of nodes 50 px apart with walls above and below: only a short name fits beside one.
  std::vector<LabelRequest> labels;
  for (int k = 0; k < 5; ++k) labels.push_back(label(100 + 50 * k, 300, 200));
  labels[2].short_width = 20;
  const std::vector<Box> walls{{0, 250, 800, 35}, {0, 315, 800, 40}};
  const auto placed = place_labels(labels, walls, kArea, 3);
  check_guarantees(labels, placed, walls, kArea, 3);
  REQUIRE(placed[2]);
  CHECK(placed[2]->abbreviated);
  CHECK_FALSE(placed[1]);
  CHECK_FALSE(placed[3]);
}

TEST_CASE("place_labels: two names that would touch side by side are kept a gap apart",
          "[visualizer][labels]") {
  // Nodes 70 px apart with 60 px names below: 10 px between the names, not the 12 asked for.
  const std::vector<LabelRequest> labels{label(400, 300, 60, 1.0), label(470, 300, 60)};
  const auto placed = place_labels(labels, {}, kArea, 12);
  REQUIRE(placed[0]);
  REQUIRE(placed[1]);
  CHECK(placed[0]->box.top == 300 + 10 + 12);       // below its node
  CHECK(placed[1]->box.bottom() == 300 - 10 - 12);  // so the second goes above
  check_guarantees(labels, placed, {}, kArea, 12);
}

TEST_CASE("place_labels: names stay inside the area: a node at the edge is named inwards",
          "[visualizer][labels]") {
  const auto placed = place_labels({label(790, 590, 80)}, {}, kArea, 3);
  REQUIRE(placed[0]);
  CHECK(placed[0]->box.right() <= 800);
  CHECK(placed[0]->box.bottom() <= 600);
  CHECK(placed[0]->box.right() < 790);  // left of the node (above-left: the only spot inside)
}

TEST_CASE(
    "place_labels: TrainTicket's 64 services fitted into a 1024×576 window's map get "
    "names that never overlap, the important ones first",
    "[visualizer][labels]") {
  const model::Scenario sc =
      scenario::load_scenario(std::string(FIREDRILL_SOURCE_DIR) +
                              "/scenarios/train-ticket/seat-service-canary-bad-deploy.json");
  const Layout layout = layered_layout(sc);
  // The map left of a 348 px panel, below a 60 px clock bar, above a 127 px story.
  const Viewport map{1024 - 348, 576 - 60 - 127};
  Camera camera;
  camera.fit(layout.bounds, map, 40);
  std::vector<std::string> names;
  for (const model::Service& s : sc.services) names.push_back(s.name);
  const std::vector<std::string> shorter = short_names(names);
  // DejaVu Sans' average advance is about 0.6 em at 13 px.
  constexpr double kEm = 13 * 0.6;
  std::vector<LabelRequest> labels;
  for (std::size_t s = 0; s < sc.services.size(); ++s) {
    const Point c = camera.to_screen(layout.nodes[s].centre);
    labels.push_back({.centre = c,
                      .radius = layout.nodes[s].radius * camera.zoom(),
                      .full_width = kEm * static_cast<double>(names[s].size()),
                      .short_width = kEm * static_cast<double>(shorter[s].size()),
                      .height = 15,
                      .priority = s == 3 ? 1.0 : 0.0});  // ts-seat-service: pointed at
  }
  const Box area{0, 0, map.width_px, map.height_px};
  const auto placed = place_labels(labels, {}, area, 2);
  check_guarantees(labels, placed, {}, area, 2);
  REQUIRE(placed[3]);
  std::size_t shown = 0;
  for (const auto& p : placed) shown += p.has_value();
  // Not a fixed count: the names must not vanish wholesale (a third at least is named).
  CHECK(shown * 3 >= labels.size());
}

TEST_CASE("short_names: words most names share are dropped, the rest kept whole",
          "[visualizer][labels]") {
  CHECK(short_names({"ts-travel-plan-service", "ts-order-service", "ts-auth-service",
                     "ts-order-mongo", "smtp.163.com"}) ==
        std::vector<std::string>{"travel-plan", "order", "auth", "order-mongo", "smtp.163.com"});
  // Shared by exactly half: kept.
  CHECK(short_names({"ts-a-service", "ts-b-mongo", "c-service", "d-mongo"}) ==
        std::vector<std::string>{"ts-a-service", "ts-b-mongo", "c-service", "d-mongo"});
  // Nothing shared by more than half: unchanged.
  CHECK(short_names({"frontend", "cart-service", "redis-cart"}) ==
        std::vector<std::string>{"frontend", "cart-service", "redis-cart"});
  // A name that would be left empty keeps its full form.
  CHECK(short_names({"ts-service", "ts-a-service", "ts-b-service"}) ==
        std::vector<std::string>{"ts-service", "a", "b"});
}

}  // namespace firedrill::visualizer
