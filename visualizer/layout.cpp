#include "visualizer/layout.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>
#include <cassert>
#include <cmath>
#include <iterator>
#include <limits>
#include <utility>

#include "sim/model/flow.hpp"
#include "visualizer/colour_scale.hpp"

namespace firedrill::visualizer {
namespace {

struct CallEdge {
  std::size_t call = 0;
};
using CallGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property, CallEdge>;

class BackEdgeRecorder : public boost::default_dfs_visitor {
 public:
  explicit BackEdgeRecorder(std::vector<bool>& backward) : backward_(&backward) {}
  void back_edge(CallGraph::edge_descriptor e, const CallGraph& g) const {
    (*backward_)[g[e].call] = true;
  }

 private:
  std::vector<bool>* backward_;  // a pointer: Boost copies visitors
};

// Returns, per call, whether it is a backward edge: a call into an entry service (entries stay in
// layer 0), or one that the depth-first search from the roots (entries, then services without
// callers, then the rest, in index order) finds closing a cycle.
std::vector<bool> backward_calls(const model::Scenario& scenario) {
  const std::size_t n = scenario.services.size();
  std::vector<bool> entry(n, false), called(n, false);
  std::vector<std::size_t> roots;
  for (const model::Journey& j : scenario.journeys) {
    if (!entry[j.entry_service]) roots.push_back(j.entry_service);
    entry[j.entry_service] = true;
  }
  std::vector<bool> backward(scenario.calls.size(), false);
  CallGraph graph(n);
  for (std::size_t c = 0; c < scenario.calls.size(); ++c) {
    const model::Call& call = scenario.calls[c];
    assert(call.caller != call.callee);
    called[call.callee] = true;
    if (entry[call.callee])
      backward[c] = true;
    else
      boost::add_edge(call.caller, call.callee, CallEdge{c}, graph);
  }
  for (std::size_t s = 0; s < n; ++s)
    if (!entry[s] && !called[s]) roots.push_back(s);
  for (std::size_t s = 0; s < n; ++s) roots.push_back(s);  // cycles no root reaches

  std::vector<boost::default_color_type> colours(n, boost::white_color);
  const auto colour_map =
      boost::make_iterator_property_map(colours.begin(), boost::get(boost::vertex_index, graph));
  const BackEdgeRecorder recorder(backward);
  for (const std::size_t root : roots)
    if (colours[root] == boost::white_color)
      boost::depth_first_visit(graph, root, recorder, colour_map);
  return backward;
}

// Returns each service's layer: 0 for services without forward callers, else one more than its
// deepest forward caller's (longest path over the acyclic forward calls).
std::vector<std::size_t> layers_of(const model::Scenario& scenario,
                                   const std::vector<bool>& backward) {
  const std::size_t n = scenario.services.size();
  CallGraph forward(n);
  for (std::size_t c = 0; c < scenario.calls.size(); ++c)
    if (!backward[c])
      boost::add_edge(scenario.calls[c].caller, scenario.calls[c].callee, CallEdge{c}, forward);
  std::vector<std::size_t> reverse_order;
  boost::topological_sort(forward, std::back_inserter(reverse_order));
  std::vector<std::size_t> layer(n, 0);
  for (auto it = reverse_order.rbegin(); it != reverse_order.rend(); ++it)
    for (const auto e : boost::make_iterator_range(boost::out_edges(*it, forward))) {
      const std::size_t callee = boost::target(e, forward);
      layer[callee] = std::max(layer[callee], layer[*it] + 1);
    }
  return layer;
}

// Returns each service's demand at the journeys' base rates, req/s: the rate times the calls
// per request along each journey's call tree, as the flow model expands it (no retries).
std::vector<double> nominal_demand_rps(const model::Scenario& scenario) {
  const model::FlowModel flow(scenario);
  std::vector<double> demand(scenario.services.size(), 0.0);
  for (std::size_t j = 0; j < scenario.journeys.size(); ++j) {
    const auto& tree = flow.call_tree(j);
    std::vector<double> per_request(tree.size(), 1.0);
    for (std::size_t i = 0; i < tree.size(); ++i) {  // preorder: parents first
      if (tree[i].parent != model::FlowModel::kNoCall)
        per_request[i] = per_request[tree[i].parent] * tree[i].calls_per_parent;
      demand[tree[i].service] += scenario.journeys[j].rate_rps * per_request[i];
    }
  }
  return demand;
}

// The graph the ordering works on: items are the services, then the lanes of forward calls that
// span several layers (Sugiyama's dummy vertices), one per intermediate layer; segments join
// items of adjacent layers.
struct Ordering {
  std::vector<std::size_t> layer_of;             // per item
  std::vector<std::vector<std::size_t>> up;      // per item: the items it joins in the layer left
  std::vector<std::vector<std::size_t>> down;    // ... and in the layer right
  std::vector<std::vector<std::size_t>> layers;  // per layer: its items, top to bottom
  std::vector<std::size_t> rank;                 // per item: its index in its layer
  std::vector<std::vector<std::size_t>> lanes;   // per call: its lanes, left to right

  std::size_t add_item(std::size_t layer) {
    layer_of.push_back(layer);
    up.emplace_back();
    down.emplace_back();
    return layer_of.size() - 1;
  }
  void join(std::size_t left, std::size_t right) {
    down[left].push_back(right);
    up[right].push_back(left);
  }
  void rerank(std::size_t layer) {
    for (std::size_t i = 0; i < layers[layer].size(); ++i) rank[layers[layer][i]] = i;
  }
  // An item's position in its layer as a fraction, so that layers of different sizes compare.
  double position(std::size_t item) const {
    return (static_cast<double>(rank[item]) + 0.5) /
           static_cast<double>(layers[layer_of[item]].size());
  }
};

Ordering build_ordering(const model::Scenario& scenario, const std::vector<bool>& backward,
                        const std::vector<std::size_t>& layer) {
  Ordering o;
  for (std::size_t s = 0; s < scenario.services.size(); ++s) o.add_item(layer[s]);
  o.lanes.resize(scenario.calls.size());
  for (std::size_t c = 0; c < scenario.calls.size(); ++c) {
    if (backward[c]) continue;
    std::size_t left = scenario.calls[c].caller;
    for (std::size_t l = layer[left] + 1; l < layer[scenario.calls[c].callee]; ++l) {
      const std::size_t lane = o.add_item(l);
      o.lanes[c].push_back(lane);
      o.join(left, lane);
      left = lane;
    }
    o.join(left, scenario.calls[c].callee);
  }
  const std::size_t layer_count =
      layer.empty() ? 0 : *std::max_element(layer.begin(), layer.end()) + 1;
  o.layers.resize(layer_count);
  for (std::size_t item = 0; item < o.layer_of.size(); ++item)  // index order
    o.layers[o.layer_of[item]].push_back(item);
  o.rank.resize(o.layer_of.size());
  for (std::size_t l = 0; l < layer_count; ++l) o.rerank(l);
  return o;
}

// Returns the crossings between segments of adjacent layers: per layer pair, the inversions of
// the right ends when segments are sorted by their left ends (counted with a Fenwick tree).
std::size_t crossings(const Ordering& o) {
  std::size_t total = 0;
  for (std::size_t l = 0; l + 1 < o.layers.size(); ++l) {
    std::vector<std::pair<std::size_t, std::size_t>> segments;
    for (const std::size_t left : o.layers[l])
      for (const std::size_t right : o.down[left])
        segments.emplace_back(o.rank[left], o.rank[right]);
    std::sort(segments.begin(), segments.end());
    std::vector<std::size_t> tree(o.layers[l + 1].size() + 1, 0);
    for (std::size_t i = 0; i < segments.size(); ++i) {
      std::size_t not_above = 0;  // earlier segments whose right end is at or above this one's
      for (std::size_t k = segments[i].second + 1; k > 0; k -= k & (~k + 1)) not_above += tree[k];
      total += i - not_above;
      for (std::size_t k = segments[i].second + 1; k < tree.size(); k += k & (~k + 1)) ++tree[k];
    }
  }
  return total;
}

// Sorts `layer` by the mean position of each item's neighbours in the reference layer; an item
// without any keeps its own position. Ties: lower item index first (services by index).
void sort_by_barycenter(Ordering& o, std::size_t layer,
                        const std::vector<std::vector<std::size_t>>& neighbours) {
  std::vector<std::pair<double, std::size_t>> keyed;
  for (const std::size_t item : o.layers[layer]) {
    double key = o.position(item);
    if (!neighbours[item].empty()) {
      key = 0.0;
      for (const std::size_t n : neighbours[item]) key += o.position(n);
      key /= static_cast<double>(neighbours[item].size());
    }
    keyed.emplace_back(key, item);
  }
  std::sort(keyed.begin(), keyed.end());
  for (std::size_t i = 0; i < keyed.size(); ++i) o.layers[layer][i] = keyed[i].second;
  o.rerank(layer);
}

void reduce_crossings(Ordering& o, int sweeps) {
  std::vector<std::vector<std::size_t>> best = o.layers;
  std::size_t best_crossings = crossings(o);
  for (int s = 0; s < sweeps && best_crossings > 0; ++s) {
    for (std::size_t l = 1; l < o.layers.size(); ++l) sort_by_barycenter(o, l, o.up);
    for (std::size_t l = o.layers.size(); l-- > 1;) sort_by_barycenter(o, l - 1, o.down);
    // Barycenter sweeps can oscillate: keep the best order seen (as Graphviz's dot does).
    const std::size_t c = crossings(o);
    if (c < best_crossings) {
      best = o.layers;
      best_crossings = c;
    }
  }
  o.layers = std::move(best);
  for (std::size_t l = 0; l < o.layers.size(); ++l) o.rerank(l);
}

// Sets the y of `layer`'s items as near to `target` (by rank) as their order and spacing allow,
// in least squares: with offset_i the least distance from the top item to item i, the values
// y_i − offset_i must not decrease, which pool-adjacent-violators solves exactly (isotonic
// regression; Barlow et al. 1972).
void place_layer(const std::vector<std::size_t>& layer, const std::vector<double>& half_height,
                 const std::vector<double>& target, std::vector<double>& y) {
  std::vector<double> offset(layer.size(), 0.0);
  for (std::size_t i = 1; i < layer.size(); ++i)
    offset[i] = offset[i - 1] + half_height[layer[i - 1]] + half_height[layer[i]];
  struct Block {
    double sum;
    std::size_t count;
    double mean() const { return sum / static_cast<double>(count); }
  };
  std::vector<Block> blocks;
  for (std::size_t i = 0; i < layer.size(); ++i) {
    blocks.push_back({target[i] - offset[i], 1});
    while (blocks.size() > 1 && blocks[blocks.size() - 2].mean() > blocks.back().mean()) {
      blocks[blocks.size() - 2].sum += blocks.back().sum;
      blocks[blocks.size() - 2].count += blocks.back().count;
      blocks.pop_back();
    }
  }
  std::size_t i = 0;
  for (const Block& block : blocks)
    for (std::size_t k = 0; k < block.count; ++k, ++i) y[layer[i]] = block.mean() + offset[i];
}

// Returns each item's y: every layer packed and centred on 0, then kPlacementPasses sweeps down
// and up moving each layer towards the mean y of its items' neighbours in the layer before (an
// item without any stays), so that edges run straighter than between centred stacks.
std::vector<double> place_vertically(const Ordering& o, const std::vector<double>& half_height) {
  constexpr int kPlacementPasses = 4;  // our own: the picture changes little after that
  std::vector<double> y(o.layer_of.size(), 0.0);
  for (const auto& layer : o.layers)
    place_layer(layer, half_height, std::vector<double>(layer.size(), 0.0), y);
  const auto towards_neighbours = [&](std::size_t l,
                                      const std::vector<std::vector<std::size_t>>& neighbours) {
    std::vector<double> target;
    for (const std::size_t item : o.layers[l]) {
      double sum = 0.0;
      for (const std::size_t nb : neighbours[item]) sum += y[nb];
      target.push_back(
          neighbours[item].empty() ? y[item] : sum / static_cast<double>(neighbours[item].size()));
    }
    place_layer(o.layers[l], half_height, target, y);
  };
  for (int pass = 0; pass < kPlacementPasses; ++pass) {
    for (std::size_t l = 1; l < o.layers.size(); ++l) towards_neighbours(l, o.up);
    for (std::size_t l = o.layers.size(); l-- > 1;) towards_neighbours(l - 1, o.down);
  }
  return y;
}

Point towards(Point from, Point to, double distance) {
  const double dx = to.x - from.x, dy = to.y - from.y;
  const double length = std::hypot(dx, dy);
  return {from.x + dx * distance / length, from.y + dy * distance / length};
}

void include(Bounds& b, Point p, double radius) {
  b.min = {std::min(b.min.x, p.x - radius), std::min(b.min.y, p.y - radius)};
  b.max = {std::max(b.max.x, p.x + radius), std::max(b.max.y, p.y + radius)};
}

}  // namespace

Layout layered_layout(const model::Scenario& scenario, const LayoutOptions& options) {
  const std::size_t n = scenario.services.size();
  const std::vector<bool> backward = backward_calls(scenario);
  Ordering o = build_ordering(scenario, backward, layers_of(scenario, backward));
  reduce_crossings(o, options.sweeps);

  Layout layout;
  layout.layers = o.layers.size();
  layout.nodes.resize(n);
  const std::vector<double> demand = nominal_demand_rps(scenario);
  const double busiest = n == 0 ? 0.0 : *std::max_element(demand.begin(), demand.end());
  for (std::size_t s = 0; s < n; ++s)
    layout.nodes[s].radius = options.base_radius * node_radius_factor(demand[s], busiest);

  // A lane takes a quarter of the node spacing either side, enough to tell parallel edges apart.
  std::vector<double> half_height(o.layer_of.size(), options.node_spacing / 4);
  for (std::size_t s = 0; s < n; ++s)
    half_height[s] = layout.nodes[s].radius + options.node_spacing / 2;
  const std::vector<double> y = place_vertically(o, half_height);
  std::vector<Point> centre(o.layer_of.size());
  double x = 0.0, previous_radius = 0.0;
  for (std::size_t l = 0; l < o.layers.size(); ++l) {
    double largest = 0.0;
    for (const std::size_t item : o.layers[l])
      if (item < n) largest = std::max(largest, layout.nodes[item].radius);
    if (l > 0)
      x += std::max(options.layer_spacing, previous_radius + largest + options.node_spacing);
    previous_radius = largest;
    std::size_t services_above = 0;
    for (const std::size_t item : o.layers[l]) {
      centre[item] = {x, y[item]};
      if (item >= n) continue;
      layout.nodes[item].centre = centre[item];
      layout.nodes[item].layer = l;
      layout.nodes[item].order = services_above++;
    }
  }

  layout.edges.resize(scenario.calls.size());
  for (std::size_t c = 0; c < scenario.calls.size(); ++c) {
    const NodeGeometry& from = layout.nodes[scenario.calls[c].caller];
    const NodeGeometry& to = layout.nodes[scenario.calls[c].callee];
    EdgeGeometry& edge = layout.edges[c];
    edge.backward = backward[c];
    std::vector<Point> bends;
    if (edge.backward) {
      // One control point beside the midpoint, on the left of the direction of travel.
      const double dx = to.centre.x - from.centre.x, dy = to.centre.y - from.centre.y;
      const double length = std::hypot(dx, dy);
      const double offset = std::max(length / 4, options.node_spacing);
      bends.push_back({(from.centre.x + to.centre.x) / 2 + dy / length * offset,
                       (from.centre.y + to.centre.y) / 2 - dx / length * offset});
    } else {
      for (const std::size_t lane : o.lanes[c]) bends.push_back(centre[lane]);
    }
    const Point first = bends.empty() ? to.centre : bends.front();
    const Point last = bends.empty() ? from.centre : bends.back();
    edge.points.push_back(towards(from.centre, first, from.radius));
    edge.points.insert(edge.points.end(), bends.begin(), bends.end());
    edge.points.push_back(towards(to.centre, last, to.radius));
  }

  constexpr double kInf = std::numeric_limits<double>::infinity();
  layout.bounds = {{kInf, kInf}, {-kInf, -kInf}};
  if (n == 0) layout.bounds = {};
  for (const NodeGeometry& node : layout.nodes) include(layout.bounds, node.centre, node.radius);
  for (const EdgeGeometry& edge : layout.edges)
    for (const Point p : edge.points) include(layout.bounds, p, 0.0);
  return layout;
}

}  // namespace firedrill::visualizer
