#include "scoring/dot_export.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "scoring/format.hpp"
#include "sim/engine/check.hpp"

namespace firedrill::scoring {
namespace {

// A failed share below this is numerical residue of the flow model (a timeout tail of e^-50),
// not a failure anyone saw.
constexpr double kMinFailedShare = 1e-6;

constexpr double kMinPenWidth = 1.0;
constexpr double kMaxPenWidth = 6.0;

double failed_share(const model::JourneyFlow& flow) {
  if (flow.offered_rps <= 0.0) return 0.0;
  return std::clamp((flow.offered_rps - flow.good_rps) / flow.offered_rps, 0.0, 1.0);
}

const char* fill_colour(ServiceHealth h) {
  switch (h) {
    case ServiceHealth::Down:
      return "#a50f15";
    case ServiceHealth::Failing:
      return "#fb6a4a";
    case ServiceHealth::Degraded:
      return "#fdae6b";
    case ServiceHealth::Healthy:
      return "#c7e9c0";
  }
  return "#ffffff";
}

// Attempts below this round to "0.0 req/s": the call carries no traffic at that moment.
constexpr double kIdleCallRps = 0.05;

const char* edge_colour(const model::CallFlow& flow) {
  if (flow.breaker_open || flow.failure_ratio >= kFailingErrorRatio) return "#cb181d";
  if (flow.failure_ratio >= kDegradedErrorRatio) return "#e6550d";
  if (flow.attempts_rps < kIdleCallRps) return "#bdbdbd";
  return "#636363";
}

// "1,234 req/s" from 10 req/s on, "2.5 req/s" below.
std::string rate(double rps) {
  return (rps >= 10.0 ? format_count(rps) : fmt::format("{:.1f}", rps)) + " req/s";
}

std::string title(const model::Scenario& scenario, const model::RunRecord& record,
                  const WorstMoment& worst) {
  const model::Segment& seg = record.segments[worst.segment];
  std::string text = dot_escape(scenario.name) +
                     "\\nworst moment: " + format_utc(scenario.run.start_unix_s, seg.start) + " (" +
                     format_offset(seg.start) + " since the run's start, lasting " +
                     format_duration(engine::to_seconds(seg.end - seg.start)) + ")\\n";
  if (worst.journey) {
    text += dot_escape(scenario.journeys[*worst.journey].name) + ": " +
            format_percent(worst.failed_share) + " of requests failed";
  } else {
    double busiest = 0.0;
    for (const model::ServiceFlow& s : seg.services) busiest = std::max(busiest, s.utilisation);
    text += "no journey failed; the busiest moment (utilisation " + format_percent(busiest) + ")";
  }
  return text;
}

}  // namespace

ServiceHealth service_health(const model::Service& service, const model::ServiceFlow& flow) {
  if (flow.healthy_replicas <= 0 && service.replicas > 0) return ServiceHealth::Down;
  if (flow.error_ratio >= kFailingErrorRatio || flow.utilisation >= kOverloadedUtilisation)
    return ServiceHealth::Failing;
  if (flow.error_ratio >= kDegradedErrorRatio || flow.utilisation >= kDegradedUtilisation ||
      flow.healthy_replicas < service.replicas)
    return ServiceHealth::Degraded;
  return ServiceHealth::Healthy;
}

const char* to_string(ServiceHealth h) {
  switch (h) {
    case ServiceHealth::Down:
      return "down";
    case ServiceHealth::Failing:
      return "failing";
    case ServiceHealth::Degraded:
      return "degraded";
    case ServiceHealth::Healthy:
      return "healthy";
  }
  return "?";
}

WorstMoment worst_moment(const model::RunRecord& record) {
  std::optional<WorstMoment> worst;
  std::tuple<double, double> worst_key{0.0, 0.0};  // (failed share, failed req/s)
  std::optional<std::size_t> busiest;
  double busiest_utilisation = -1.0;
  for (std::size_t i = 0; i < record.segments.size(); ++i) {
    const model::Segment& seg = record.segments[i];
    if (seg.end <= seg.start) continue;
    for (std::size_t j = 0; j < seg.journeys.size(); ++j) {
      const double share = failed_share(seg.journeys[j]);
      if (share < kMinFailedShare) continue;
      const std::tuple<double, double> key{share,
                                           seg.journeys[j].offered_rps - seg.journeys[j].good_rps};
      if (!worst || key > worst_key) {
        worst = WorstMoment{i, j, share};
        worst_key = key;
      }
    }
    for (const model::ServiceFlow& s : seg.services) {
      if (s.utilisation > busiest_utilisation) {
        busiest = i;
        busiest_utilisation = s.utilisation;
      }
    }
    if (!busiest) busiest = i;  // a segment without services
  }
  FIREDRILL_CHECK(busiest.has_value(), "worst_moment: the record has no non-empty segment");
  return worst ? *worst : WorstMoment{*busiest, std::nullopt, 0.0};
}

std::string dot_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      // dropped: a carriage return would end the line in some viewers
    } else {
      out += c;
    }
  }
  return out;
}

std::string topology_dot(const model::Scenario& scenario, const model::RunRecord& record) {
  const WorstMoment worst = worst_moment(record);
  const model::Segment& seg = record.segments[worst.segment];
  FIREDRILL_CHECK(
      seg.services.size() == scenario.services.size() && seg.calls.size() == scenario.calls.size(),
      "topology_dot: the segment does not hold a flow per service and per call");

  std::string out = fmt::format("digraph \"{}\" {{\n", dot_escape(scenario.name));
  out += fmt::format(
      "  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", label=\"{}\"];\n"
      "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n"
      "  edge [fontname=\"Helvetica\", fontsize=9];\n",
      title(scenario, record, worst));

  for (std::size_t s = 0; s < scenario.services.size(); ++s) {
    const model::Service& service = scenario.services[s];
    const model::ServiceFlow& flow = seg.services[s];
    const ServiceHealth health = service_health(service, flow);
    const std::string label =
        fmt::format("{}\\n{}/{} replicas healthy\\nutilisation {}\\nerrors {}",
                    dot_escape(service.name), flow.healthy_replicas, service.replicas,
                    format_percent(flow.utilisation), format_percent(flow.error_ratio));
    const std::string tooltip = fmt::format(
        "{}: {}; load {} of {} capacity; latency p99 {:.0f} ms", dot_escape(service.name),
        to_string(health), rate(flow.load_rps), rate(flow.capacity_rps), flow.p99_latency_ms);
    out += fmt::format("  s{} [label=\"{}\", fillcolor=\"{}\"{}, tooltip=\"{}\"];\n", s, label,
                       fill_colour(health),
                       health == ServiceHealth::Down ? ", fontcolor=\"white\"" : "", tooltip);
  }

  double busiest_call = 0.0;
  for (const model::CallFlow& c : seg.calls) busiest_call = std::max(busiest_call, c.attempts_rps);
  for (std::size_t c = 0; c < scenario.calls.size(); ++c) {
    const model::Call& call = scenario.calls[c];
    const model::CallFlow& flow = seg.calls[c];
    const double width = busiest_call > 0.0 ? kMinPenWidth + (kMaxPenWidth - kMinPenWidth) *
                                                                 flow.attempts_rps / busiest_call
                                            : kMinPenWidth;
    std::vector<std::string> lines;
    if (flow.attempts_rps >= kIdleCallRps) lines.push_back(rate(flow.attempts_rps));
    if (flow.failure_ratio >= kDegradedErrorRatio)
      lines.push_back(format_percent(flow.failure_ratio) + " failing");
    if (flow.breaker_open) lines.push_back("breaker open");
    const std::string label = fmt::format("{}", fmt::join(lines, "\\n"));
    out += fmt::format("  s{} -> s{} [label=\"{}\", penwidth={:.2f}, color=\"{}\"{}];\n",
                       call.caller, call.callee, label, width, edge_colour(flow),
                       call.hard ? "" : ", style=dashed");
  }
  out += "}\n";
  return out;
}

}  // namespace firedrill::scoring
