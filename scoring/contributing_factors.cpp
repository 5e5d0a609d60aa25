#include "scoring/contributing_factors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <variant>

#include "scoring/describe.hpp"
#include "scoring/format.hpp"
#include "scoring/integrals.hpp"
#include "scoring/score.hpp"

namespace firedrill::scoring {
namespace {

std::string names_list(const std::vector<std::string>& names, const char* none = "nobody") {
  if (names.empty()) return none;
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " and " : ", ";
    text += names[i];
  }
  return text;
}

template <typename T>
void add_unique(std::vector<T>& seen, const T& value) {
  if (std::find(seen.begin(), seen.end(), value) == seen.end()) seen.push_back(value);
}

std::string plural(std::size_t n, const char* noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

// "a status update", "2 status updates".
std::string counted(std::size_t n, const char* noun) {
  return n == 1 ? fmt::format("a {}", noun) : plural(n, noun);
}

std::string lowercase_first(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(text[0]));
  return text;
}

// "18 of 31 min" when both are whole minutes under an hour (the style), else
// "1 h 05 min of 1 h 40 min".
std::string part_of(double part_s, double total_s) {
  const std::string part = format_duration(part_s);
  const std::string total = format_duration(total_s);
  const auto whole_minutes = [](const std::string& d) {
    return d.size() > 4 && d.compare(d.size() - 4, 4, " min") == 0 && d.find(' ') == d.size() - 4;
  };
  if (whole_minutes(part) && whole_minutes(total)) {
    return part.substr(0, part.size() - 4) + " of " + total;
  }
  return part + " of " + total;
}

}  // namespace

std::optional<std::size_t> fault_owner_team(const model::Scenario& scenario,
                                            const model::Fault& fault) {
  switch (fault.type) {
    case model::FaultType::CallFailure:
      return scenario.services.at(scenario.calls.at(fault.call).caller).team;
    case model::FaultType::TrafficSurge:
      if (!fault.journey) return std::nullopt;
      return scenario.services.at(scenario.journeys.at(*fault.journey).entry_service).team;
    case model::FaultType::ZoneOutage:
      return std::nullopt;  // the cloud provider's
    default:
      return scenario.services.at(fault.service).team;
  }
  return std::nullopt;
}

namespace {

std::optional<std::size_t> first_paged_team(const model::RunRecord& record,
                                            const IncidentMetrics& m) {
  for (const model::TimelineEvent& event : record.timeline) {
    const auto* page = std::get_if<model::ev::PageSent>(&event.payload);
    if (page != nullptr && page->incident == m.index) return page->to.team;
  }
  return std::nullopt;
}

std::string team_name(const model::Scenario& scenario, std::optional<std::size_t> team) {
  return team ? scenario.teams.at(*team).name : std::string("the incident commander");
}

// Builds the factors of one incident from its breakdown.
class FactorFinder {
 public:
  FactorFinder(const model::Scenario& scenario, const model::RunRecord& record,
               const IncidentMetrics& m)
      : scenario_(scenario),
        m_(m),
        b_(m.time_to_mitigate_breakdown),
        fault_type_(record.faults.at(m.fault).type),
        owner_(owning_team(scenario, record, m)),
        responders_(responding_team(scenario, record, m)) {}

  std::vector<ContributingFactor> find() {
    undetected();
    slow_acknowledgement();
    woken_responder();
    red_herrings();
    waiting_for_teams();
    drafting();
    coordination_overhead();
    failed_mitigations();
    wrong_mitigations();
    rollbacks_in_vain();
    handoffs();
    no_mitigation();
    std::stable_sort(factors_.begin(), factors_.end(),
                     [](const ContributingFactor& a, const ContributingFactor& b) {
                       return a.seconds > b.seconds;
                     });
    return std::move(factors_);
  }

 private:
  bool material(double seconds) const {
    return b_.total_s() > 0.0 && seconds >= kMinFactorSeconds &&
           seconds >= kMinFactorShare * b_.total_s();
  }

  // "18 of 31 min to mitigate", "All 31 min to mitigate"; for an incident the run left
  // unmitigated, "18 of the 31 min of impact before the run ended".
  std::string spent(double seconds) const {
    const bool all = seconds >= b_.total_s();
    if (b_.mitigated) {
      return all ? "All " + format_duration(b_.total_s()) + " to mitigate"
                 : part_of(seconds, b_.total_s()) + " to mitigate";
    }
    const std::string total = format_duration(b_.total_s());
    return all ? "All " + total + " of impact before the run ended"
               : format_duration(seconds) + " of the " + total + " of impact before the run ended";
  }

  ContributingFactor& add(FactorKind kind, double seconds, std::string text) {
    ContributingFactor& f = factors_.emplace_back();
    f.kind = kind;
    f.seconds = seconds;
    f.share = seconds / b_.total_s();
    f.text = std::move(text);
    return f;
  }

  void undetected() {
    const double seconds = b_.seconds_in(PhaseKind::Undetected);
    // Without failed requests or a latency SLO breached there was nothing for an alert to detect.
    if (!material(seconds) || !hurt_users(m_)) return;
    const bool in_window = m_.detected_s && *m_.detected_s <= b_.end_s && m_.detected_by;
    const std::string how =
        in_window ? fmt::format("passed before alert {} detected the impact, against a {} target",
                                m_.detected_by->name, format_duration(kTargetTtdS))
                  : std::string("passed without any alert detecting the impact");
    add(FactorKind::Undetected, seconds, fmt::format("{} {}.", spent(seconds), how))
        .actions.push_back(detection_action(scenario_, m_));
  }

  void slow_acknowledgement() {
    std::vector<const Phase*> levels;
    const Phase* exhausted = nullptr;
    const Phase* after = nullptr;
    double seconds = 0.0;
    for (const Phase& p : b_.phases) {
      if (p.kind == PhaseKind::AwaitingAcknowledgement) {
        levels.push_back(&p);
      } else if (p.kind == PhaseKind::EscalationExhausted) {
        exhausted = &p;
      } else if (!levels.empty() || exhausted) {
        after = &p;
        break;
      } else {
        continue;
      }
      seconds += p.duration_s();
    }
    if (!material(seconds) || (levels.empty() && !exhausted)) return;
    const std::string team =
        levels.empty() ? exhausted->team.value_or("?") : levels.front()->team.value_or("?");
    // Whoever starts work next acknowledged the page.
    const std::optional<std::string> acker =
        after && !after->people.empty() ? std::optional(after->people.front()) : std::nullopt;
    const auto level_of = [](const Phase* p) { return p->escalation_level.value_or(1); };
    const auto delay_of = [](const Phase* p) {
      return format_duration(p->escalation_delay_s.value_or(p->duration_s()));
    };
    const auto who = [](const Phase* p) { return names_list(p->people, "nobody on call"); };
    std::string text;
    if (exhausted) {
      std::vector<std::string> parts;
      for (const Phase* p : levels)
        parts.push_back(fmt::format("level {}: {}", level_of(p), who(p)));
      text = fmt::format(
          "{} were spent waiting for team {}: nobody acknowledged its page ({}) "
          "and its escalation policy ran out",
          spent(seconds), team, names_list(parts, "no level"));
      text += acker ? fmt::format("; {} acknowledged only {} later.", *acker,
                                  format_duration(exhausted->duration_s()))
                    : ".";
    } else if (levels.size() == 1) {
      text = acker ? fmt::format(
                         "{} were spent waiting for {} to acknowledge the page (level {} "
                         "of team {}).",
                         spent(seconds), *acker, level_of(levels[0]), team)
                   : fmt::format(
                         "{} were spent waiting for team {} to acknowledge the page: "
                         "{} (level {}) had not when impact ended.",
                         spent(seconds), team, who(levels[0]), level_of(levels[0]));
    } else {
      const Phase* last = levels.back();
      std::string missed;
      if (levels.size() == 2) {
        missed = levels[0]->people.empty()
                     ? fmt::format("level {} had nobody on call for {}", level_of(levels[0]),
                                   delay_of(levels[0]))
                     : fmt::format("{} did not acknowledge level {} within {}", who(levels[0]),
                                   level_of(levels[0]), delay_of(levels[0]));
      } else {
        std::vector<std::string> parts;
        for (std::size_t i = 0; i + 1 < levels.size(); ++i)
          parts.push_back(fmt::format("level {} ({}) within {}", level_of(levels[i]),
                                      who(levels[i]), delay_of(levels[i])));
        missed = "nobody acknowledged " + names_list(parts);
      }
      // A policy with loops comes back to level 1 after its last level.
      bool looped = false;
      for (std::size_t i = 1; i < levels.size(); ++i)
        looped = looped || level_of(levels[i]) <= level_of(levels[i - 1]);
      text = looped ? fmt::format(
                          "{} were spent waiting for team {}'s page to go round its escalation "
                          "policy again, to level {}: {}",
                          spent(seconds), team, level_of(last), missed)
                    : fmt::format("{} were spent waiting for escalation level {} of team {}: {}",
                                  spent(seconds), level_of(last), team, missed);
      const bool at_last = acker && std::find(last->people.begin(), last->people.end(), *acker) !=
                                        last->people.end();
      text += !acker ? fmt::format("; nobody at level {} ({}) had acknowledged when impact ended.",
                                   level_of(last), who(last))
              : at_last ? fmt::format("; {} acknowledged {} after level {} was paged.", *acker,
                                      format_duration(last->duration_s()), level_of(last))
                        : fmt::format(
                              "; {} acknowledged the level-{} page late, {} after "
                              "level {} ({}) was paged.",
                              *acker, acker_level(*acker, levels),
                              format_duration(last->duration_s()), level_of(last), who(last));
    }
    ContributingFactor& f = add(FactorKind::SlowAcknowledgement, seconds, std::move(text));
    f.team = team;
    if (!levels.empty()) {
      const Phase* first = levels.front();
      const bool answered_at_once = levels.size() == 1 && !exhausted && acker;
      f.actions.push_back(paging_review_action(
          team, first->people, first->escalation_delay_s.value_or(first->duration_s()),
          answered_at_once ? std::optional(first->duration_s()) : std::nullopt));
    }
    if (exhausted) f.actions.push_back(exhausted_policy_action(team));
  }

  // The first level whose page reached `who`.
  static std::size_t acker_level(const std::string& who, const std::vector<const Phase*>& levels) {
    for (const Phase* p : levels)
      if (std::find(p->people.begin(), p->people.end(), who) != p->people.end())
        return p->escalation_level.value_or(1);
    return 1;
  }

  void woken_responder() {
    const double seconds = b_.seconds_in(PhaseKind::GettingToKeyboard);
    if (!material(seconds)) return;
    std::string who = "the responder";
    for (const Phase& p : b_.phases)
      if (p.kind == PhaseKind::GettingToKeyboard && !p.people.empty()) who = p.people.front();
    add(FactorKind::WokenResponder, seconds,
        fmt::format("{} passed between {}'s acknowledgement and being at a keyboard: the page "
                    "had woken them.",
                    spent(seconds), who))
        .actions.push_back(
            {fmt::format("Put team {}'s night pages in someone's day with a follow-the-sun "
                         "rotation, or keep the night's on-call awake and at a keyboard: being "
                         "woken cost {} {} before triage could start.",
                         responders_, who, format_duration(seconds)),
             responders_, "respond"});
  }

  void red_herrings() {
    const double seconds = b_.seconds_in(PhaseKind::RedHerring);
    if (!material(seconds)) return;
    std::vector<std::string> services;
    std::vector<double> service_s;
    for (const Phase& p : b_.phases) {
      if (p.kind != PhaseKind::RedHerring || !p.service) continue;
      const auto it = std::find(services.begin(), services.end(), *p.service);
      if (it == services.end()) {
        services.push_back(*p.service);
        service_s.push_back(p.duration_s());
      } else {
        service_s[static_cast<std::size_t>(it - services.begin())] += p.duration_s();
      }
    }
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < services.size(); ++i)
      parts.push_back(fmt::format("{} ({})", services[i], format_duration(service_s[i])));
    add(FactorKind::RedHerrings, seconds,
        fmt::format("{} went into red herrings: diagnosis inspected {} before the cause.",
                    spent(seconds), names_list(parts)))
        .actions.push_back(red_herring_action(m_.root_cause.service, services, owner_));
  }

  void waiting_for_teams() {
    std::vector<std::string> teams;
    for (const Phase& p : b_.phases)
      if (p.kind == PhaseKind::WaitingForTeam && p.team) add_unique(teams, *p.team);
    for (const std::string& team : teams) {
      double seconds = 0.0;
      std::vector<std::string> joined;
      for (const Phase& p : b_.phases) {
        if (p.kind != PhaseKind::WaitingForTeam || p.team != team) continue;
        seconds += p.duration_s();
        for (const std::string& who : p.people) add_unique(joined, who);
      }
      if (!material(seconds)) continue;
      ContributingFactor& f = add(
          FactorKind::WaitingForTeam, seconds,
          fmt::format("{} were spent waiting for team {}, paged only when diagnosis reached its "
                      "service{}.",
                      spent(seconds), team,
                      joined.empty() ? "; nobody from it had joined when impact ended"
                                     : "; then " + names_list(joined) + " joined"));
      f.team = team;
      f.actions.push_back(experts_action(team));
    }
  }

  ActionItem experts_action(const std::string& team) const {
    const auto& up_to = scenario_.policy.page_experts_up_to;
    const std::string why = fmt::format(
        "so that team {} joins before diagnosis reaches its services, or give team "
        "{} a runbook for them.",
        team, responders_);
    if (!up_to) {
      return {
          "Page subject-matter experts at triage (set the policy's `page_experts_up_to`), " + why,
          responders_, "respond"};
    }
    if (m_.severity && *m_.severity > *up_to) {
      return {fmt::format("Page subject-matter experts at triage for {} incidents too "
                          "(`page_experts_up_to` is {}), {}",
                          model::to_string(*m_.severity), model::to_string(*up_to), why),
              responders_, "respond"};
    }
    return {fmt::format("Page team {} as a subject-matter expert whenever the severity reaches "
                        "{}, not only at triage, {}",
                        team, model::to_string(*up_to), why),
            responders_, "respond"};
  }

  void drafting() {
    const double seconds = b_.seconds_in(PhaseKind::DraftingStatusUpdate);
    if (!material(seconds)) return;
    std::size_t drafts = 0;
    std::vector<std::string> writers;
    for (const Phase& p : b_.phases) {
      if (p.kind != PhaseKind::DraftingStatusUpdate) continue;
      ++drafts;
      for (const std::string& who : p.people) add_unique(writers, who);
    }
    add(FactorKind::DraftingStatusUpdates, seconds,
        fmt::format("{} went into drafting {}: {}, who was investigating, wrote {} while "
                    "diagnosis waited.",
                    spent(seconds), counted(drafts, "status update"),
                    names_list(writers, "the investigator"), drafts == 1 ? "it" : "them"))
        .actions.push_back(role_action(scenario_.policy.comms_lead, "communications lead",
                                       "comms_lead",
                                       "the investigator keeps investigating while status "
                                       "updates go out",
                                       "communicate"));
  }

  void coordination_overhead() {
    const double seconds = b_.coordination_overhead_s();
    if (!material(seconds)) return;
    std::size_t responders = 0;
    for (const Phase& p : b_.phases) responders = std::max(responders, p.responders);
    add(FactorKind::CoordinationOverhead, seconds,
        fmt::format("{} were coordination overhead: without an incident commander, each "
                    "responder beyond the first slowed every diagnosis step by {} (up to {} "
                    "responders).",
                    spent(seconds),
                    format_percent(scenario_.policy.coordination_overhead_per_responder),
                    responders))
        .actions.push_back(role_action(scenario_.policy.incident_commander, "incident commander",
                                       "incident_commander",
                                       "responders split the search instead of coordinating "
                                       "ad hoc",
                                       "respond"));
  }

  // An action that puts a role of the incident command system on incidents like this one.
  ActionItem role_action(const std::optional<model::RolePolicy>& policy, const char* role,
                         const char* key, const char* so_that, const char* kind) const {
    const std::string severity = m_.severity ? model::to_string(*m_.severity) : "major";
    if (!policy) {
      const bool vowel = std::string("aeiou").find(role[0]) != std::string::npos;
      return {fmt::format("Name {} {} for {} incidents (policy `{}`), so that {}.",
                          vowel ? "an" : "a", role, severity, key, so_that),
              responders_, kind};
    }
    const std::string& team = scenario_.teams.at(policy->team).name;
    if (m_.severity && *m_.severity > policy->up_to) {
      return {fmt::format("Page the {} (team {}) for {} incidents too (`{}.up_to` is {}), so "
                          "that {}.",
                          role, team, severity, key, model::to_string(policy->up_to), so_that),
              responders_, kind};
    }
    return {fmt::format("Make sure the {} (team {}) takes over as soon as the severity is "
                        "declared, so that {}: this time they were not at work yet.",
                        role, team, so_that),
            team, kind};
  }

  void failed_mitigations() {
    const double seconds = b_.seconds_in(PhaseKind::FailedMitigation);
    if (!material(seconds)) return;
    std::size_t attempts = 0;
    const Phase* first = nullptr;
    for (const Phase& p : b_.phases) {
      if (p.kind != PhaseKind::FailedMitigation) continue;
      ++attempts;
      if (!first) first = &p;
    }
    const model::MitigationAction action = first->action.value_or(model::MitigationAction::Restart);
    const std::string service = first->service.value_or(m_.root_cause.service);
    add(FactorKind::FailedMitigations, seconds,
        fmt::format("{} went into {} that failed: {} of {}.", spent(seconds),
                    counted(attempts, "mitigation attempt"), lowercase_first(action_noun(action)),
                    service))
        .actions.push_back(failed_mitigation_action(action, service, attempts, owner_));
  }

  // The phases of `kind`, and the seconds they took.
  std::pair<std::vector<const Phase*>, double> phases_of(PhaseKind kind) const {
    std::vector<const Phase*> out;
    for (const Phase& p : b_.phases)
      if (p.kind == kind) out.push_back(&p);
    return {out, b_.seconds_in(kind)};
  }

  void wrong_mitigations() {
    const auto [phases, seconds] = phases_of(PhaseKind::WrongMitigation);
    if (!material(seconds)) return;
    const Phase& first = *phases.front();
    const std::string service = first.service.value_or(m_.root_cause.service);
    add(FactorKind::WrongMitigations, seconds,
        fmt::format("{} went into {} of {} that could not fix the {}: without a runbook for it "
                    "there, the responders guessed first.",
                    spent(seconds), lowercase_first(action_noun(*first.action)), service,
                    m_.root_cause.fault))
        .actions.push_back(runbook_action(fault_type_, service, *first.action, owner_));
  }

  void rollbacks_in_vain() {
    const auto [phases, seconds] = phases_of(PhaseKind::RollbackInVain);
    if (!material(seconds)) return;
    std::vector<std::string> services;
    for (const Phase* p : phases) add_unique(services, p->service.value_or("?"));
    add(FactorKind::RollbacksInVain, seconds,
        fmt::format("{} went into rolling back the latest change ({}) before diagnosing "
                    "(mitigate first); it was not the cause.",
                    spent(seconds), names_list(services)))
        .actions.push_back(
            {fmt::format("Keep mitigating first, but roll back only a change to a service on "
                         "the failing path (its alerts or traces): {} was not on it.",
                         names_list(services)),
             responders_, "respond"});
  }

  void handoffs() {
    const auto [phases, seconds] = phases_of(PhaseKind::Handoff);
    if (!material(seconds)) return;
    std::vector<std::string> pairs;
    for (const Phase* p : phases)
      if (p->people.size() == 2) pairs.push_back(p->people[0] + " to " + p->people[1]);
    add(FactorKind::Handoffs, seconds,
        fmt::format("{} went into {} at shift changes ({}): the investigation waited while the "
                    "outgoing responder briefed the incoming one.",
                    spent(seconds), counted(phases.size(), "handoff"), names_list(pairs)))
        .actions.push_back(
            {"Let the engaged responder stay on an incident until it is mitigated (policy "
             "`handoff_at_shift_end`: false), or keep a scribe's timeline so that handoffs are "
             "quick.",
             responders_, "respond"});
  }

  void no_mitigation() {
    const auto [phases, seconds] = phases_of(PhaseKind::NoMitigation);
    if (!material(seconds)) return;
    const std::string service = phases.front()->service.value_or(m_.root_cause.service);
    add(FactorKind::NoMitigation, seconds,
        fmt::format("{} passed with the cause found but no mitigation possible at {}: "
                    "responders could only wait for the fault to end.",
                    spent(seconds), service))
        .actions.push_back(
            {fault_type_ == model::FaultType::ThirdPartyOutage
                 ? fmt::format("Contract a secondary provider for {}, or put its callers' calls "
                               "behind a feature flag, so that its outage can be switched or "
                               "degraded around.",
                               service)
                 : fmt::format("Make a mitigation possible for {} at {}.", m_.root_cause.fault,
                               service),
             owner_, "prevent"});
  }

  const model::Scenario& scenario_;
  const IncidentMetrics& m_;
  const TimeToMitigateBreakdown& b_;
  const model::FaultType fault_type_;
  const std::string owner_;
  const std::string responders_;
  std::vector<ContributingFactor> factors_;
};

}  // namespace

std::vector<ContributingFactor> contributing_factors(const model::Scenario& scenario,
                                                     const model::RunRecord& record,
                                                     const IncidentMetrics& m) {
  return FactorFinder(scenario, record, m).find();
}

std::string owning_team(const model::Scenario& scenario, const model::RunRecord& record,
                        const IncidentMetrics& m) {
  const auto owner = fault_owner_team(scenario, record.faults.at(m.fault));
  return team_name(scenario, owner ? owner : first_paged_team(record, m));
}

std::string responding_team(const model::Scenario& scenario, const model::RunRecord& record,
                            const IncidentMetrics& m) {
  const auto paged = first_paged_team(record, m);
  return team_name(scenario, paged ? paged : fault_owner_team(scenario, record.faults.at(m.fault)));
}

ActionItem detection_action(const model::Scenario& scenario, const IncidentMetrics& m) {
  std::size_t worst = 0;
  const auto& budgets = m.impact.error_budget_consumed_by_journey;
  if (!budgets.empty()) {
    worst = static_cast<std::size_t>(
        std::distance(budgets.begin(), std::max_element(budgets.begin(), budgets.end())));
  }
  const model::Journey& journey = scenario.journeys.at(worst);
  const bool has_burn_rate =
      std::any_of(scenario.burn_rate_rules.begin(), scenario.burn_rate_rules.end(),
                  [worst](const model::BurnRateRule& r) { return r.journey == worst; });
  const std::string owner =
      scenario.teams.at(scenario.services.at(journey.entry_service).team).name;
  if (m.detected_by && m.detected_by->kind == model::AlertRuleKind::Threshold) {
    const model::ThresholdRule& rule = scenario.threshold_rules.at(m.detected_by->rule);
    return {fmt::format("Shorten the window ({}) or the `for` ({}) of alert {}, or add a "
                        "burn-rate alert on journey {}: detection took {}.",
                        format_duration(engine::to_seconds(rule.window)),
                        format_duration(engine::to_seconds(rule.for_duration)), rule.name,
                        journey.name, format_duration(m.ttd_s.value_or(0.0))),
            owner, "detect"};
  }
  if (!has_burn_rate) {
    return {fmt::format("Add a multiwindow, multi-burn-rate alert on journey {} (1 h/5 min at "
                        "14.4× and 6 h/30 min at 6×, SRE Workbook ch. 5).",
                        journey.name),
            owner, "detect"};
  }
  const std::string how =
      !m.ttd_s ? "never detected"
      : m.detected_by && m.detected_by->kind == model::AlertRuleKind::CustomerReport
          ? "reported by customers, and escalated by support after " + format_duration(*m.ttd_s)
          : "detected after " + format_duration(*m.ttd_s);
  return {fmt::format("Review the burn-rate alerts of journey {}: this impact was {}.",
                      journey.name, how),
          owner, "detect"};
}

ActionItem paging_review_action(const std::string& team,
                                const std::vector<std::string>& first_level, double level_delay_s,
                                std::optional<double> acknowledged_after_s) {
  const std::string who = names_list(first_level, "nobody on call");
  std::string action =
      acknowledged_after_s
          ? fmt::format(
                "Review paging of team {}: level 1 ({}) took {} to acknowledge. Check "
                "notification rules and devices",
                team, who, format_duration(*acknowledged_after_s))
          : fmt::format(
                "Review paging of team {}: level 1 ({}) did not acknowledge within {}. "
                "Check notification rules and devices",
                team, who, format_duration(level_delay_s));
  if (level_delay_s > kTargetTtaS) {
    action += fmt::format(
        ", and shorten the level-1 delay ({}) toward the {} acknowledgement "
        "target.",
        format_duration(level_delay_s), format_duration(kTargetTtaS));
  } else {
    action += fmt::format("; the level-1 delay ({}) already fits the {} acknowledgement target.",
                          format_duration(level_delay_s), format_duration(kTargetTtaS));
  }
  return {std::move(action), team, "respond"};
}

ActionItem exhausted_policy_action(const std::string& team) {
  return {fmt::format("Add a final level (e.g. the team lead or an incident commander rotation) "
                      "and another loop to team {}'s escalation policy.",
                      team),
          team, "respond"};
}

ActionItem red_herring_action(const std::string& cause_service,
                              const std::vector<std::string>& services, const std::string& owner) {
  return {fmt::format("Improve the dashboards and runbook of {} so that responders can rule out "
                      "{} quickly.",
                      cause_service, names_list(services)),
          owner, "mitigate"};
}

ActionItem runbook_action(model::FaultType fault, const std::string& service,
                          model::MitigationAction tried, const std::string& owner) {
  return {fmt::format("Write a runbook for {} on {}: its fix is {}, not {}.",
                      model::to_string(fault), service,
                      model::to_string(model::fixes_for(fault).front()), model::to_string(tried)),
          owner, "mitigate"};
}

ActionItem failed_mitigation_action(model::MitigationAction action, const std::string& service,
                                    std::size_t failed, const std::string& owner) {
  return {fmt::format("Make the {} of {} reliable: {} failed.", model::to_string(action), service,
                      plural(failed, "attempt")),
          owner, "mitigate"};
}

}  // namespace firedrill::scoring
