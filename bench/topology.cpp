#include "bench/topology.hpp"

#include <algorithm>
#include <array>
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/check.hpp"
#include "sim/engine/random_streams.hpp"
#include "sim/model/flow.hpp"
#include "sim/model/queueing.hpp"

namespace firedrill::bench {
namespace {

using engine::SimTime;
using Rng = engine::RandomStreams::Engine;
using std::chrono::minutes;

// The published shape (Luo et al., "Characterizing Microservice Dependency and Performance:
// Alibaba Trace Analysis", SoCC 2021) is qualitative here: tree-like call graphs, mostly shallow,
// heavy-tailed fan-out and size, a few hot services shared by many call graphs, stateful
// services (databases, caches) as leaves. Only the entry share is a published number; every
// other constant below is our own choice (docs/performance.md, "The generated topology").

// Entry services are 13% of the microservices in Alibaba's 2022 trace (Winchester et al.,
// "Complexity at Scale: A Quantitative Analysis of an Alibaba Microservice Deployment", 2025,
// Table 1); one journey per entry.
constexpr double kEntryShare = 0.13;
constexpr double kStoreShare = 0.01;          // stateful hubs
constexpr double kDepthDecay = 0.6;           // P(depth = d) ∝ 0.6^(d − min_depth)
constexpr double kInternalProbability = 0.5;  // a child above the tree's depth calls further
constexpr std::array<double, 3> kStoreCallWeights{0.6, 0.3, 0.1};  // 0, 1, 2 stores per node
constexpr double kStoreZipfExponent = 1.0;  // popularity of the stores by rank
constexpr double kSoftCallProbability = 0.15;
constexpr std::array<double, 4> kCallsPerRequestWeights{0.75, 0.17, 0.06, 0.02};  // 1, 2, 3, 4
constexpr double kRetryProbability = 0.2;  // a call retries (once or twice)
constexpr double kRetryBudget = 0.2;       // half of those under a budget (gRPC-style)
constexpr double kRetryBackoffMs = 25.0;
constexpr std::array<double, 3> kBaseTimeoutsMs{500.0, 1000.0, 2000.0};
constexpr double kTimeoutMargin = 20.0;  // × the callee subtree's mean response time
constexpr double kJourneyRateMedianRps = 100.0;
constexpr double kJourneyRateSigma = 1.0;
constexpr double kMinJourneyRateRps = 20.0;
constexpr double kMaxJourneyRateRps = 5000.0;
constexpr double kServiceCapacityMedianRps = 300.0;  // per replica
constexpr double kStoreCapacityMedianRps = 3000.0;
constexpr double kCapacitySigma = 0.5;
constexpr double kExtraLatencyMedianMs = 2.0;  // base latency beyond one service time
constexpr double kExtraLatencySigma = 0.6;
constexpr double kMinUtilisation = 0.3;
constexpr double kMaxUtilisation = 0.7;
constexpr int kMinReplicas = 2;
constexpr double kLoadSheddingProbability = 0.3;  // stores always shed
constexpr double kProfileStep = 0.125;
constexpr std::size_t kPeoplePerTeam = 4;
constexpr std::int64_t kMonday10Utc = 1795428000;  // 2026-11-23T10:00:00Z
constexpr std::array<const char*, 4> kTimeZones{"UTC", "Europe/Berlin", "America/New_York",
                                                "Asia/Shanghai"};

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

// One node of a journey's call tree while it is generated.
struct Slot {
  int level = 1;
  std::size_t parent = kNone;  // index into the tree's slots
  bool internal = false;       // makes calls of its own (below the tree's depth)
  bool spine = false;          // on the path that reaches the tree's depth
  bool store = false;          // a call to a stateful hub (a leaf)
  std::size_t service = kNone;
};

struct Tree {
  int depth = 2;
  std::vector<Slot> slots;  // the root first, then in creation order
};

// Draws from weights (index 0 = weights[0]) with Boost's discrete distribution.
template <typename Weights>
std::size_t draw_index(Rng& rng, const Weights& weights) {
  boost::random::discrete_distribution<std::size_t, double> dist(weights.begin(), weights.end());
  return dist(rng);
}

std::vector<double> zipf_weights(std::size_t n, double exponent) {
  std::vector<double> w(n);
  for (std::size_t k = 0; k < n; ++k) w[k] = std::pow(static_cast<double>(k + 1), -exponent);
  return w;
}

std::size_t uniform_index(Rng& rng, std::size_t n) {
  return boost::random::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
}

// Fisher–Yates with Boost's uniform draws (std::shuffle's algorithm is not portable).
template <typename T>
void shuffle(std::vector<T>& v, Rng& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[uniform_index(rng, i)]);
}

double lognormal(Rng& rng, double median, double sigma) {
  return boost::random::lognormal_distribution<double>(std::log(median), sigma)(rng);
}

// Grows one journey's tree level by level (breadth first) to `depth` levels, with Zipf fan-out
// and at most `cap` nodes per level. The first child of each spine node is a spine node, so the
// tree reaches its depth.
Tree grow_tree(int depth, std::size_t cap, const std::vector<double>& fanout_weights, Rng& rng) {
  Tree tree;
  tree.depth = depth;
  tree.slots.push_back({1, kNone, true, true, false, kNone});
  std::vector<std::size_t> per_level(static_cast<std::size_t>(depth) + 1, 0);
  boost::random::bernoulli_distribution<double> calls_on(kInternalProbability);
  for (std::size_t i = 0; i < tree.slots.size(); ++i) {
    const Slot node = tree.slots[i];
    if (!node.internal) continue;
    const int level = node.level + 1;
    std::size_t& used = per_level[static_cast<std::size_t>(level)];
    const std::size_t drawn = draw_index(rng, fanout_weights) + 1;
    const std::size_t children = std::min(drawn, cap - used);
    for (std::size_t c = 0; c < children; ++c) {
      const bool spine = node.spine && c == 0;
      const bool internal = level < depth && (spine || calls_on(rng));
      tree.slots.push_back({level, i, internal, spine, false, kNone});
      ++used;
    }
  }
  return tree;
}

// Returns the tree's slots in depth-first preorder (children in creation order).
std::vector<std::size_t> preorder(const Tree& tree) {
  std::vector<std::vector<std::size_t>> children(tree.slots.size());
  for (std::size_t i = 1; i < tree.slots.size(); ++i) children[tree.slots[i].parent].push_back(i);
  std::vector<std::size_t> order, stack{0};
  while (!stack.empty()) {
    const std::size_t i = stack.back();
    stack.pop_back();
    order.push_back(i);
    for (auto it = children[i].rbegin(); it != children[i].rend(); ++it) stack.push_back(*it);
  }
  return order;
}

std::size_t auto_teams(std::size_t services) {
  return std::clamp<std::size_t>(services / 200, 1, 8);
}

}  // namespace

model::Scenario generate_topology(const TopologyOptions& o) {
  FIREDRILL_CHECK(o.services >= 20, "generate_topology: need at least 20 services");
  FIREDRILL_CHECK(o.min_depth >= 2 && o.min_depth <= o.max_depth,
                  "generate_topology: need 2 <= min_depth <= max_depth");
  FIREDRILL_CHECK(o.max_fanout >= 1 && o.fanout_exponent > 0,
                  "generate_topology: need max_fanout >= 1 and fanout_exponent > 0");
  FIREDRILL_CHECK(o.duration > SimTime{0} && o.scrape_interval > SimTime{0},
                  "generate_topology: duration and scrape interval must be > 0");
  FIREDRILL_CHECK(o.profile_steps >= 0, "generate_topology: profile_steps must be >= 0");

  const std::size_t n = o.services;
  const std::size_t journeys =
      o.journeys > 0 ? o.journeys
                     : std::max<std::size_t>(
                           2, static_cast<std::size_t>(std::lround(kEntryShare * double(n))));
  const std::size_t stores =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(kStoreShare * double(n))));
  FIREDRILL_CHECK(journeys >= 2 && journeys + stores + 10 <= n,
                  "generate_topology: need 2 <= journeys <= services - stores - 10");
  const std::size_t mids = n - journeys - stores;  // services below the entries
  const std::size_t teams = o.teams > 0 ? o.teams : auto_teams(n);
  const std::size_t levels = static_cast<std::size_t>(o.max_depth) + 1;  // index by level
  // No journey may hold more nodes of one level than there are services for all levels.
  const std::size_t cap =
      std::max<std::size_t>(1, mids / static_cast<std::size_t>(o.max_depth - 1));

  engine::RandomStreams streams(o.seed);
  Rng& shape_rng = streams.get("topology/shape");
  Rng& assign_rng = streams.get("topology/assign");
  Rng& call_rng = streams.get("topology/calls");
  Rng& capacity_rng = streams.get("topology/capacity");
  Rng& traffic_rng = streams.get("topology/traffic");

  // ---- Tree shapes ---------------------------------------------------------------------------
  std::vector<double> depth_weights;
  for (int d = o.min_depth; d <= o.max_depth; ++d)
    depth_weights.push_back(std::pow(kDepthDecay, d - o.min_depth));
  const std::vector<double> fanout_weights =
      zipf_weights(static_cast<std::size_t>(o.max_fanout), o.fanout_exponent);
  std::vector<Tree> trees;
  for (std::size_t j = 0; j < journeys; ++j) {
    const int depth = o.min_depth + static_cast<int>(draw_index(shape_rng, depth_weights));
    trees.push_back(grow_tree(depth, cap, fanout_weights, shape_rng));
  }
  // Slots below the entries, per level and per (journey, level).
  const auto count_slots = [&](std::vector<std::size_t>& per_level,
                               std::vector<std::size_t>& max_per_journey) {
    per_level.assign(levels, 0);
    max_per_journey.assign(levels, 0);
    for (const Tree& t : trees) {
      std::vector<std::size_t> here(levels, 0);
      for (std::size_t i = 1; i < t.slots.size(); ++i)
        ++here[static_cast<std::size_t>(t.slots[i].level)];
      for (std::size_t l = 0; l < levels; ++l) {
        per_level[l] += here[l];
        max_per_journey[l] = std::max(max_per_journey[l], here[l]);
      }
    }
  };
  std::vector<std::size_t> slots_at, max_at;
  count_slots(slots_at, max_at);
  // Too few slots for every service to be used (few journeys for many services): add leaves
  // at random nodes until there are enough, within each tree's depth while that can be done,
  // then deepening trees up to max_depth.
  std::size_t total_slots = 0;
  for (const std::size_t s : slots_at) total_slots += s;
  for (std::size_t attempts = 0; total_slots < mids; ++attempts) {
    FIREDRILL_CHECK(attempts < 200 * mids, "generate_topology: too few journeys for the services");
    Tree& t = trees[uniform_index(shape_rng, trees.size())];
    const std::size_t i = uniform_index(shape_rng, t.slots.size());
    const int level = t.slots[i].level + 1;
    if (level > (attempts < 100 * mids ? t.depth : o.max_depth)) continue;
    std::size_t here = 0;
    for (const Slot& s : t.slots) here += s.level == level ? 1 : 0;
    if (here >= cap) continue;
    t.slots[i].internal = true;
    t.slots.push_back({level, i, false, false, false, kNone});
    t.depth = std::max(t.depth, level);
    ++total_slots;
  }
  count_slots(slots_at, max_at);

  // Services per level: in proportion to the slots, but at least the most one journey needs and
  // at most the slots there are, summing to `mids`.
  std::vector<std::size_t> services_at(levels, 0);
  std::size_t sum = 0;
  for (std::size_t l = 2; l < levels; ++l) {
    const double share = double(mids) * double(slots_at[l]) / double(total_slots);
    services_at[l] =
        std::clamp(static_cast<std::size_t>(std::lround(share)), max_at[l], slots_at[l]);
    sum += services_at[l];
  }
  while (sum != mids) {
    std::size_t best = 0;
    std::size_t best_room = 0;
    for (std::size_t l = 2; l < levels; ++l) {
      const std::size_t room =
          sum > mids ? services_at[l] - max_at[l] : slots_at[l] - services_at[l];
      if (room > best_room) best = l, best_room = room;
    }
    FIREDRILL_CHECK(best_room > 0, "generate_topology: cannot place every service");
    if (sum > mids)
      --services_at[best], --sum;
    else
      ++services_at[best], ++sum;
  }

  // ---- Services on the slots -----------------------------------------------------------------
  model::Scenario s;
  s.services.resize(n);
  for (std::size_t j = 0; j < journeys; ++j) {
    s.services[j].name = "entry-" + std::to_string(j);
    s.services[j].team = j % teams;
    trees[j].slots[0].service = j;
  }
  std::size_t next_service = journeys;
  std::set<std::pair<std::size_t, std::size_t>> in_journey;  // (journey, service)
  for (std::size_t l = 2; l < levels; ++l) {
    std::vector<std::pair<std::size_t, std::size_t>> slots;  // (journey, slot)
    for (std::size_t j = 0; j < journeys; ++j)
      for (std::size_t i = 1; i < trees[j].slots.size(); ++i)
        if (static_cast<std::size_t>(trees[j].slots[i].level) == l) slots.emplace_back(j, i);
    shuffle(slots, assign_rng);
    std::vector<std::size_t> urn;  // one entry per use: a uniform draw is ∝ uses
    std::vector<std::size_t> uses(n, 0);
    const std::size_t first = next_service;
    for (std::size_t k = 0; k < slots.size(); ++k) {
      const auto [j, i] = slots[k];
      std::size_t service = kNone;
      if (k < services_at[l]) {
        service = next_service++;
        s.services[service].name = "svc-" + std::to_string(service);
        s.services[service].team = j % teams;
      } else {
        for (int tries = 0; tries < 64 && service == kNone; ++tries) {
          const std::size_t pick = urn[uniform_index(assign_rng, urn.size())];
          if (!in_journey.count({j, pick})) service = pick;
        }
        if (service == kNone) {  // this journey holds the popular ones: take the most used other
          for (std::size_t c = first; c < next_service; ++c)
            if (!in_journey.count({j, c}) && (service == kNone || uses[c] > uses[service]))
              service = c;
        }
      }
      trees[j].slots[i].service = service;
      in_journey.insert({j, service});
      urn.push_back(service);
      ++uses[service];
    }
  }
  FIREDRILL_CHECK(next_service == journeys + mids, "generate_topology: services left unplaced");
  const std::size_t first_store = next_service;
  for (std::size_t h = 0; h < stores; ++h) {
    const std::size_t service = first_store + h;
    s.services[service].name = "store-" + std::to_string(h);
    s.services[service].team = teams - 1;
    s.services[service].load_shedding = true;
  }

  // Calls to stores: from any node above its tree's depth, Zipf popularity by store rank; every
  // store is called at least once.
  const std::vector<double> store_weights = zipf_weights(stores, kStoreZipfExponent);
  std::vector<bool> store_used(stores, false);
  const auto calls_store = [](const Tree& t, std::size_t parent, std::size_t service) {
    for (const Slot& x : t.slots)
      if (x.store && x.parent == parent && x.service == service) return true;
    return false;
  };
  for (Tree& t : trees) {
    const std::size_t callers = t.slots.size();
    for (std::size_t i = 0; i < callers; ++i) {
      if (t.slots[i].level >= t.depth) continue;
      const std::size_t k = std::min(draw_index(assign_rng, kStoreCallWeights), stores);
      for (std::size_t m = 0; m < k; ++m) {
        std::size_t h = draw_index(assign_rng, store_weights);
        while (calls_store(t, i, first_store + h)) h = (h + 1) % stores;
        t.slots.push_back({t.slots[i].level + 1, i, false, false, true, first_store + h});
        store_used[h] = true;
      }
    }
  }
  for (std::size_t h = 0; h < stores; ++h) {
    if (store_used[h]) continue;
    Tree& t = trees[uniform_index(assign_rng, trees.size())];
    std::size_t i = uniform_index(assign_rng, t.slots.size());
    while (t.slots[i].level >= t.depth || t.slots[i].store || calls_store(t, i, first_store + h))
      i = (i + 1) % t.slots.size();
    t.slots.push_back({t.slots[i].level + 1, i, false, false, true, first_store + h});
  }

  // ---- Calls and journeys --------------------------------------------------------------------
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> call_index;
  std::vector<double> base_timeout_ms;
  boost::random::bernoulli_distribution<double> soft(kSoftCallProbability);
  boost::random::bernoulli_distribution<double> retrying(kRetryProbability);
  boost::random::bernoulli_distribution<double> coin(0.5);
  std::vector<std::vector<std::size_t>> orders;               // per journey: slots in preorder
  std::vector<std::vector<std::size_t>> slot_call(journeys);  // per journey slot: its call
  for (std::size_t j = 0; j < journeys; ++j) {
    const Tree& t = trees[j];
    orders.push_back(preorder(t));
    slot_call[j].assign(t.slots.size(), kNone);
    model::Journey journey;
    journey.name = "journey-" + std::to_string(j);
    journey.entry_service = j;
    for (const std::size_t i : orders[j]) {
      if (i == 0) continue;
      const std::size_t caller = t.slots[t.slots[i].parent].service;
      const std::size_t callee = t.slots[i].service;
      auto [it, added] = call_index.try_emplace({caller, callee}, s.calls.size());
      if (added) {
        model::Call c;
        c.caller = caller;
        c.callee = callee;
        c.hard = !soft(call_rng);
        c.calls_per_request = double(draw_index(call_rng, kCallsPerRequestWeights) + 1);
        if (retrying(call_rng)) {
          c.retries = coin(call_rng) ? 2 : 1;
          if (coin(call_rng)) c.retry_budget = kRetryBudget;
          c.retry_backoff_ms = kRetryBackoffMs;
        }
        base_timeout_ms.push_back(kBaseTimeoutsMs[uniform_index(call_rng, kBaseTimeoutsMs.size())]);
        s.calls.push_back(c);
      }
      slot_call[j][i] = it->second;
      journey.calls.push_back(it->second);
    }
    journey.slo = {0.999, std::chrono::hours(24 * 30)};
    journey.revenue_per_request = 0.01;
    s.journeys.push_back(std::move(journey));
  }

  // ---- Traffic and capacity ------------------------------------------------------------------
  const double peak = 1.0 + kProfileStep * o.profile_steps;
  for (std::size_t k = 1; k <= static_cast<std::size_t>(o.profile_steps); ++k) {
    const SimTime at =
        o.duration * static_cast<std::int64_t>(k) / static_cast<std::int64_t>(o.profile_steps + 1);
    for (model::Journey& jr : s.journeys)
      jr.rate_profile.push_back({at, 1.0 + kProfileStep * double(k)});
  }
  // Loads as the flow model walks the trees: rate × the product of calls per request.
  std::vector<double> load(n, 0.0);
  std::vector<std::vector<double>> slot_rate(journeys);
  for (std::size_t j = 0; j < journeys; ++j) {
    model::Journey& jr = s.journeys[j];
    jr.rate_rps = std::clamp(lognormal(traffic_rng, kJourneyRateMedianRps, kJourneyRateSigma),
                             kMinJourneyRateRps, kMaxJourneyRateRps);
    const Tree& t = trees[j];
    slot_rate[j].assign(t.slots.size(), 0.0);
    for (const std::size_t i : orders[j]) {
      slot_rate[j][i] =
          i == 0 ? jr.rate_rps
                 : slot_rate[j][t.slots[i].parent] * s.calls[slot_call[j][i]].calls_per_request;
      load[t.slots[i].service] += slot_rate[j][i];
    }
  }
  boost::random::uniform_real_distribution<double> utilisation(kMinUtilisation, kMaxUtilisation);
  boost::random::bernoulli_distribution<double> sheds(kLoadSheddingProbability);
  std::vector<double> own_ms(n, 0.0);  // mean own response at the profile's peak, ms
  for (std::size_t i = 0; i < n; ++i) {
    model::Service& svc = s.services[i];
    const bool store = i >= first_store;
    const double rho = utilisation(capacity_rng);
    const double preferred = lognormal(
        capacity_rng, store ? kStoreCapacityMedianRps : kServiceCapacityMedianRps, kCapacitySigma);
    const double extra_ms = lognormal(capacity_rng, kExtraLatencyMedianMs, kExtraLatencySigma);
    if (!store) svc.load_shedding = sheds(capacity_rng);
    FIREDRILL_CHECK(load[i] > 0, "generate_topology: a service without load");
    svc.replicas = std::max(kMinReplicas, static_cast<int>(std::ceil(load[i] / (rho * preferred))));
    svc.capacity_rps = load[i] / (svc.replicas * rho);
    svc.base_latency_ms = 1000.0 / svc.capacity_rps + extra_ms;
    own_ms[i] = extra_ms + 1000.0 * model::mmc_mean_response_time(svc.replicas, load[i] * peak,
                                                                  svc.capacity_rps);
  }
  // Timeouts: at least kTimeoutMargin mean responses of the callee's subtree, at the peak.
  std::vector<double> need_ms(s.calls.size(), 0.0);
  for (std::size_t j = 0; j < journeys; ++j) {
    const Tree& t = trees[j];
    std::vector<double> response(t.slots.size(), 0.0);
    for (std::size_t i = 0; i < t.slots.size(); ++i) response[i] = own_ms[t.slots[i].service];
    for (auto it = orders[j].rbegin(); it != orders[j].rend(); ++it) {
      const std::size_t i = *it;
      if (i == 0) continue;
      const model::Call& c = s.calls[slot_call[j][i]];
      need_ms[slot_call[j][i]] = std::max(need_ms[slot_call[j][i]], response[i]);
      response[t.slots[i].parent] += c.calls_per_request * response[i];
    }
    s.journeys[j].timeout_ms =
        std::max(30'000.0, 1000.0 * std::ceil(kTimeoutMargin * response[0] / 1000.0));
  }
  for (std::size_t c = 0; c < s.calls.size(); ++c)
    s.calls[c].timeout_ms =
        std::max(base_timeout_ms[c], 100.0 * std::ceil(kTimeoutMargin * need_ms[c] / 100.0));

  // ---- Teams ---------------------------------------------------------------------------------
  using model::EscalationTarget;
  for (std::size_t t = 0; t < teams; ++t) {
    model::Team team;
    team.name = "team-" + std::to_string(t);
    for (std::size_t p = 0; p < kPeoplePerTeam; ++p)
      team.people.push_back({team.name + "-oncall-" + std::to_string(p), kTimeZones[t % 4]});
    const model::UnixTime start{std::chrono::seconds{kMonday10Utc}};
    team.schedules = model::rotation_schedules(start, std::chrono::hours(24 * 7), {0, 1, 2});
    team.escalation.levels = {{{{EscalationTarget::Kind::Schedule, 0}}, minutes(5)},
                              {{{EscalationTarget::Kind::Schedule, 1}}, minutes(10)},
                              {{{EscalationTarget::Kind::Person, 3}}, minutes(15)}};
    team.escalation.loops = 2;
    s.teams.push_back(std::move(team));
  }

  // ---- Alerts --------------------------------------------------------------------------------
  for (std::size_t j = 0; j < journeys; ++j) {
    s.burn_rate_rules.push_back(
        {s.journeys[j].name + "-burn",
         j,
         {{std::chrono::hours(1), minutes(5), 14.4}, {std::chrono::hours(6), minutes(30), 6.0}},
         SimTime{0},
         std::nullopt});
  }
  const auto busiest = [&](std::size_t from, std::size_t to) {
    std::size_t best = from;
    for (std::size_t i = from; i < to; ++i)
      if (load[i] > load[best]) best = i;
    return best;
  };
  std::size_t busiest_journey = 0;
  for (std::size_t j = 0; j < journeys; ++j)
    if (s.journeys[j].rate_rps > s.journeys[busiest_journey].rate_rps) busiest_journey = j;
  const std::size_t popular = busiest(journeys, first_store);
  const std::size_t hot_store = busiest(first_store, n);
  const auto threshold = [](std::string name, model::MetricKind metric, model::TargetKind kind,
                            std::size_t target, double value, SimTime window) {
    model::ThresholdRule r;
    r.name = std::move(name);
    r.metric = metric;
    r.target_kind = kind;
    r.target = target;
    r.threshold = value;
    r.window = window;
    r.for_duration = window;
    return r;
  };
  s.threshold_rules.push_back(threshold(s.journeys[busiest_journey].name + "-errors",
                                        model::MetricKind::ErrorRatio, model::TargetKind::Journey,
                                        busiest_journey, 0.05, minutes(1)));
  s.threshold_rules.push_back(threshold(s.services[popular].name + "-errors",
                                        model::MetricKind::ErrorRatio, model::TargetKind::Service,
                                        popular, 0.05, minutes(1)));
  s.threshold_rules.push_back(threshold(s.services[hot_store].name + "-saturation",
                                        model::MetricKind::Utilisation, model::TargetKind::Service,
                                        hot_store, 0.95, minutes(5)));

  // ---- Faults and run ------------------------------------------------------------------------
  if (o.faults && minutes(5) < o.duration) {
    model::Fault deploy;
    deploy.id = s.services[popular].name + "-bad-deploy";
    deploy.type = model::FaultType::BadDeploy;
    deploy.service = popular;
    deploy.start = minutes(5);
    deploy.error_ratio = 0.2;
    deploy.rollout = {{0.1, minutes(10)}, {1.0, SimTime{0}}};
    s.faults.push_back(deploy);
  }
  if (o.faults && minutes(30) < o.duration) {
    model::Fault crash;
    crash.id = s.services[hot_store].name + "-crash";
    crash.type = model::FaultType::CrashReplicas;
    crash.service = hot_store;
    crash.start = minutes(30);
    const int replicas = s.services[hot_store].replicas;
    crash.replicas = std::min(replicas - 1, static_cast<int>(std::ceil(0.6 * replicas)));
    s.faults.push_back(crash);
  }
  if (o.replica_mttf_days > 0) {
    for (std::size_t i = 0; i < n; ++i) {
      model::FaultProcess p;
      p.id = s.services[i].name + "-replica-crashes";
      p.fault.type = model::FaultType::CrashReplicas;
      p.fault.service = i;
      p.mttf = engine::from_seconds(o.replica_mttf_days * 86'400.0);
      p.mttr = minutes(10);
      p.per_replica = true;
      s.fault_processes.push_back(std::move(p));
    }
  }
  s.name = "generated-" + std::to_string(n) + "-seed-" + std::to_string(o.seed);
  s.purpose = "Benchmark topology: " + std::to_string(n) + " services, " +
              std::to_string(journeys) +
              " journeys shaped like production call graphs (bench/topology.hpp).";
  s.run.start_unix_s = kMonday10Utc;
  s.run.duration = o.duration;
  s.run.seed = o.seed;
  s.run.scrape_interval = o.scrape_interval;
  return s;
}

TopologyShape describe_topology(const model::Scenario& scenario) {
  TopologyShape shape;
  const model::FlowModel model(scenario);
  std::vector<bool> reached(scenario.services.size(), false);
  shape.min_depth = std::numeric_limits<int>::max();
  for (std::size_t j = 0; j < scenario.journeys.size(); ++j) {
    const auto& tree = model.call_tree(j);
    shape.tree_nodes += tree.size();
    shape.max_tree_nodes = std::max(shape.max_tree_nodes, tree.size());
    std::vector<int> level(tree.size(), 1);
    std::vector<std::size_t> children(tree.size(), 0);
    int depth = 1;
    for (std::size_t i = 0; i < tree.size(); ++i) {  // preorder: parents come first
      reached[tree[i].service] = true;
      if (tree[i].parent == model::FlowModel::kNoCall) continue;
      level[i] = level[tree[i].parent] + 1;
      ++children[tree[i].parent];
      depth = std::max(depth, level[i]);
    }
    for (const std::size_t c : children) shape.max_fanout = std::max(shape.max_fanout, c);
    shape.min_depth = std::min(shape.min_depth, depth);
    shape.max_depth = std::max(shape.max_depth, depth);
  }
  for (const bool r : reached) shape.unused_services += r ? 0 : 1;
  std::vector<std::set<std::size_t>> callers(scenario.services.size());
  for (const model::Call& c : scenario.calls) callers[c.callee].insert(c.caller);
  for (const auto& c : callers) shape.max_callers = std::max(shape.max_callers, c.size());

  const model::Segment seg = model.steady_state(model::nominal_flow_state(scenario));
  shape.min_utilisation = std::numeric_limits<double>::infinity();
  for (const model::ServiceFlow& f : seg.services) {
    if (f.load_rps <= 0) continue;
    shape.min_utilisation = std::min(shape.min_utilisation, f.utilisation);
    shape.max_utilisation = std::max(shape.max_utilisation, f.utilisation);
  }
  for (const model::JourneyFlow& f : seg.journeys)
    if (f.offered_rps > 0)
      shape.worst_journey_error =
          std::max(shape.worst_journey_error, 1.0 - f.good_rps / f.offered_rps);
  return shape;
}

}  // namespace firedrill::bench
