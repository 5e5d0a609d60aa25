#pragma once
// Draws the service map with SFML: calls as edges (width by call rate, colour by failure ratio,
// moving particles for requests), services as nodes (health colour, size by load), faults,
// firing alerts, and every engaged responder as a badge at the service they work on. Names are
// placed so that none overlaps another or a node (label_placement.hpp).

#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/record.hpp"
#include "visualizer/camera.hpp"
#include "visualizer/hit_test.hpp"
#include "visualizer/label_placement.hpp"
#include "visualizer/layout.hpp"

namespace firedrill::visualizer {

// A responder on the map: at `service`, in `state`; `paged` while their page rings; `role` when
// they hold an incident command role (else they are an expert: investigators).
struct MapResponder {
  std::string name;
  model::ResponderState state = model::ResponderState::Available;
  std::size_t service = 0;
  bool paged = false;
  std::optional<model::Role> role;
};

// What the map shows at one moment: plain data, filled by the live view from the run.
// Vectors are indexed like Scenario::services (or ::calls); empty vectors show nothing.
struct MapState {
  const model::Segment* flow = nullptr;  // the open steady state; null: nominal grey
  std::vector<bool> faulty;              // per service: a fault acts on it now
  std::vector<bool> faulty_call;         // per call: a call failure or partition acts on it
  std::vector<bool> alerting;            // per service: a page alert fires on it
  std::vector<MapResponder> responders;  // engaged or paged people
  std::optional<Hit> hovered;
  std::optional<Hit> selected;
};

// Draws a scenario's laid-out map. Holds references: the scenario, layout and font must outlive
// it. `nominal` is the steady state before any fault (the run's first segment): edge widths are
// relative to its busiest call, and a node grows or shrinks (by the square root, within limits
// that keep the layout's spacing) as its load departs from its nominal load, so that a surge
// shows.
class GraphView {
 public:
  GraphView(const model::Scenario& scenario, const Layout& layout, const sf::Font& font,
            const model::Segment& nominal);

  // Draws `state` onto `target` through `camera`; `clock_s` (wall seconds since start) animates
  // the particles and the pulse of alerts and pages, so it moves only while time passes. Names
  // and badges are `ui_scale` times their 1× size (ui_scale.hpp). Returns the boxes of the names
  // it wrote, in the camera's pixels (origin at the map's top left).
  std::vector<Box> draw(sf::RenderTarget& target, const Camera& camera, const MapState& state,
                        double clock_s, double ui_scale) const;

 private:
  // A service's drawn radius, pixels.
  float radius_px(std::size_t service, const model::Segment* flow, float zoom) const;
  // Each service's name's width in full and abbreviated, and the names' height, at `px` pixels
  // (measured once per size).
  struct NameSizes {
    unsigned px = 0;
    std::vector<float> full, shortened;
    float height = 0.0f;
  };
  const NameSizes& name_sizes(unsigned px) const;

  const model::Scenario& scenario_;
  const Layout& layout_;
  const sf::Font& font_;
  std::vector<double> nominal_load_rps_;  // per service
  double reference_call_rps_ = 0.0;      // the busiest call's nominal attempts
  std::vector<std::string> short_names_;  // per service (short_names)
  mutable NameSizes name_sizes_;
};

}  // namespace firedrill::visualizer
