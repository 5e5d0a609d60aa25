#include "visualizer/graph_view.hpp"

#include <SFML/Graphics/Text.hpp>
#include <SFML/Graphics/VertexArray.hpp>
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "visualizer/colour_scale.hpp"

namespace firedrill::visualizer {
namespace {

constexpr std::size_t kCircleSegments = 28;
constexpr float kSmallCirclePx = 4.0f;
constexpr float kMinNodeRadiusPx = 3.0f;
// A node's size follows its load within these factors of its laid-out radius: the layout keeps
// node_spacing (30 world units) between circles, room for a node 1.3 times its size.
constexpr double kMinLoadScale = 0.6;
constexpr double kMaxLoadScale = 1.3;
// Labels: DejaVu Sans at this many pixels at zoom 1 and UI scale 1, kept within the limits
// whatever the zoom, times the UI scale; kLabelGapPx (× UI scale) from their node. Where names
// would collide, the most important keep their place (pointed at, then faulty, alerting or with
// responders, then the bigger nodes) and the others are abbreviated or left out.
constexpr float kLabelPx = 13.0f;
constexpr float kMinLabelPx = 12.0f;  // 16 px at 1600×900: legible from the back of a room
constexpr float kMaxLabelPx = 18.0f;
constexpr double kLabelGapPx = 3.0;
// Rings around a node, pixels outside its circle: a fault's (pulsing up to 8) and a firing
// alert's (to 9). Names keep clear of them.
constexpr float kFaultRingPx = 2.0f;
constexpr float kFaultRingWidthPx = 3.0f;  // plus as much again at the pulse's height
constexpr float kAlertRingPx = 7.0f;
constexpr float kAlertRingWidthPx = 2.0f;
// Badges: a responder's radius at zoom 1 and UI scale 1, within limits, times the UI scale; a
// role holder's square is kRoleBadgeScale times as large, for its two letters.
constexpr float kBadgePx = 8.0f;
constexpr float kMinBadgePx = 8.0f;
constexpr float kMaxBadgePx = 13.0f;
constexpr float kRoleBadgeScale = 1.25f;
// Particles: requests moving along each call, kParticleSpeed edge lengths per second, more of
// them on busier calls (a log scale: 1 at 1 req/s, kMaxParticles from 10^4 req/s), but never
// closer than kParticleGapPx on screen, so that a zoomed-out map is not a snowstorm.
constexpr double kParticleSpeed = 0.35;
constexpr int kMaxParticles = 8;
constexpr float kParticleRadiusPx = 2.5f;
constexpr double kParticleGapPx = 40.0;

const sf::Color kBackground{18, 22, 28};
const sf::Color kEdgeColour{120, 130, 145};
const sf::Color kSoftEdgeColour{80, 88, 100};
const sf::Color kLabelColour{225, 230, 236};
const sf::Color kOutlineColour{235, 240, 245};
const sf::Color kNominalNode{95, 105, 118};

sf::Color to_sf(Rgba c) { return {c.r, c.g, c.b, c.a}; }
sf::Vector2f to_sf(Point p) { return {static_cast<float>(p.x), static_cast<float>(p.y)}; }

sf::Color with_alpha(sf::Color c, std::uint8_t a) {
  c.a = a;
  return c;
}

// The unit circle's kCircleSegments + 1 points, computed once (the cosines and sines were most
// of the cost of building a frame's vertices).
const std::array<sf::Vector2f, kCircleSegments + 1>& unit_circle() {
  static const auto points = [] {
    std::array<sf::Vector2f, kCircleSegments + 1> p;
    for (std::size_t i = 0; i <= kCircleSegments; ++i) {
      const double a =
          2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(kCircleSegments);
      p[i] = {static_cast<float>(std::cos(a)), static_cast<float>(std::sin(a))};
    }
    return p;
  }();
  return points;
}

// Every how many of the unit circle's points a circle of radius `r` pixels uses: every other
// one up to kSmallCirclePx, where the 14-gon stays within 0.1 px of the circle
// (r·(1 − cos(π/14)) = 0.1 at r = 4), so that the thousands of particles cost half the triangles.
std::size_t circle_stride(float r) { return r <= kSmallCirclePx ? 2 : 1; }

// Appends a filled circle (a triangle fan as a triangle list).
void add_disc(sf::VertexArray& va, sf::Vector2f c, float r, sf::Color colour) {
  const auto& u = unit_circle();
  const std::size_t stride = circle_stride(r);
  for (std::size_t i = 0; i < kCircleSegments; i += stride) {
    va.append({c, colour});
    va.append({c + u[i] * r, colour});
    va.append({c + u[i + stride] * r, colour});
  }
}

// Appends a ring between radii r and r + width.
void add_ring(sf::VertexArray& va, sf::Vector2f c, float r, float width, sf::Color colour) {
  const auto& u = unit_circle();
  const std::size_t stride = circle_stride(r + width);
  for (std::size_t i = 0; i < kCircleSegments; i += stride) {
    const sf::Vector2f p0 = c + u[i] * r, p1 = c + u[i + stride] * r;
    const sf::Vector2f q0 = c + u[i] * (r + width), q1 = c + u[i + stride] * (r + width);
    for (const sf::Vector2f& p : {p0, q0, q1, p0, q1, p1}) va.append({p, colour});
  }
}

// Appends a filled square of half-side `h` centred at `c`.
void add_square(sf::VertexArray& va, sf::Vector2f c, float h, sf::Color colour) {
  const sf::Vector2f a{c.x - h, c.y - h}, b{c.x + h, c.y - h}, d{c.x + h, c.y + h},
      e{c.x - h, c.y + h};
  for (const sf::Vector2f& p : {a, b, d, a, d, e}) va.append({p, colour});
}

// Appends a straight segment `width` pixels wide.
void add_segment(sf::VertexArray& va, sf::Vector2f a, sf::Vector2f b, float width,
                 sf::Color colour) {
  const sf::Vector2f d = b - a;
  const float len = std::hypot(d.x, d.y);
  if (len <= 0.0f) return;
  const sf::Vector2f n{-d.y / len * width / 2, d.x / len * width / 2};
  for (const sf::Vector2f& p : {a + n, b + n, b - n, a + n, b - n, a - n}) va.append({p, colour});
}

// Appends an arrow head at `tip`, pointing along `from` → `tip`.
void add_arrow(sf::VertexArray& va, sf::Vector2f from, sf::Vector2f tip, float size,
               sf::Color colour) {
  const sf::Vector2f d = tip - from;
  const float len = std::hypot(d.x, d.y);
  if (len <= 0.0f) return;
  const sf::Vector2f u = d / len, n{-u.y, u.x};
  va.append({tip, colour});
  va.append({tip - u * size + n * (size / 2), colour});
  va.append({tip - u * size - n * (size / 2), colour});
}

// The length of the polyline `pts`, pixels.
double length_of(const std::vector<sf::Vector2f>& pts) {
  double total = 0.0;
  for (std::size_t i = 1; i < pts.size(); ++i)
    total += std::hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y);
  return total;
}

// The point a fraction `t` (0–1) along the polyline `pts`, by length.
sf::Vector2f along(const std::vector<sf::Vector2f>& pts, double t) {
  double left = t * length_of(pts);
  for (std::size_t i = 1; i < pts.size(); ++i) {
    const sf::Vector2f d = pts[i] - pts[i - 1];
    const double len = std::hypot(d.x, d.y);
    if (left <= len && len > 0.0) return pts[i - 1] + d * static_cast<float>(left / len);
    left -= len;
  }
  return pts.back();
}

int particle_count(double rps, double length_px) {
  if (rps <= 0.0) return 0;
  const int by_rate = 1 + static_cast<int>(std::floor(std::log10(1.0 + rps) * 2.0));
  const int by_room = static_cast<int>(length_px / kParticleGapPx);
  return std::clamp(std::min(by_rate, by_room), 0, kMaxParticles);
}

// A pulse between 0 and 1, `hz` times a second.
float pulse(double clock_s, double hz) {
  return static_cast<float>(0.5 + 0.5 * std::sin(2 * std::numbers::pi * hz * clock_s));
}

}  // namespace

GraphView::GraphView(const model::Scenario& scenario, const Layout& layout, const sf::Font& font,
                     const model::Segment& nominal)
    : scenario_(scenario), layout_(layout), font_(font) {
  std::vector<std::string> names;
  for (const model::Service& s : scenario.services) names.push_back(s.name);
  short_names_ = short_names(names);
  for (const model::ServiceFlow& f : nominal.services) nominal_load_rps_.push_back(f.load_rps);
  for (const model::CallFlow& c : nominal.calls)
    reference_call_rps_ = std::max(reference_call_rps_, c.attempts_rps);
}

float GraphView::radius_px(std::size_t service, const model::Segment* flow, float zoom) const {
  double factor = 1.0;
  if (flow && service < nominal_load_rps_.size() && nominal_load_rps_[service] > 0.0)
    factor = std::clamp(std::sqrt(flow->services[service].load_rps / nominal_load_rps_[service]),
                        kMinLoadScale, kMaxLoadScale);
  return std::max(kMinNodeRadiusPx,
                  static_cast<float>(layout_.nodes[service].radius * factor) * zoom);
}

const GraphView::NameSizes& GraphView::name_sizes(unsigned px) const {
  if (name_sizes_.px == px) return name_sizes_;
  name_sizes_ = {px, {}, {}, 0.0f};
  sf::Text text("", font_, px);
  const auto width = [&](const std::string& s) {
    text.setString(sf::String::fromUtf8(s.begin(), s.end()));
    return text.getLocalBounds().width;
  };
  for (std::size_t s = 0; s < scenario_.services.size(); ++s) {
    name_sizes_.full.push_back(width(scenario_.services[s].name));
    name_sizes_.shortened.push_back(width(short_names_[s]));
  }
  // Every name in one box height: from the top of the tallest glyphs to below the descenders.
  text.setString("Ajgpqy|");
  name_sizes_.height = text.getLocalBounds().top + text.getLocalBounds().height;
  return name_sizes_;
}

std::vector<Box> GraphView::draw(sf::RenderTarget& target, const Camera& camera,
                                 const MapState& state, double clock_s, double ui_scale) const {
  target.clear(kBackground);
  const auto screen = [&](Point p) { return to_sf(camera.to_screen(p)); };
  const float zoom = static_cast<float>(camera.zoom());
  const model::Segment* flow = state.flow;
  const auto flag = [](const std::vector<bool>& v, std::size_t i) { return i < v.size() && v[i]; };

  // Edges under nodes; particles over edges.
  sf::VertexArray edges(sf::Triangles), particles(sf::Triangles);
  for (std::size_t c = 0; c < layout_.edges.size(); ++c) {
    const model::Call& call = scenario_.calls[c];
    std::vector<sf::Vector2f> pts;
    for (const Point& p : layout_.edges[c].points) pts.push_back(screen(p));
    const model::CallFlow* cf = flow ? &flow->calls[c] : nullptr;
    const double rps = cf ? cf->attempts_rps : 0.0;
    float width = static_cast<float>(edge_width_px(rps, reference_call_rps_));
    sf::Color colour = call.hard ? kEdgeColour : kSoftEdgeColour;
    if (cf && cf->failure_ratio > 0.0)
      colour = to_sf(lerp({colour.r, colour.g, colour.b, 255}, kRedColour,
                          std::min(1.0, cf->failure_ratio / kRedErrorRatio)));
    if (cf && cf->breaker_open) colour = to_sf(kBreakerOpenColour);
    if (flag(state.faulty_call, c)) {
      colour = to_sf(kFaultColour);
      width = std::max(width, 4.0f);
    }
    const bool pointed = (state.hovered && *state.hovered == Hit{Hit::Kind::Call, c}) ||
                         (state.selected && *state.selected == Hit{Hit::Kind::Call, c});
    if (pointed) {
      for (std::size_t i = 1; i < pts.size(); ++i)
        add_segment(edges, pts[i - 1], pts[i], width + 6.0f, with_alpha(kOutlineColour, 110));
    }
    for (std::size_t i = 1; i < pts.size(); ++i)
      add_segment(edges, pts[i - 1], pts[i], width, colour);
    add_arrow(edges, pts[pts.size() - 2], pts.back(), 6.0f + width, colour);

    // Requests travelling the call; a share failure_ratio of them, spread evenly, fail (red).
    const int n = cf && !cf->breaker_open ? particle_count(rps, length_of(pts)) : 0;
    for (int i = 0; i < n; ++i) {
      const double offset = static_cast<double>(i) / n;
      const double t = std::fmod(clock_s * kParticleSpeed + offset, 1.0);
      const bool failed = std::fmod((i + 0.5) * std::numbers::phi, 1.0) < cf->failure_ratio;
      add_disc(particles, along(pts, t), kParticleRadiusPx,
               failed ? to_sf(kRedColour) : sf::Color(235, 240, 245, 200));
    }
  }
  target.draw(edges);
  target.draw(particles);

  // Nodes, with rings for faults, alerts and the pointer.
  sf::VertexArray discs(sf::Triangles), rings(sf::Triangles);
  for (std::size_t s = 0; s < layout_.nodes.size(); ++s) {
    const NodeGeometry& node = layout_.nodes[s];
    const sf::Vector2f c = screen(node.centre);
    const model::ServiceFlow* sf_flow = flow ? &flow->services[s] : nullptr;
    const float r = radius_px(s, flow, zoom);
    add_disc(discs, c, r, sf_flow ? to_sf(health_colour(*sf_flow)) : kNominalNode);
    if (flag(state.faulty, s))
      add_ring(rings, c, r + kFaultRingPx, kFaultRingWidthPx * (1.0f + pulse(clock_s, 1.0)),
               to_sf(kFaultColour));
    if (flag(state.alerting, s))
      add_ring(rings, c, r + kAlertRingPx, kAlertRingWidthPx,
               with_alpha(to_sf(kAlarmColour),
                          static_cast<std::uint8_t>(120 + 135 * pulse(clock_s, 2.0))));
    const bool hovered = state.hovered && *state.hovered == Hit{Hit::Kind::Service, s};
    const bool selected = state.selected && *state.selected == Hit{Hit::Kind::Service, s};
    if (hovered || selected) add_ring(rings, c, r, selected ? 3.0f : 2.0f, kOutlineColour);
  }
  target.draw(discs);
  target.draw(rings);

  // Responders: a badge per person, in a row above their service's node: a circle with their
  // initial for an expert, a square with the role's letters for a role holder.
  const auto scale = static_cast<float>(ui_scale);
  sf::VertexArray badges(sf::Triangles);
  std::vector<int> at_service(layout_.nodes.size(), 0);
  std::vector<std::pair<sf::Vector2f, const MapResponder*>> badge_labels;
  std::vector<Box> badge_boxes;
  const float badge_r = std::clamp(kBadgePx * zoom, kMinBadgePx, kMaxBadgePx) * scale;
  for (const MapResponder& who : state.responders) {
    if (who.service >= layout_.nodes.size()) continue;
    const NodeGeometry& node = layout_.nodes[who.service];
    const float r = radius_px(who.service, flow, zoom);
    const int k = at_service[who.service]++;
    const sf::Vector2f c =
        screen(node.centre) +
        sf::Vector2f{r + badge_r + static_cast<float>(k) * (2.8f * badge_r), -r - badge_r};
    if (who.paged)
      add_ring(badges, c, badge_r + 1.0f, 2.0f + 3.0f * pulse(clock_s, 3.0), to_sf(kAlarmColour));
    const sf::Color fill = to_sf(responder_colour(who.state));
    const float half = who.role ? kRoleBadgeScale * badge_r : badge_r;
    if (who.role) {
      add_square(badges, c, half + 1.0f, sf::Color(20, 20, 20));
      add_square(badges, c, half, fill);
    } else {
      add_disc(badges, c, badge_r, fill);
      add_ring(badges, c, badge_r, 1.0f, sf::Color(20, 20, 20));
    }
    badge_labels.emplace_back(c, &who);
    badge_boxes.push_back({c.x - half - 1.0, c.y - half - 1.0, 2.0 * half + 2.0, 2.0 * half + 2.0});
  }

  // Names, placed where they overlap no other name, node or badge; then the badges over them.
  const unsigned label_px = static_cast<unsigned>(
      std::lround(std::clamp(kLabelPx * std::sqrt(zoom), kMinLabelPx, kMaxLabelPx) * scale));
  const NameSizes& sizes = name_sizes(label_px);
  const Viewport viewport = camera.viewport();
  const Box area{0.0, 0.0, viewport.width_px, viewport.height_px};
  std::vector<LabelRequest> requests;
  std::vector<std::size_t> requested;  // the service of each request: those on screen
  for (std::size_t s = 0; s < layout_.nodes.size(); ++s) {
    const float r = radius_px(s, flow, zoom);
    const sf::Vector2f c = screen(layout_.nodes[s].centre);
    if (c.x + r < 0 || c.y + r < 0 || c.x - r > area.width || c.y - r > area.height) continue;
    const bool pointed = (state.hovered && *state.hovered == Hit{Hit::Kind::Service, s}) ||
                         (state.selected && *state.selected == Hit{Hit::Kind::Service, s});
    const bool matters = flag(state.faulty, s) || flag(state.alerting, s) || at_service[s] > 0;
    const double tier = pointed ? 2.0 : matters ? 1.0 : 0.0;
    const float rings = flag(state.alerting, s) ? kAlertRingPx + kAlertRingWidthPx
                        : flag(state.faulty, s) ? kFaultRingPx + 2 * kFaultRingWidthPx
                                                : 0.0f;
    requests.push_back({.centre = {c.x, c.y},
                        .radius = r + rings,
                        .full_width = sizes.full[s],
                        .short_width = sizes.shortened[s],
                        .height = sizes.height,
                        .priority = tier * 1e6 + r});
    requested.push_back(s);
  }
  const auto placed = place_labels(requests, badge_boxes, area, kLabelGapPx * ui_scale);
  sf::Text text("", font_, label_px);
  text.setOutlineColor(kBackground);  // a halo keeps names legible over edges
  text.setOutlineThickness(2.0f);
  std::vector<Box> written;
  for (std::size_t i = 0; i < placed.size(); ++i) {
    if (!placed[i]) continue;
    written.push_back(placed[i]->box);
    const std::size_t s = requested[i];
    const std::string& name = placed[i]->abbreviated ? short_names_[s] : scenario_.services[s].name;
    text.setString(sf::String::fromUtf8(name.begin(), name.end()));
    const sf::FloatRect b = text.getLocalBounds();
    text.setPosition(std::round(static_cast<float>(placed[i]->box.left) - b.left),
                     std::round(static_cast<float>(placed[i]->box.top)));
    text.setFillColor(flag(state.faulty, s) ? to_sf(kFaultColour) : kLabelColour);
    target.draw(text);
  }
  target.draw(badges);
  // Each badge's letters: a role's, or the first character of the name (not byte: names are
  // UTF-8).
  sf::Text letters("", font_);
  letters.setStyle(sf::Text::Bold);
  for (const auto& [c, who] : badge_labels) {
    if (who->role) {
      constexpr std::array<const char*, model::kRoleCount> kLetters{"IC", "CL", "SC"};
      letters.setCharacterSize(static_cast<unsigned>(badge_r * 1.1f));
      letters.setString(kLetters[static_cast<std::size_t>(*who->role)]);
    } else {
      letters.setCharacterSize(static_cast<unsigned>(badge_r * 1.2f));
      letters.setString(sf::String::fromUtf8(who->name.begin(), who->name.end()).substring(0, 1));
    }
    // Dark letters on light fills, light on the dark ones (asleep, working).
    const Rgba fill = responder_colour(who->state);
    letters.setFillColor(0.299 * fill.r + 0.587 * fill.g + 0.114 * fill.b > 140
                             ? sf::Color(15, 15, 15)
                             : sf::Color(245, 245, 245));
    const sf::FloatRect b = letters.getLocalBounds();
    letters.setPosition(std::round(c.x - b.width / 2 - b.left),
                        std::round(c.y - b.height / 2 - b.top));
    target.draw(letters);
  }
  return written;
}

}  // namespace firedrill::visualizer
