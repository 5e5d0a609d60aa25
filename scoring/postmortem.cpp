#include "scoring/postmortem.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <optional>
#include <variant>
#include <vector>

#include "scoring/contributing_factors.hpp"
#include "scoring/describe.hpp"
#include "scoring/format.hpp"
#include "scoring/integrals.hpp"
#include "scoring/score.hpp"

namespace firedrill::scoring {
namespace {

namespace ev = model::ev;
using model::SimTime;

template <typename... Args>
void emit(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

// A table cell: pipes and line breaks would end the cell or the row.
std::string cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}

std::string or_never(const std::optional<double>& seconds) {
  return seconds ? format_duration(*seconds) : "never";
}

// "30-day" (an adjective) for whole days, else the duration in words.
std::string period_words(SimTime period) {
  const SimTime day = std::chrono::hours(24);
  if (period > SimTime{0} && period % day == SimTime{0}) {
    return fmt::format("{}-day", period / day);
  }
  return format_duration(engine::to_seconds(period));
}

// "30 days" (a noun) for whole days, else the duration in words.
std::string period_noun(SimTime period) {
  const SimTime day = std::chrono::hours(24);
  if (period > SimTime{0} && period % day == SimTime{0}) {
    const auto days = period / day;
    return fmt::format("{} day{}", days, days == 1 ? "" : "s");
  }
  return format_duration(engine::to_seconds(period));
}

// "(incident commander)", "(communications lead)".
std::string role_words(model::Role role) {
  return role == model::Role::IncidentCommander ? "(incident commander)" : "(communications lead)";
}

// "once", "twice", "3 times".
std::string times(std::size_t n) {
  if (n == 1) return "once";
  if (n == 2) return "twice";
  return fmt::format("{} times", n);
}

std::string names_list(const std::vector<std::string>& names, const char* none = "nobody") {
  if (names.empty()) return none;
  if (names.size() == 1) return names[0];
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " and " : ", ";
    text += names[i];
  }
  return text;
}

// The snapshots of `incident` (nullopt: the run's), each a caption, its time (UTC and offset
// since `origin`) and the picture.
void write_snapshots(std::string& out, const std::vector<Snapshot>& snapshots,
                     std::optional<std::size_t> incident, std::int64_t start_unix_s,
                     SimTime origin) {
  for (const Snapshot& s : snapshots) {
    if (s.incident != incident) continue;
    emit(out, "**{}** at {} ({}):\n\n![{}]({})\n\n", capitalised(s.caption),
         format_utc(start_unix_s, s.at), format_offset(s.at - origin), s.caption, s.path);
  }
}

// Everything the sections of one incident need, gathered once.
class IncidentWriter {
 public:
  // `twin_ttm_s`: the incident's time to mitigate in the rollback-first twin, if one ran.
  IncidentWriter(const model::Scenario& scenario, const model::RunRecord& record,
                 const IncidentMetrics& m, const std::vector<Snapshot>& snapshots,
                 std::optional<double> twin_ttm_s)
      : scenario_(scenario),
        record_(record),
        m_(m),
        fault_(record.faults.at(m.fault)),
        snapshots_(snapshots),
        twin_ttm_s_(twin_ttm_s) {
    fault_start_ = engine::from_seconds(m.fault_start_s);
    // T+ counts from when users began to feel the fault; a fault that never hurt them has no
    // such moment, and its timeline counts from the fault's start.
    origin_ = m.impact_start_s ? engine::from_seconds(*m.impact_start_s) : fault_start_;
    impact_end_ = m.impact_end_s ? engine::from_seconds(*m.impact_end_s) : origin_;
    const SimTime window_end = m.resolved_s ? engine::from_seconds(*m.resolved_s) : record.duration;
    for (const model::TimelineEvent& event : record.timeline) {
      if (!in_timeline(event.payload)) continue;
      if (const auto incident = incident_of(event.payload)) {
        if (*incident == m.index) events_.push_back(&event);
      } else if (const auto* f = std::get_if<ev::FaultInjected>(&event.payload)) {
        if (f->fault == m.fault) events_.push_back(&event);
      } else if (const auto* c = std::get_if<ev::FaultCleared>(&event.payload)) {
        if (c->fault == m.fault) events_.push_back(&event);
      } else if (const auto* a = std::get_if<ev::AutoRemediation>(&event.payload)) {
        if (a->fault == m.fault) events_.push_back(&event);
      } else if (std::holds_alternative<ev::AlertChanged>(event.payload) ||
                 std::holds_alternative<ev::Bookmarked>(event.payload)) {
        // Alerts and the facilitator's bookmarks carry no incident: those while this one was
        // open belong to it.
        if (event.at >= fault_start_ && event.at <= window_end) events_.push_back(&event);
      }
    }
    owner_ = fault_owner_team(scenario, fault_);
    for_each<ev::PageSent>([this](const model::TimelineEvent&, const ev::PageSent& p) {
      if (!paged_team_) paged_team_ = p.to.team;
    });
    owner_name_ = owning_team(scenario, record, m);
    responder_team_name_ = responding_team(scenario, record, m);
    factors_ = contributing_factors(scenario, record, m);
    if (!m.impact.failed_requests_by_journey.empty()) {
      const auto worst = std::max_element(m.impact.error_budget_consumed_by_journey.begin(),
                                          m.impact.error_budget_consumed_by_journey.end());
      worst_journey_ = static_cast<std::size_t>(
          std::distance(m.impact.error_budget_consumed_by_journey.begin(), worst));
    }
  }

  void write(std::string& out) {
    write_title(out);
    write_summary(out);
    write_impact(out);
    write_timeline(out);
    write_snapshot_section(out);
    write_detection(out);
    write_root_cause(out);
    write_resolution(out);
    write_time_breakdown(out);
    write_factors(out);
    judge();
    write_judgement(out);
  }

  // The appendix, after the action items (which the run lists: RunActions).
  void write_end(std::string& out) const { write_appendix(out); }

  // This incident's action items, each once, in the order found.
  std::vector<ActionItem> actions() const {
    std::vector<ActionItem> out;
    for (const ActionItem& item : actions_) {
      if (std::none_of(out.begin(), out.end(),
                       [&](const ActionItem& a) { return a.action == item.action; }))
        out.push_back(item);
    }
    return out;
  }

 private:
  template <typename T, typename F>
  void for_each(F f) const {
    for (const model::TimelineEvent* e : events_) {
      if (const T* p = std::get_if<T>(&e->payload)) f(*e, *p);
    }
  }

  bool impact() const { return had_impact(m_.impact); }
  // Users felt the fault: requests failed or a latency SLO was breached (an impact start).
  bool users_hurt() const { return m_.impact_start_s.has_value(); }
  // The time to detect as the text states it: from the impact's start or, without one, from
  // the fault's start. REQUIRES: detected.
  double detection_delay_s() const { return m_.ttd_s.value_or(*m_.detected_s - m_.fault_start_s); }
  const char* detection_origin() const {
    return users_hurt() ? "the impact began" : "the fault began";
  }
  // "T+ is the time since …", naming the origin.
  std::string origin_words() const {
    if (!users_hurt()) return "the fault began (it never hurt users)";
    if (origin_ == fault_start_) return "impact began (users felt the fault at once)";
    return fmt::format(
        "impact began, when users began to feel the fault, {} after it started "
        "at {} ({})",
        format_duration(engine::to_seconds(origin_ - fault_start_)), utc(fault_start_),
        format_offset(fault_start_ - origin_));
  }
  std::string utc(SimTime at) const { return format_utc(scenario_.run.start_unix_s, at); }
  std::string utc(double at_s) const { return utc(engine::from_seconds(at_s)); }
  std::string offset(double at_s) const {
    return format_offset(engine::from_seconds(at_s) - origin_);
  }
  std::string team_name(std::optional<std::size_t> team) const {
    return team ? scenario_.teams.at(*team).name : std::string("the incident commander");
  }
  const std::string& owner_name() const { return owner_name_; }
  // The team owning the service named `service`.
  std::string service_owner(const std::string& service) const {
    for (const model::Service& s : scenario_.services)
      if (s.name == service) return scenario_.teams.at(s.team).name;
    return owner_name_;
  }
  const std::string& responder_team_name() const { return responder_team_name_; }
  // Returns the factor of `kind` (about `team`, if given), if the breakdown found one.
  const ContributingFactor* factor(FactorKind kind,
                                   std::optional<std::string> team = std::nullopt) const {
    for (const ContributingFactor& f : factors_)
      if (f.kind == kind && (!team || f.team == team)) return &f;
    return nullptr;
  }
  const model::Journey& worst_journey() const { return scenario_.journeys.at(worst_journey_); }
  ActionItem detection_action() const { return scoring::detection_action(scenario_, m_); }
  std::optional<double> cadence_s() const {
    if (!m_.severity) return std::nullopt;
    const auto& cadence =
        scenario_.policy.status_update_cadence[static_cast<std::size_t>(*m_.severity)];
    if (!cadence) return std::nullopt;
    return engine::to_seconds(*cadence);
  }
  bool fault_expired() const {
    bool expired = false;
    for_each<ev::FaultCleared>([&expired](const model::TimelineEvent&, const ev::FaultCleared& c) {
      if (!c.mitigated) expired = true;
    });
    return expired;
  }

  void write_title(std::string& out) const {
    emit(out, "## {} · {} · {} · {}\n\n", m_.id,
         m_.severity ? model::to_string(*m_.severity) : "severity not declared",
         capitalised(describe_fault(scenario_, fault_)),
         format_utc_date(scenario_.run.start_unix_s, fault_start_));
  }

  void write_summary(std::string& out) const {
    emit(out, "### Summary\n\n");
    emit(out, "At {}, fault `{}` began: {}. ", utc(fault_start_), fault_.id,
         describe_fault(scenario_, fault_));
    write_impact_start(out);
    if (impact()) {
      std::vector<std::string> hit;
      for (std::size_t j = 0; j < m_.impact.failed_requests_by_journey.size(); ++j) {
        if (m_.impact.failed_requests_by_journey[j] > 0.0) hit.push_back(scenario_.journeys[j].name);
      }
      emit(out, "It failed {} requests on {} and consumed {} of the {} error budget of {}",
           format_count(m_.impact.failed_requests), names_list(hit),
           format_percent(m_.impact.error_budget_consumed), period_words(worst_journey().slo.period),
           worst_journey().name);
      if (m_.impact.revenue_lost > 0.0) emit(out, ", losing {} in revenue", format_money(m_.impact.revenue_lost, scenario_.run.currency));
      emit(out, ". ");
    } else {
      emit(out, "It failed no user requests. ");
    }
    if (by_customers()) {
      emit(out,
           "No alert detected it: customers of journey {} reported it, and support escalated "
           "it {} after {}",
           m_.detected_by->name, format_duration(detection_delay_s()), detection_origin());
    } else if (m_.detected_by) {
      emit(out, "Alert {} detected it {} after {}", m_.detected_by->name,
           format_duration(detection_delay_s()), detection_origin());
      if (users_hurt() && *m_.detected_s < *m_.impact_start_s)
        emit(out, " (it fired {} before users felt anything)",
             format_duration(*m_.impact_start_s - *m_.detected_s));
    } else {
      emit(out, "No alert detected it");
    }
    if (!users_hurt()) {
      emit(out, "; there was no impact to mitigate");
      if (m_.resolved_s)
        emit(out, ", and the incident was resolved {} after the fault began",
             format_duration(*m_.resolved_s - m_.fault_start_s));
      emit(out, ".\n\n");
    } else if (m_.impact_over) {
      emit(out, "; impact lasted {}", format_duration(*m_.impact_end_s - *m_.impact_start_s));
      if (m_.ttr_s)
        emit(out, " and the incident was resolved {} after impact began",
             format_duration(*m_.ttr_s));
      emit(out, ".\n\n");
    } else {
      emit(out, "; impact was still ongoing when the run ended, {} after it began.\n\n",
           format_duration(engine::to_seconds(record_.duration - origin_)));
    }
  }

  // "Impact began: …" for the timeline. REQUIRES: users_hurt().
  std::string impact_began_words() const {
    if (!m_.impact_evidence) return "Impact began";
    const ImpactStart& e = *m_.impact_evidence;
    const model::Journey& journey = scenario_.journeys.at(e.journey);
    if (e.signal == ImpactSignal::Latency) {
      return fmt::format(
          "Impact began: journey {}'s p99 latency {:.0f} ms breached its {:.0f} ms latency SLO "
          "({:.0f} ms before the fault)",
          journey.name, e.value, journey.slo.p99_latency_ms.value_or(0.0), e.before);
    }
    return fmt::format(
        "Impact began: journey {} failed {:.3g} % of its requests ({:.3g} % before "
        "the fault)",
        journey.name, 100.0 * e.value, 100.0 * e.before);
  }

  // When users began to feel the fault, and the SLI that showed it (or that they never did).
  void write_impact_start(std::string& out) const {
    if (!users_hurt()) {
      emit(out,
           "It never hurt users: as long as it acted unmitigated, no journey it reaches failed "
           "more of its requests than just before it began or breached its latency SLO. ");
      return;
    }
    const double after_s = *m_.impact_start_s - m_.fault_start_s;
    if (after_s > 0.0) {
      emit(out, "Users began to feel it {} later, at {}: ", format_duration(after_s), utc(origin_));
    } else {
      emit(out, "Users felt it at once: ");
    }
    if (!m_.impact_evidence) return;
    const ImpactStart& e = *m_.impact_evidence;
    const model::Journey& journey = scenario_.journeys.at(e.journey);
    if (e.signal == ImpactSignal::Latency) {
      emit(out,
           "the p99 latency of journey {} reached {:.0f} ms, over its {:.0f} ms latency SLO "
           "({:.0f} ms before the fault). ",
           journey.name, e.value, journey.slo.p99_latency_ms.value_or(0.0), e.before);
    } else {
      // Three significant digits: the first failures of a slow fault are small shares.
      emit(out, "journey {} failed {:.3g} % of its requests, against {:.3g} % before the fault. ",
           journey.name, 100.0 * e.value, 100.0 * e.before);
    }
  }

  void write_impact(std::string& out) const {
    const Window window{origin_, impact_end_};
    emit(out, "### Impact\n\n");
    if (!users_hurt()) {
      emit(out,
           "None: the fault never hurt users. No journey it can reach (along its calls) failed "
           "a whole request more than at its share just before the fault began, and none "
           "breached a latency SLO, so no failed requests, budget or revenue are charged to this "
           "incident.\n\n");
      return;
    }
    emit(out,
         "| Journey | SLO | Failed requests | Share of offered | Worst failed share | "
         "Error budget consumed | Revenue lost |\n");
    emit(out, "|---|---|---:|---:|---:|---:|---:|\n");
    for (std::size_t j = 0; j < scenario_.journeys.size(); ++j) {
      const model::Journey& journey = scenario_.journeys[j];
      const double failed = m_.impact.failed_requests_by_journey.at(j);
      const double offered = offered_requests(record_.segments, j, window);
      emit(out, "| {} | {} over {} | {} | {} | {} | {} | {} |\n", cell(journey.name),
           format_objective(journey.slo.objective), period_noun(journey.slo.period),
           format_count(failed), format_percent(offered > 0.0 ? failed / offered : 0.0),
           format_percent(peak_failed_share(record_.segments, j, window)),
           format_percent(m_.impact.error_budget_consumed_by_journey.at(j)),
           format_money(failed * journey.revenue_per_request, scenario_.run.currency));
    }
    emit(out, "| **Total** | | **{}** | | | **{}** (worst journey) | **{}** |\n\n",
         format_count(m_.impact.failed_requests), format_percent(m_.impact.error_budget_consumed),
         format_money(m_.impact.revenue_lost, scenario_.run.currency));
    write_harm(out);
    if (m_.impact_over) {
      emit(out, "Duration of impact: {} ({} to {}).\n\n",
           format_duration(*m_.impact_end_s - *m_.impact_start_s), utc(origin_), utc(impact_end_));
    } else {
      emit(out,
           "Duration of impact: {} and counting: still ongoing at the end of the run ({}).\n\n",
           format_duration(engine::to_seconds(impact_end_ - origin_)), utc(impact_end_));
    }
    emit(out,
         "A journey's error budget is (1 − SLO) × base rate × SLO period: the failures its SLO "
         "allows in one period. Impact starts when users of a journey the fault reaches start "
         "failing (a failed share above the one just before the fault) or see a latency SLO "
         "breached, not when the fault starts. Failed requests are counted on every journey the "
         "fault reaches (others' failures belong to other incidents) from the impact start to the "
         "last SLO breach before the resolution (or the run's end); for an incident nobody "
         "detected, until its fault stopped acting.\n\n");
  }

  // The failed requests the responders' own actions added, each named with when and by whom,
  // and what the fault itself failed (HarmfulAction).
  void write_harm(std::string& out) const {
    if (m_.harmful_actions.empty()) return;
    for (const HarmfulAction& a : m_.harmful_actions) {
      std::string journeys;
      std::size_t listed = 0;
      for (std::size_t j = 0; j < scenario_.journeys.size(); ++j) {
        if (a.failed_requests_by_journey.at(j) < kMinFailedRequests) continue;
        if (listed++ > 0) journeys += ", ";
        journeys += format_count(a.failed_requests_by_journey[j]) + " " + scenario_.journeys[j].name;
      }
      emit(out, "The {} of {}{}{} failed {} requests ({}) that the fault alone would not have.\n",
           harm_noun(a.action), a.service,
           a.started_s ? " at " + utc(engine::from_seconds(*a.started_s)) : std::string(),
           a.by ? " by " + *a.by : std::string(), format_count(a.failed_requests), journeys);
    }
    emit(out, "The fault itself failed {} of the {} requests counted above.\n\n",
         format_count(m_.failed_requests_by_fault), format_count(m_.impact.failed_requests));
  }

  static std::string harm_noun(model::MitigationAction action) {
    switch (action) {
      case model::MitigationAction::Restart:
        return "rolling restart";
      case model::MitigationAction::ShedLoad:
        return "load shedding";
      default:
        return action_noun(action);
    }
  }

  void write_timeline(std::string& out) const {
    emit(out, "### Timeline\n\nT+ is the time since {}.\n\n", origin_words());
    emit(out, "| Time (UTC) | T+ | Event |\n|---|---|---|\n");
    // The impact's start is no event of the record but a reading of its SLIs: its row comes
    // after the events of its moment.
    bool impact_row = !users_hurt();
    const auto write_impact_row = [&] {
      emit(out, "| {} | {} | {} |\n", utc(origin_), format_offset(SimTime{0}),
           cell(impact_began_words()));
      impact_row = true;
    };
    for (const model::TimelineEvent* e : events_) {
      if (!impact_row && e->at > origin_) write_impact_row();
      emit(out, "| {} | {} | {} |\n", utc(e->at), format_offset(e->at - origin_),
           cell(describe_event(scenario_, record_, *e)));
    }
    if (!impact_row) write_impact_row();
    emit(out, "\n");
  }

  void write_snapshot_section(std::string& out) const {
    const bool any = std::any_of(snapshots_.begin(), snapshots_.end(),
                                 [&](const Snapshot& s) { return s.incident == m_.index; });
    if (!any) return;
    emit(out, "### Snapshots\n\nThe live view at each phase; T+ is the time since {}.\n\n",
         origin_words());
    write_snapshots(out, snapshots_, m_.index, scenario_.run.start_unix_s, origin_);
  }

  void write_detection(std::string& out) const {
    emit(out, "### Detection\n\n");
    if (by_customers()) {
      emit(out,
           "No alert detected the {}: customers did. The first report from journey {} reached "
           "support at {}, and support escalated it to the on-call {} after {}, at {} — {} the "
           "{} target.\n\n",
           users_hurt() ? "impact" : "fault", m_.detected_by->name,
           offset(m_.first_customer_report_s.value_or(*m_.detected_s)),
           format_duration(detection_delay_s()), detection_origin(), offset(*m_.detected_s),
           detection_delay_s() <= kTargetTtdS ? "within" : "over", format_duration(kTargetTtdS));
    } else if (m_.detected_by && !users_hurt()) {
      emit(out,
           "Alert {} detected the fault {} after it began, at {}, before it hurt any user: "
           "there was no impact to detect, so no time to detect is measured.\n\n",
           describe_rule(scenario_, m_.detected_by->kind, m_.detected_by->rule),
           format_duration(detection_delay_s()), offset(*m_.detected_s));
    } else if (m_.detected_by && *m_.detected_s < *m_.impact_start_s) {
      emit(out,
           "Alert {} detected the fault at {}, {} before users began to feel it: time to detect "
           "0 s — within the {} target.\n\n",
           describe_rule(scenario_, m_.detected_by->kind, m_.detected_by->rule),
           offset(*m_.detected_s), format_duration(*m_.impact_start_s - *m_.detected_s),
           format_duration(kTargetTtdS));
    } else if (m_.detected_by) {
      emit(out, "Alert {} detected the impact {} after it began, at {} — {} the {} target.\n\n",
           describe_rule(scenario_, m_.detected_by->kind, m_.detected_by->rule),
           format_duration(*m_.ttd_s), offset(*m_.detected_s),
           *m_.ttd_s <= kTargetTtdS ? "within" : "over", format_duration(kTargetTtdS));
    } else if (users_hurt() && !impact()) {
      emit(out,
           "No alert detected this incident during the run, while users saw a latency SLO "
           "breached.\n\n");
    } else if (impact()) {
      emit(out, "No alert detected this incident during the run: {} requests failed unnoticed.\n\n",
           format_count(m_.impact.failed_requests));
    } else {
      emit(out, "No alert detected this incident, and none needed to: it failed no requests.\n\n");
    }
    write_burn_rates(out);
    std::vector<std::string> paged;
    for_each<ev::PageSent>([&](const model::TimelineEvent&, const ev::PageSent& p) {
      const std::string name = person_name(scenario_, p.to);
      if (std::find(paged.begin(), paged.end(), name) == paged.end()) paged.push_back(name);
    });
    if (paged.empty()) {
      emit(out, "Nobody was paged.\n\n");
      return;
    }
    emit(out, "{} page{} went to {}", m_.pages, m_.pages == 1 ? "" : "s", names_list(paged));
    if (m_.after_hours_pages > 0) emit(out, " ({} after hours)", m_.after_hours_pages);
    if (m_.acknowledged_s) {
      std::string acker;
      for_each<ev::PageAcknowledged>(
          [&](const model::TimelineEvent&, const ev::PageAcknowledged& a) {
            if (acker.empty()) acker = person_name(scenario_, a.by);
          });
      emit(out,
           "; {} acknowledged {} after detection — {} the {} pager target (SRE Workbook ch. 8)",
           acker, format_duration(m_.tta_s.value_or(0.0)),
           m_.tta_s.value_or(0.0) <= kTargetTtaS ? "within" : "over", format_duration(kTargetTtaS));
    } else {
      emit(out, "; nobody acknowledged");
    }
    if (m_.escalations > 0)
      emit(out, ", after {} escalation{}", m_.escalations, m_.escalations == 1 ? "" : "s");
    emit(out, ".\n\n");
  }

  // For a burn-rate alert, what each of its windows read when it fired.
  void write_burn_rates(std::string& out) const {
    if (!m_.detected_by || m_.detected_by->kind != model::AlertRuleKind::BurnRate) return;
    std::optional<SimTime> fired;
    for_each<ev::AlertChanged>([&](const model::TimelineEvent& e, const ev::AlertChanged& a) {
      if (a.kind == model::AlertRuleKind::BurnRate && a.rule == m_.detected_by->rule &&
          a.state == model::AlertState::Firing && e.at <= engine::from_seconds(*m_.detected_s))
        fired = e.at;
    });
    if (!fired) return;
    emit(out, "When it fired, at {}, its burn rates were {}.\n\n", offset(engine::to_seconds(*fired)),
         describe_burn_rates(scenario_, record_, m_.detected_by->rule, *fired));
  }

  void write_root_cause(std::string& out) const {
    emit(out, "### Root cause and trigger\n\n");
    SimTime injected = fault_.start;
    for_each<ev::FaultInjected>(
        [&injected](const model::TimelineEvent& e, const ev::FaultInjected&) { injected = e.at; });
    emit(out, "- **Trigger:** fault `{}` ({}) injected at {} ({}).\n", fault_.id,
         m_.root_cause.fault, utc(injected), format_offset(injected - origin_));
    emit(out, "- **Root cause:** {}", describe_fault(scenario_, fault_));
    if (owner_ && fault_.type == model::FaultType::CallFailure) {
      emit(out, "; the caller, {}, is owned by team {}",
           scenario_.services.at(scenario_.calls.at(fault_.call).caller).name, team_name(owner_));
    } else if (owner_) {
      emit(out, "; {} is owned by team {}", m_.root_cause.service, team_name(owner_));
    }
    emit(out, ". {}\n", mechanism());
    std::vector<std::string> hit;
    std::vector<std::string> spared;
    for (std::size_t j = 0; j < scenario_.journeys.size(); ++j) {
      const double failed = m_.impact.failed_requests_by_journey.at(j);
      if (failed >= kMinFailedRequests) {
        hit.push_back(
            fmt::format("{} ({} failed)", scenario_.journeys[j].name, format_count(failed)));
      } else {
        spared.push_back(scenario_.journeys[j].name);
      }
    }
    emit(out, "- **Blast radius:** {}",
         hit.empty() ? "no journey failed requests" : names_list(hit));
    if (!hit.empty() && !spared.empty()) emit(out, "; unaffected: {}", names_list(spared));
    emit(out, ".\n");
    std::vector<std::string> strains;
    for (const ServiceStrain& st : m_.strained_services) {
      std::string line = st.service;
      if (st.load_before_rps > 0.0) {
        line += fmt::format(" carried {:.1f}× its load from before the incident",
                            st.peak_load_rps / st.load_before_rps);
      }
      if (st.peak_utilisation >= 1.0) {
        line += fmt::format("{}saturated (utilisation {:.2f})",
                            st.load_before_rps > 0.0 ? ", " : " was ", st.peak_utilisation);
      }
      strains.push_back(line);
    }
    if (!strains.empty()) {
      emit(out, "- **Contributing factors:** {}. Load beyond the normal comes from retries and "
                "from traffic the failure moved; beyond capacity, queues grow until callers "
                "time out.\n", names_list(strains));
    }
    if (m_.diagnosis_steps > 0) {
      // Credited to those who took the steps (DiagnosisStep::by), not to everyone engaged.
      std::vector<std::string> investigators;
      for_each<ev::DiagnosisStep>([&](const model::TimelineEvent&, const ev::DiagnosisStep& d) {
        const std::string& name = person_name(scenario_, d.by);
        if (std::find(investigators.begin(), investigators.end(), name) == investigators.end())
          investigators.push_back(name);
      });
      emit(out, "- **Diagnosis:** {} step{} by {}", m_.diagnosis_steps,
           m_.diagnosis_steps == 1 ? "" : "s", names_list(investigators));
      if (m_.red_herrings > 0) {
        emit(out, ", {} of them {} ({})", m_.red_herrings,
             m_.red_herrings == 1 ? "a red herring" : "red herrings",
             names_list(red_herring_services()));
      }
      emit(out, ".");
    } else {
      emit(out, "- **Diagnosis:** nobody investigated.");
    }
    if (m_.cause_identified_s) {
      emit(out, " Cause identified at {}", offset(*m_.cause_identified_s));
      if (m_.detected_s) {
        emit(out, ", {} after detection", format_duration(*m_.cause_identified_s - *m_.detected_s));
      }
      emit(out, ".\n\n");
    } else {
      emit(out, " The cause was not identified during the run.\n\n");
    }
  }

  std::string mechanism() const {
    switch (fault_.type) {
      case model::FaultType::BadDeploy:
        return "A new version shipped with a defect; every request through it risked failing "
               "until it was rolled back.";
      case model::FaultType::CrashReplicas:
        return "The remaining replicas had to carry the whole load; whatever exceeded their "
               "capacity failed.";
      case model::FaultType::ErrorRate:
        return "Hard callers passed its errors on to users; soft callers degraded instead.";
      case model::FaultType::Latency:
        return "Callers waited longer on it; calls that exceeded their timeout failed.";
      case model::FaultType::TrafficSurge:
        return "Load rose beyond what the services on the path could serve; the excess failed.";
      case model::FaultType::CallFailure:
        return scenario_.calls.at(fault_.call).hard
                   ? "The call is hard: each failed call failed the caller's request."
                   : "The call is soft: the caller degraded instead of failing.";
      case model::FaultType::Outage:
      case model::FaultType::CertificateExpiry:
      case model::FaultType::ThirdPartyOutage:
        return "Every hard caller failed with it; soft callers degraded instead.";
      case model::FaultType::ResourceExhaustion:
      case model::FaultType::DatastoreFailover:
        return "Its capacity shrank under unchanged load: queues grew, and what exceeded the "
               "capacity failed or timed out.";
      case model::FaultType::MemoryLeak:
        return "Its capacity decayed until OOM kills restarted it, again and again, until the "
               "leaking version was rolled back.";
      case model::FaultType::BadConfig:
        return "The config reached every instance at once: no canary limited the blast radius.";
      case model::FaultType::NetworkPartition:
        return "Calls across the partition failed in both directions.";
      case model::FaultType::ZoneOutage:
        return "Every replica in the zone went down; services not spread across zones went "
               "down with it.";
    }
    return "";
  }

  std::vector<std::string> red_herring_services() const {
    std::vector<std::string> services;
    for_each<ev::DiagnosisStep>([&](const model::TimelineEvent&, const ev::DiagnosisStep& d) {
      if (!d.red_herring) return;
      const std::string& name = scenario_.services.at(d.service).name;
      if (std::find(services.begin(), services.end(), name) == services.end()) {
        services.push_back(name);
      }
    });
    return services;
  }

  void write_resolution(std::string& out) const {
    emit(out, "### Resolution and recovery\n\n");
    bool any = false;
    for (const model::TimelineEvent* e : events_) {
      if (std::holds_alternative<ev::MitigationStarted>(e->payload) ||
          std::holds_alternative<ev::MitigationFinished>(e->payload)) {
        emit(out, "- {}: {}.\n", offset(engine::to_seconds(e->at)), describe_event(scenario_, record_, *e));
        any = true;
      }
    }
    if (!any) emit(out, "- No mitigation was attempted.\n");
    if (m_.mitigated_s && !m_.ttm_s) {
      emit(out, "- Mitigated at {} ({}), before it hurt any user: no time to mitigate",
           offset(*m_.mitigated_s), utc(*m_.mitigated_s));
      emit(out, "{}.\n", fault_expired() ? "; the fault expired by itself" : "");
    } else if (m_.mitigated_s) {
      emit(out, "- Mitigated at {} ({}): TTM {}, target {}", offset(*m_.mitigated_s),
           utc(*m_.mitigated_s), format_duration(*m_.ttm_s), format_duration(kTargetTtmS));
      emit(out, "{}.\n", fault_expired() ? "; the fault expired by itself" : "");
    } else {
      emit(out, "- Not mitigated when the run finished.\n");
    }
    if (m_.resolved_s) {
      emit(out, "- Resolved at {} ({}), {}, once the SLIs had stayed healthy for {}.\n\n",
           offset(*m_.resolved_s), utc(*m_.resolved_s),
           m_.ttr_s ? "TTR " + format_duration(*m_.ttr_s) : std::string("no impact to resolve"),
           format_duration(engine::to_seconds(scenario_.policy.responders.resolve_confirmation)));
    } else {
      emit(out, "- Not resolved before the run ended.\n\n");
    }
  }

  // Fills well_, badly_ and actions_ from the metrics against the score's targets.
  void write_time_breakdown(std::string& out) const {
    const TimeToMitigateBreakdown& b = m_.time_to_mitigate_breakdown;
    emit(out, "### Where the time went\n\n");
    if (!users_hurt()) {
      emit(out, "The fault never hurt users: there was no time to mitigate to account for.\n\n");
      return;
    }
    if (b.phases.empty()) {
      emit(out, "Impact ended as it began: there was no time to mitigate to account for.\n\n");
      return;
    }
    emit(out,
         "The time to mitigate, cut into the phases of its critical path: what the incident was "
         "waiting on at each moment, from the impact's start (when users began to feel it, not "
         "the fault's start) to {}. T+ is the time since impact began.\n\n",
         b.mitigated ? "its mitigation" : "the run's end (it was never mitigated)");
    emit(out, "| Phase | From | Duration | Share |\n|---|---|---:|---:|\n");
    for (const Phase& p : b.phases) {
      emit(out, "| {} | {} | {} | {} |\n", cell(describe_phase(p)), offset(p.start_s),
           format_duration(p.duration_s()), format_percent(p.duration_s() / b.total_s()));
    }
    emit(out, "| **{}** | | **{}** | **100 %** |\n\n",
         b.mitigated ? "Time to mitigate" : "Impact until the run ended",
         format_duration(b.total_s()));
  }

  // The time to mitigate's largest kinds of phase (at most three), with their shares.
  void write_largest_phases(std::string& out) const {
    const TimeToMitigateBreakdown& b = m_.time_to_mitigate_breakdown;
    std::vector<std::pair<double, PhaseKind>> kinds;
    for (std::size_t k = 0; k < kPhaseKindCount; ++k) {
      const auto kind = static_cast<PhaseKind>(k);
      if (b.seconds_in(kind) > 0.0) kinds.emplace_back(b.seconds_in(kind), kind);
    }
    if (kinds.empty() || b.total_s() <= 0.0) return;
    std::stable_sort(kinds.begin(), kinds.end(),
                     [](const auto& x, const auto& y) { return x.first > y.first; });
    std::string text;
    for (std::size_t i = 0; i < kinds.size() && i < 3; ++i) {
      if (i > 0) text += "; ";
      text += fmt::format("{} {} ({})", phase_title(kinds[i].second),
                          format_duration(kinds[i].first),
                          format_percent(kinds[i].first / b.total_s()));
    }
    emit(out,
         "No single delay took at least {} and {} of the time to mitigate; the largest parts "
         "were: {}.\n\n",
         format_duration(kMinFactorSeconds), format_percent(kMinFactorShare), text);
  }

  // The drill's own lessons that its record shows beyond the delays: a responder already tired
  // by pages of the last 24 hours (each slows their acknowledgement and diagnosis: the policy's
  // fatigue). Strained services (retries multiplying load) are under Root cause.
  void write_lessons(std::string& out) const {
    if (const auto sooner = rollback_first_saving_s())
      emit(out,
           "- Rolling back the recent change first would have mitigated this incident {} "
           "sooner: on the same seed, a policy that rolls back the latest change before "
           "diagnosing (mitigate_first) mitigated it {} after the impact began, against {}.\n",
           format_duration(*sooner), format_duration(*twin_ttm_s_), format_duration(*m_.ttm_s));
    if (const auto cried = false_alarms_before_detection(); cried > 0)
      emit(out,
           "- Alert {} had paged falsely {} time{} in the 7 days before it detected this "
           "incident: responders learn to distrust a rule that cries wolf.\n",
           m_.detected_by->name, cried, cried == 1 ? "" : "s");
    write_change_lessons(out);
    for (const auto& [name, pages] : tired_responders())
      emit(out,
           "- {} had already taken {} page{} in the 24 hours before this incident's first page "
           "to them: a tired responder answers and diagnoses more slowly.\n",
           name, pages, pages == 1 ? "" : "s");
  }

  // How much sooner the rollback-first twin mitigated an incident a change caused, when it
  // was at least a minute sooner.
  std::optional<double> rollback_first_saving_s() const {
    const bool change = fault_.type == model::FaultType::BadDeploy ||
                        fault_.type == model::FaultType::BadConfig;
    if (!change || !twin_ttm_s_ || !m_.ttm_s || *m_.ttm_s - *twin_ttm_s_ < 60.0)
      return std::nullopt;
    return *m_.ttm_s - *twin_ttm_s_;
  }

  // False-alarm pages of the rule that detected this incident in the 7 days before detection.
  std::size_t false_alarms_before_detection() const {
    if (!m_.detected_by || !m_.detected_s) return 0;
    const SimTime detected = engine::from_seconds(*m_.detected_s);
    std::size_t n = 0;
    for (const model::TimelineEvent& e : record_.timeline) {
      if (e.at >= detected) break;
      const auto* f = std::get_if<ev::FalseAlarmPaged>(&e.payload);
      if (f != nullptr && f->kind == m_.detected_by->kind && f->rule == m_.detected_by->rule &&
          detected - e.at <= std::chrono::hours(24 * 7))
        ++n;
    }
    return n;
  }

  // A change that caused the incident: shipped at peak traffic, or to every replica at once.
  void write_change_lessons(std::string& out) const {
    const bool change = fault_.type == model::FaultType::BadDeploy ||
                        fault_.type == model::FaultType::BadConfig;
    if (!change || record_.segments.empty()) return;
    const auto offered = [this](const model::Segment& seg) {
      double rps = 0.0;
      for (const model::JourneyFlow& j : seg.journeys) rps += j.offered_rps;
      return rps;
    };
    double peak = 0.0;
    double at_start = 0.0;
    for (const model::Segment& seg : record_.segments) {
      peak = std::max(peak, offered(seg));
      if (seg.start <= fault_start_ && fault_start_ < seg.end) at_start = offered(seg);
    }
    // Within a tenth of the run's busiest steady state: at peak.
    if (peak > 0.0 && at_start >= 0.9 * peak)
      emit(out,
           "- The change went out at peak traffic ({} req/s, {} of the run's busiest): a bad "
           "change there fails the most users.\n",
           format_count(at_start), format_percent(at_start / peak));
    if (fault_.type == model::FaultType::BadDeploy && fault_.rollout.empty())
      emit(out, "- The deploy went to every replica at once, without a canary stage.\n");
  }

  // People paged for this incident with their pages (incident or false alarm) in the 24 hours
  // before their first page for it.
  std::vector<std::pair<std::string, std::size_t>> tired_responders() const {
    std::vector<std::pair<std::string, std::size_t>> out;
    std::vector<model::PersonRef> seen;
    for (const model::TimelineEvent& e : record_.timeline) {
      const auto* page = std::get_if<ev::PageSent>(&e.payload);
      if (page == nullptr || page->incident != m_.index) continue;
      if (std::find(seen.begin(), seen.end(), page->to) != seen.end()) continue;
      seen.push_back(page->to);
      std::size_t earlier = 0;
      for (const model::TimelineEvent& before : record_.timeline) {
        if (before.at >= e.at) break;
        if (e.at - before.at > std::chrono::hours(24)) continue;
        const auto* p = std::get_if<ev::PageSent>(&before.payload);
        const auto* f = std::get_if<ev::FalseAlarmPaged>(&before.payload);
        if ((p != nullptr && p->to == page->to && p->incident != m_.index) ||
            (f != nullptr && f->to == page->to))
          ++earlier;
      }
      if (earlier > 0) out.emplace_back(person_name(scenario_, page->to), earlier);
    }
    return out;
  }

  void write_factors(std::string& out) const {
    emit(out, "### Contributing factors\n\n");
    write_lessons(out);
    if (factors_.empty()) {
      // An incident that burned error budget always says where its time went.
      if (m_.impact.error_budget_consumed > 0.0) {
        write_largest_phases(out);
        return;
      }
      emit(out,
           "None found in the timeline: no delay took at least {} and {} of the time to "
           "mitigate.\n\n",
           format_duration(kMinFactorSeconds), format_percent(kMinFactorShare));
      return;
    }
    for (const ContributingFactor& f : factors_) emit(out, "- {}\n", f.text);
    emit(out,
         "\nFound by the run itself from the phases above: every delay that took at least {} "
         "and {} of the time to mitigate.\n\n",
         format_duration(kMinFactorSeconds), format_percent(kMinFactorShare));
  }

  // Fills well_, badly_ and actions_ from the metrics against the score's targets. The actions
  // of the contributing factors come first; a cause that a factor already measures (an
  // escalation, red herrings, failed mitigations) is not repeated under What went badly, and an
  // action is never listed twice.
  void judge() {
    const std::string responders = responder_team_name();
    for (const ContributingFactor& f : factors_)
      for (const ActionItem& a : f.actions) actions_.push_back(a);
    const bool undetected_factor = factor(FactorKind::Undetected) != nullptr;
    // Detection.
    if (by_customers()) {
      badly_.push_back(
          fmt::format("No alert detected the {}: customers of journey {} "
                      "reported it, and support escalated it {} after {}.",
                      users_hurt() ? "impact" : "fault", m_.detected_by->name,
                      format_duration(detection_delay_s()), detection_origin()));
      actions_.push_back(detection_action());
    } else if (m_.ttd_s && *m_.ttd_s <= kTargetTtdS) {
      well_.push_back(fmt::format("Alert {} detected the impact in {}, within the {} target.",
                                  m_.detected_by->name, format_duration(*m_.ttd_s),
                                  format_duration(kTargetTtdS)));
    } else if (m_.ttd_s) {
      badly_.push_back(fmt::format("Detection took {}, over the {} target.",
                                   format_duration(*m_.ttd_s), format_duration(kTargetTtdS)));
      if (!undetected_factor) actions_.push_back(detection_action());
    } else if (m_.detected_by && !users_hurt()) {
      well_.push_back(
          fmt::format("Alert {} detected the fault {} after it began, before it hurt "
                      "any user.",
                      m_.detected_by->name, format_duration(detection_delay_s())));
    } else if (impact()) {
      badly_.push_back(fmt::format("No alert detected the impact: {} requests failed unnoticed.",
                                   format_count(m_.impact.failed_requests)));
      if (!undetected_factor) actions_.push_back(detection_action());
    }
    // Response.
    if (m_.tta_s && *m_.tta_s <= kTargetTtaS) {
      well_.push_back(
          fmt::format("The page was acknowledged {} after detection, within the {} "
                      "target for a revenue-impacting outage (SRE Workbook ch. 8).",
                      format_duration(*m_.tta_s), format_duration(kTargetTtaS)));
    } else if (m_.tta_s) {
      badly_.push_back(
          fmt::format("Acknowledgement took {} after detection, over the {} target "
                      "for a revenue-impacting outage (SRE Workbook ch. 8).",
                      format_duration(*m_.tta_s), format_duration(kTargetTtaS)));
    } else if (m_.detected_s) {
      badly_.push_back("Nobody acknowledged the page.");
    }
    if (m_.pages > 0 && m_.escalations == 0 && !m_.escalation_exhausted) {
      well_.push_back("The first people paged answered: no escalation was needed.");
    }
    if (m_.escalations > 0 || m_.escalation_exhausted || (m_.tta_s && *m_.tta_s > kTargetTtaS) ||
        (m_.detected_s && !m_.tta_s)) {
      add_escalation_findings();
    }
    if (m_.after_hours_pages > 0) {
      badly_.push_back(fmt::format("{} page{} reached people after hours ({}).",
                                   m_.after_hours_pages, m_.after_hours_pages == 1 ? "" : "s",
                                   names_list(after_hours_people())));
      // One action per team whose people were paged after hours, owned by that team.
      if (!factor(FactorKind::WokenResponder)) {
        // Worded without this incident's count, so that a week of incidents lists it once.
        for (const std::string& team : after_hours_teams()) {
          actions_.push_back(
              {fmt::format("Review after-hours paging of team {}: its people were paged outside "
                           "their working hours; a follow-the-sun rotation across time zones "
                           "would put those pages in someone's day.",
                           team),
               team, "respond"});
        }
      }
    } else if (m_.pages > 0) {
      well_.push_back("Nobody was paged outside working hours.");
    }
    // Diagnosis.
    if (m_.red_herrings > 0) {
      if (!factor(FactorKind::RedHerrings)) {
        badly_.push_back(fmt::format("Diagnosis followed {} red herring{} ({}) before the cause.",
                                     m_.red_herrings, m_.red_herrings == 1 ? "" : "s",
                                     names_list(red_herring_services())));
        actions_.push_back(
            red_herring_action(m_.root_cause.service, red_herring_services(), owner_name()));
      }
    } else if (m_.diagnosis_steps > 0 && m_.cause_identified_s) {
      well_.push_back("Diagnosis went straight to the cause, without red herrings.");
    }
    if (!m_.cause_identified_s && impact()) {
      badly_.push_back("The cause was not identified during the run.");
      actions_.push_back({fmt::format("Write a runbook for the failure modes of {}: the cause "
                                      "was not found during the drill.",
                                      m_.root_cause.service),
                          owner_name(), "mitigate"});
    }
    // Mitigation.
    if (m_.failed_mitigations > 0) {
      if (!factor(FactorKind::FailedMitigations)) {
        badly_.push_back(fmt::format("{} of {} mitigation attempts failed.", m_.failed_mitigations,
                                     m_.mitigation_attempts));
        std::optional<model::MitigationAction> failed;
        for_each<ev::MitigationFinished>(
            [&failed](const model::TimelineEvent&, const ev::MitigationFinished& f) {
              if (!f.success && !failed) failed = f.action;
            });
        actions_.push_back(failed_mitigation_action(*failed, m_.root_cause.service,
                                                    m_.failed_mitigations, owner_name()));
      }
    }
    std::optional<ev::MitigationStarted> guess;
    for_each<ev::MitigationStarted>([&guess](const model::TimelineEvent&,
                                             const ev::MitigationStarted& s) {
      if (s.reason == model::MitigationReason::WrongGuess && !guess) guess = s;
    });
    if (guess && !factor(FactorKind::WrongMitigations)) {
      const std::string& service = scenario_.services.at(guess->service).name;
      std::string tried = action_noun(guess->action);
      tried[0] = static_cast<char>(std::tolower(tried[0]));
      badly_.push_back(fmt::format("Without a runbook for {} at {}, the responders first tried "
                                   "a {}, which could not fix it.",
                                   m_.root_cause.fault, service, tried));
      actions_.push_back(runbook_action(fault_.type, service, guess->action, owner_name()));
    }
    if (m_.failed_mitigations == 0 && m_.mitigation_attempts > 0 && !guess) {
      well_.push_back("Every mitigation attempted worked the first time.");
    }
    if (const auto sooner = rollback_first_saving_s()) {
      actions_.push_back(
          {fmt::format("When an incident follows a deploy or config push, roll the change back "
                       "before diagnosing (the policy's mitigate_first): here {} sooner.",
                       format_duration(*sooner)),
           responder_team_name(), "mitigate"});
    }
    // What the responders' own actions cost users.
    for (const HarmfulAction& a : m_.harmful_actions) {
      if (a.failed_requests < kMinFailedRequests) continue;
      badly_.push_back(fmt::format("The {} of {} itself failed {} requests.", harm_noun(a.action),
                                   a.service, format_count(a.failed_requests)));
      const std::string owner = service_owner(a.service);
      actions_.push_back(
          {a.action == model::MitigationAction::Restart
               ? fmt::format("Give {} the headroom to restart one replica at a time (scale it "
                             "out before a rolling restart, or add a replica): its rolling "
                             "restart failed {} requests.",
                             a.service, format_count(a.failed_requests))
               : fmt::format("Review the {} of {}: it failed {} requests that the fault alone "
                             "would not have.",
                             harm_noun(a.action), a.service, format_count(a.failed_requests)),
           owner, "mitigate"});
    }
    bool prevent = false;
    if (m_.ttm_s && *m_.ttm_s <= kTargetTtmS) {
      well_.push_back(fmt::format("Impact ended {} after it began, within the {} target.",
                                  format_duration(*m_.ttm_s), format_duration(kTargetTtmS)));
    } else if (m_.ttm_s) {
      badly_.push_back(fmt::format("Impact lasted {}, over the {} mitigation target.",
                                   format_duration(*m_.ttm_s), format_duration(kTargetTtmS)));
      prevent = true;
    } else if (impact()) {
      badly_.push_back("Impact never ended during the run.");
      prevent = true;
    }
    // Error budget.
    if (impact() && m_.impact.error_budget_consumed >= kBadBudgetShare) {
      badly_.push_back(fmt::format("The incident consumed {} of the {} error budget of {}{}.",
                                   format_percent(m_.impact.error_budget_consumed),
                                   period_words(worst_journey().slo.period), worst_journey().name,
                                   m_.impact.error_budget_consumed >= 1.0 ? ": more than all of it" : ""));
      prevent = true;
      if (m_.impact.error_budget_consumed >= 1.0) {
        actions_.push_back({fmt::format("Apply the error budget policy to journey {}: hold "
                                        "risky releases until its budget recovers.",
                                        worst_journey().name),
                            owner_name(), "prevent"});
      }
    } else if (impact()) {
      well_.push_back(fmt::format("The error budget took a small hit: {} of journey {}'s.",
                                  format_percent(m_.impact.error_budget_consumed), worst_journey().name));
    } else {
      well_.push_back("No user request failed.");
    }
    if (prevent) actions_.push_back(prevention_action());
    // Communication.
    const std::optional<double> cadence = cadence_s();
    if (!m_.severity && impact()) {
      badly_.push_back("No severity was declared, so no status page was owed or kept.");
      actions_.push_back(
          {"Declare a severity as soon as an incident is acknowledged, from the "
           "policy's share of failed requests.",
           responders, "communicate"});
    } else if (cadence) {
      const std::string severity = model::to_string(*m_.severity);
      const double deadline = engine::to_seconds(*scenario_.policy.first_update_due(*m_.severity));
      bool late = false;
      if (!m_.time_to_first_update_s) {
        badly_.push_back(fmt::format("No status update was posted (policy at {}: every {}).",
                                     severity, format_duration(*cadence)));
        late = true;
      } else if (*m_.time_to_first_update_s > deadline) {
        badly_.push_back(fmt::format(
            "The first status update came {} after detection, over the "
            "{} deadline for {}.",
            format_duration(*m_.time_to_first_update_s), format_duration(deadline), severity));
        late = true;
      } else {
        well_.push_back(fmt::format(
            "The first status update went out {} after detection, "
            "within the {} deadline for {}.",
            format_duration(*m_.time_to_first_update_s), format_duration(deadline), severity));
      }
      if (m_.longest_silence_s && *m_.longest_silence_s > *cadence) {
        if (m_.time_to_first_update_s) {
          badly_.push_back(
              fmt::format("The longest silence between status updates was {}, over "
                          "the {} cadence.",
                          format_duration(*m_.longest_silence_s), format_duration(*cadence)));
        }
        late = true;
      } else if (m_.longest_silence_s && m_.time_to_first_update_s) {
        well_.push_back(
            fmt::format("Status updates kept to the cadence: the longest silence was {}.",
                        format_duration(*m_.longest_silence_s)));
      }
      if (late) {
        // A drafting factor already asks for a communications lead.
        const bool lead_asked = factor(FactorKind::DraftingStatusUpdates) != nullptr;
        actions_.push_back(
            {fmt::format("{}ost a status update within {} and every {} after ({}).",
                         lead_asked ? "P"
                                    : "Name a communications lead when severity is "
                                      "declared; p",
                         format_duration(deadline), format_duration(*cadence), severity),
             responders, "communicate"});
      }
    }
    if (m_.customer_silence_s && m_.longest_silence_s &&
        *m_.customer_silence_s > *m_.longest_silence_s) {
      badly_.push_back(fmt::format(
          "Customers saw {} without a status update from the moment they began to fail, "
          "against {} from the severity declaration on.",
          format_duration(*m_.customer_silence_s), format_duration(*m_.longest_silence_s)));
    }
    add_ticket_findings();
  }

  bool by_customers() const {
    return m_.detected_by && m_.detected_by->kind == model::AlertRuleKind::CustomerReport;
  }

  // "N support tickets; M arrived while customers had no status update for over X."
  void add_ticket_findings() {
    if (m_.support_tickets == 0) return;
    const std::string tickets =
        fmt::format("{} support ticket{}", m_.support_tickets, m_.support_tickets == 1 ? "" : "s");
    const std::string silence = format_duration(m_.silence_threshold_s);
    if (m_.support_tickets_in_silence == 0) {
      well_.push_back(
          fmt::format("{}; none arrived while customers had no status update for "
                      "over {}.",
                      tickets, silence));
      return;
    }
    badly_.push_back(
        fmt::format("{}; {} arrived while customers had no status update for over "
                    "{}.",
                    tickets, m_.support_tickets_in_silence, silence));
  }

  ActionItem prevention_action() const {
    const std::string& target = m_.root_cause.service;
    switch (fault_.type) {
      case model::FaultType::BadDeploy:
        return {fmt::format("Add a canary stage with automatic rollback to {} deploys.", target),
                owner_name(), "prevent"};
      case model::FaultType::CrashReplicas:
        return {fmt::format("Restart crashed replicas of {} automatically and review its "
                            "replica count ({}) against peak load.",
                            target, scenario_.services.at(fault_.service).replicas),
                owner_name(), "prevent"};
      case model::FaultType::ErrorRate:
        return {fmt::format("Automate the restart of {} on its error-ratio alert, and make its "
                            "callers retry or degrade.",
                            target),
                owner_name(), "prevent"};
      case model::FaultType::Latency:
        return {fmt::format("Tighten the timeouts of calls to {} and put a circuit breaker on "
                            "them.",
                            target),
                owner_name(), "prevent"};
      case model::FaultType::TrafficSurge:
        return {fmt::format("Add autoscaling or load shedding for {}.", target), owner_name(),
                "prevent"};
      case model::FaultType::CallFailure: {
        const model::Call& call = scenario_.calls.at(fault_.call);
        return {fmt::format("Make the call {} soft with a fallback, or put a circuit breaker on "
                            "it, so that its failure degrades {} instead of failing requests.",
                            target, scenario_.services.at(call.caller).name),
                owner_name(), "prevent"};
      }
      case model::FaultType::Outage:
      case model::FaultType::ResourceExhaustion:
        return {fmt::format("Add a resource alert and automatic restart for {}, and spread it "
                            "over more replicas and zones.",
                            target),
                owner_name(), "prevent"};
      case model::FaultType::MemoryLeak:
        return {fmt::format("Alert on {}'s memory growth and add a soak stage to its deploys.",
                            target),
                owner_name(), "prevent"};
      case model::FaultType::BadConfig:
        return {fmt::format("Push config to {} progressively, with validation and a canary.",
                            target),
                owner_name(), "prevent"};
      case model::FaultType::NetworkPartition:
        return {fmt::format("Give {} a fallback path or a soft dependency across the partition.",
                            target),
                owner_name(), "prevent"};
      case model::FaultType::ZoneOutage:
        return {"Spread every critical service over at least two zones and rehearse zone "
                "failover.",
                owner_name(), "prevent"};
      case model::FaultType::ThirdPartyOutage:
        return {fmt::format("Keep a second provider for {} warm, with automatic failover.",
                            target),
                owner_name(), "prevent"};
      case model::FaultType::CertificateExpiry:
        return {fmt::format("Automate certificate renewal for {} and alert 30 days before "
                            "expiry.",
                            target),
                owner_name(), "prevent"};
      case model::FaultType::DatastoreFailover:
        return {fmt::format("Size {}'s replicas so that a promoted one carries peak load.",
                            target),
                owner_name(), "prevent"};
    }
    return {"Prevent a recurrence of fault " + fault_.id + ".", owner_name(), "prevent"};
  }

  // The teams of the people paged after hours, in order of their first such page.
  std::vector<std::string> after_hours_teams() const {
    std::vector<std::string> teams;
    for_each<ev::PageSent>([&](const model::TimelineEvent&, const ev::PageSent& p) {
      if (!p.after_hours) return;
      const std::string& team = scenario_.teams.at(p.to.team).name;
      if (std::find(teams.begin(), teams.end(), team) == teams.end()) teams.push_back(team);
    });
    return teams;
  }

  std::vector<std::string> after_hours_people() const {
    std::vector<std::string> people;
    for_each<ev::PageSent>([&](const model::TimelineEvent&, const ev::PageSent& p) {
      if (!p.after_hours) return;
      const std::string& name = person_name(scenario_, p.to);
      if (std::find(people.begin(), people.end(), name) == people.end()) people.push_back(name);
    });
    return people;
  }

  // Findings on paging, per team whose page escalated or ran out (or, for a late
  // acknowledgement without escalation, the first team paged).
  void add_escalation_findings() {
    std::vector<std::size_t> teams;
    const auto add_team = [&teams](std::size_t t) {
      if (std::find(teams.begin(), teams.end(), t) == teams.end()) teams.push_back(t);
    };
    for_each<ev::PageEscalated>(
        [&](const model::TimelineEvent&, const ev::PageEscalated& e) { add_team(e.team); });
    for_each<ev::EscalationExhausted>(
        [&](const model::TimelineEvent&, const ev::EscalationExhausted& e) { add_team(e.team); });
    if (teams.empty() && paged_team_) teams.push_back(*paged_team_);
    for (const std::size_t team : teams) add_escalation_findings(team);
  }

  void add_escalation_findings(std::size_t team) {
    // Who held the team's page at the first level, and how long they had before it moved on.
    std::vector<std::string> first_level;
    for_each<ev::PageSent>([&](const model::TimelineEvent&, const ev::PageSent& p) {
      if (p.level != 0 || p.to.team != team) return;
      const std::string& name = person_name(scenario_, p.to);
      if (std::find(first_level.begin(), first_level.end(), name) == first_level.end()) {
        first_level.push_back(name);
      }
    });
    std::size_t escalations = 0;
    bool exhausted = false;
    for_each<ev::PageEscalated>([&](const model::TimelineEvent&, const ev::PageEscalated& e) {
      if (e.team == team) ++escalations;
    });
    for_each<ev::EscalationExhausted>(
        [&](const model::TimelineEvent&, const ev::EscalationExhausted& e) {
          if (e.team == team) exhausted = true;
        });
    const std::string team_text = team_name(team);
    // The breakdown measured this team's page as a contributing factor: it says it with numbers.
    if (factor(FactorKind::SlowAcknowledgement, team_text)) return;
    const auto& levels = scenario_.teams.at(team).escalation.levels;
    const double delay_s = levels.empty() ? 0.0 : engine::to_seconds(levels.front().delay);
    if (escalations > 0) {
      badly_.push_back(fmt::format(
          "Team {}'s page escalated {}: level 1 ({}) did not "
          "acknowledge within {}.",
          team_text, times(escalations), names_list(first_level), format_duration(delay_s)));
    }
    if (exhausted) {
      badly_.push_back(
          fmt::format("Team {}'s escalation policy ran out without an "
                      "acknowledgement.",
                      team_text));
      actions_.push_back(exhausted_policy_action(team_text));
    }
    // Without an escalation, level 1 answered, only late.
    const bool answered = escalations == 0 && !exhausted && m_.tta_s;
    actions_.push_back(
        paging_review_action(team_text, first_level, delay_s, answered ? m_.tta_s : std::nullopt));
  }

  void write_judgement(std::string& out) const {
    emit(out, "### What went well\n\n");
    if (well_.empty()) emit(out, "- Nothing met its target.\n");
    for (const std::string& line : well_) emit(out, "- {}\n", line);
    emit(out, "\n### What went badly\n\n");
    if (badly_.empty()) emit(out, "- Nothing: every phase met its target.\n");
    for (const std::string& line : badly_) emit(out, "- {}\n", line);
    emit(out, "\n");
  }

  void write_appendix(std::string& out) const {
    emit(out, "### Appendix: metrics\n\n| Metric | Value | Target |\n|---|---:|---:|\n");
    auto row = [&out](const std::string& metric, const std::string& value,
                      const std::string& target) {
      emit(out, "| {} | {} | {} |\n", metric, cell(value), target);
    };
    const std::optional<double> cadence = cadence_s();
    const std::string cadence_text = cadence ? format_duration(*cadence) : "";
    row("Fault start", utc(fault_start_), "");
    row("Impact start (users began to feel it)",
        users_hurt() ? fmt::format("{} ({} after the fault began)", utc(origin_),
                                   format_duration(*m_.impact_start_s - m_.fault_start_s))
                     : std::string("none: the fault never hurt users"),
        "");
    // Without an impact the times measured from it do not exist: not "never", but "no impact".
    const auto since_impact = [this](const std::optional<double>& t) {
      return users_hurt() ? or_never(t) : std::string("no impact");
    };
    row("Time to detect (TTD)", since_impact(m_.ttd_s), format_duration(kTargetTtdS));
    row("Time to acknowledge (TTA)", or_never(m_.tta_s), format_duration(kTargetTtaS));
    row("Time to mitigate (TTM)", since_impact(m_.ttm_s), format_duration(kTargetTtmS));
    row("Time to resolve (TTR)", since_impact(m_.ttr_s), "");
    row("Failed requests", format_count(m_.impact.failed_requests), "");
    row("Error budget consumed (worst journey)", format_percent(m_.impact.error_budget_consumed), "");
    row("Revenue lost", format_money(m_.impact.revenue_lost, scenario_.run.currency), "");
    row("Pages", std::to_string(m_.pages), "");
    row("After-hours pages", std::to_string(m_.after_hours_pages), "");
    row("Wake-ups", std::to_string(m_.wake_ups), "");
    row("Escalations", std::to_string(m_.escalations), "");
    row("Responders", fmt::format("{} ({})", m_.responders.size(), names_list(m_.responders)), "");
    row("Teams engaged", names_list(m_.teams_engaged, "none"), "");
    std::vector<std::string> roles;
    for (const RoleFilled& r : m_.roles)
      roles.push_back(fmt::format("{} {}", r.person, role_words(r.role)));
    row("Roles filled", names_list(roles, "none"), "");
    row("Person-hours", fmt::format("{:.2f}", m_.person_hours), "");
    row("Status updates", std::to_string(m_.status_updates), "");
    row("Time to first update", or_never(m_.time_to_first_update_s), cadence_text);
    row("Longest silence", or_never(m_.longest_silence_s), cadence_text);
    row("First customer report",
        m_.first_customer_report_s ? offset(*m_.first_customer_report_s) : std::string("none"), "");
    row("Support tickets",
        fmt::format("{} ({} after over {} without a status update)", m_.support_tickets,
                    m_.support_tickets_in_silence, format_duration(m_.silence_threshold_s)),
        "");
    emit(out, "\n| Score component | Weight | Sub-score | Points |\n|---|---:|---:|---:|\n");
    for (std::size_t c = 0; c < kScoreComponentCount; ++c) {
      const auto component = static_cast<ScoreComponent>(c);
      emit(out, "| {} | {:g} | {:.2f} | {:.1f} |\n", to_string(component), kScoreWeights[c],
           m_.score_breakdown.subscores[c], m_.score_breakdown.points(component));
    }
    emit(out, "| **Score** | 100 | | **{:.1f}** |\n\n", m_.score);
  }

  // At or above this share of a journey's budget an incident is a finding (the SRE Workbook's
  // ch. 5 ticket-level alerts fire when 10 % of the budget is spent).
  static constexpr double kBadBudgetShare = 0.10;

  const model::Scenario& scenario_;
  const model::RunRecord& record_;
  const IncidentMetrics& m_;
  const model::Fault& fault_;
  const std::vector<Snapshot>& snapshots_;
  SimTime fault_start_{0};
  SimTime origin_{0};  // T+ 0: the impact's start, or the fault's start without one
  SimTime impact_end_{0};
  std::vector<const model::TimelineEvent*> events_;
  std::optional<std::size_t> owner_;
  std::optional<std::size_t> paged_team_;
  std::string owner_name_;
  std::optional<double> twin_ttm_s_;
  std::string responder_team_name_;
  std::vector<ContributingFactor> factors_;
  std::size_t worst_journey_ = 0;
  std::vector<std::string> well_;
  std::vector<std::string> badly_;
  std::vector<ActionItem> actions_;
};

}  // namespace

// The run's action items, each once however many incidents call for it: its owner team, its
// priority (high for an incident declared P1 or P2, medium for P3, low otherwise: the most
// severe incident it applies to) and the incidents it applies to.
class RunActions {
 public:
  // Adds incident `m`'s items; returns their numbers in the run's list.
  std::vector<std::size_t> add(const IncidentMetrics& m, const std::vector<ActionItem>& items) {
    std::vector<std::size_t> numbers;
    for (const ActionItem& item : items) {
      auto it = std::find_if(entries_.begin(), entries_.end(),
                             [&](const Entry& e) { return e.item.action == item.action; });
      if (it == entries_.end()) it = entries_.insert(entries_.end(), Entry{item, {}, 2});
      it->incidents.push_back(m.id);
      it->priority = std::min(it->priority, priority_of(m));
      numbers.push_back(static_cast<std::size_t>(it - entries_.begin()) + 1);
    }
    return numbers;
  }

  bool empty() const { return entries_.empty(); }

  void write_table(std::string& out) const {
    constexpr std::array<const char*, 3> kPriorities{"high", "medium", "low"};
    emit(out, "| # | Action | Owner | Kind | Priority | Applies to |\n|---:|---|---|---|---|---|\n");
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const Entry& e = entries_[i];
      std::string applies;
      for (std::size_t k = 0; k < e.incidents.size(); ++k)
        applies += (k > 0 ? ", " : "") + e.incidents[k];
      if (e.incidents.size() > 1) applies += fmt::format(" ({} incidents)", e.incidents.size());
      emit(out, "| {} | {} | {} | {} | {} | {} |\n", i + 1, cell(e.item.action),
           cell(e.item.owner), e.item.kind, kPriorities[e.priority], applies);
    }
    emit(out, "\n");
  }

 private:
  struct Entry {
    ActionItem item;
    std::vector<std::string> incidents;
    int priority;  // 0 high, 1 medium, 2 low
  };
  static int priority_of(const IncidentMetrics& m) {
    if (!m.severity) return 2;
    if (*m.severity <= model::Severity::P2) return 0;
    return *m.severity == model::Severity::P3 ? 1 : 2;
  }
  std::vector<Entry> entries_;
};

std::string postmortem_markdown(const model::Scenario& scenario, const model::RunRecord& record,
                                const Report& report, const std::vector<Snapshot>& snapshots,
                                const std::optional<RollbackFirstTwin>& twin) {
  std::string out;
  emit(out, "# Postmortem: {} drill, {}\n\n", scenario.name,
       format_utc_date(scenario.run.start_unix_s, SimTime{0}));
  if (!scenario.purpose.empty()) emit(out, "_{}_\n\n", scenario.purpose);
  emit(out,
       "Blameless postmortem of a simulated drill, written by firedrill from the run's record: "
       "it describes what the system and the response process did, not who is at fault. "
       "Run: seed {}, {} from {}.\n\n",
       report.seed, format_duration(report.duration_s),
       format_utc(scenario.run.start_unix_s, SimTime{0}));
  const Summary& s = report.summary;
  emit(out,
       "**Overall:** {} incident{}, score {:.1f} / 100; {} failed requests, {} revenue lost, {} "
       "pages ({} after hours, {} waking someone), {} person-hours",
       s.incidents, s.incidents == 1 ? "" : "s", s.score, format_count(s.impact.failed_requests),
       format_money(s.impact.revenue_lost, scenario.run.currency), s.pages, s.after_hours_pages, s.wake_ups,
       fmt::format("{:.1f}", s.person_hours));
  if (s.false_alarm_pages > 0) {
    emit(out, "; {} false-alarm page{} ({} waking someone)", s.false_alarm_pages,
         s.false_alarm_pages == 1 ? "" : "s", s.false_alarm_wake_ups);
  }
  emit(out, ".\n\n");
  write_snapshots(out, snapshots, std::nullopt, scenario.run.start_unix_s, SimTime{0});
  if (report.incidents.empty()) {
    emit(out, "## No incidents\n\nNo fault caused an incident during the run");
    if (had_impact(s.impact)) {
      emit(out, "; {} requests failed outside any incident", format_count(s.impact.failed_requests));
    }
    emit(out, ". Nothing to follow up.\n");
    return out;
  }
  // One list of action items for the run: with one incident it closes the incident's section;
  // with several, each section names its items and the list follows them all.
  RunActions actions;
  const bool one = report.incidents.size() == 1;
  for (const IncidentMetrics& m : report.incidents) {
    std::optional<double> twin_ttm_s;
    if (twin && m.index < twin->ttm_s.size()) twin_ttm_s = twin->ttm_s[m.index];
    IncidentWriter writer(scenario, record, m, snapshots, twin_ttm_s);
    writer.write(out);
    std::vector<std::size_t> numbers = actions.add(m, writer.actions());
    std::sort(numbers.begin(), numbers.end());
    emit(out, "### Action items\n\n");
    if (numbers.empty()) {
      emit(out, "None: every phase met its target.\n\n");
    } else if (one) {
      actions.write_table(out);
    } else {
      std::string list;
      for (std::size_t k = 0; k < numbers.size(); ++k)
        list += (k == 0 ? "" : k + 1 == numbers.size() ? " and " : ", ") +
                std::to_string(numbers[k]);
      emit(out, "Item{} {} of the run's [action items](#action-items-for-the-run).\n\n",
           numbers.size() == 1 ? "" : "s", list);
    }
    writer.write_end(out);
  }
  if (!one && !actions.empty()) {
    emit(out, "## Action items for the run\n\n");
    actions.write_table(out);
  }
  return out;
}

}  // namespace firedrill::scoring
