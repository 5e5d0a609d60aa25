#include "scoring/assumptions.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "scoring/format.hpp"
#include "sim/engine/check.hpp"
#include "sim/model/responders.hpp"
#include "sim/model/response.hpp"

namespace firedrill::scoring {
namespace {

std::string lognormal(model::SimTime median, double sigma) {
  return fmt::format("lognormal, median {}, σ of ln {:g}",
                     format_duration(engine::to_seconds(median)), sigma);
}

std::string factor(double f) { return fmt::format("× {:g}", f); }

}  // namespace

std::vector<Assumption> people_model_assumptions(const model::Scenario& scenario) {
  const model::ResponderModel& r = scenario.policy.responders;
  using model::world::kAckSigma;
  using model::world::kWorkSigma;
  return {
      {"acknowledgement by day (local 08:00–22:00)", lognormal(r.ack_median_day, kAckSigma)},
      {"acknowledgement at night (asleep)", lognormal(r.ack_median_night, kAckSigma)},
      {"page missed by day", format_percent(r.missed_page_probability_day)},
      {"page missed at night", format_percent(r.missed_page_probability_night)},
      {"from a wake-up to a keyboard", lognormal(r.ready_after_wake_median, kAckSigma)},
      {"fatigue: acknowledgement per page in the last 24 h (a wake-up counts twice)",
       fmt::format("+{}", format_percent(r.fatigue_ack_per_page))},
      {"fatigue: chance of a miss per page in the last 24 h",
       fmt::format("+{} of itself", format_percent(r.fatigue_miss_per_page))},
      {"diagnosis step (one service inspected)", lognormal(r.diagnosis_step_median, kWorkSigma)},
      {"step that inspects a wrong branch first (red herring)",
       format_percent(r.red_herring_probability)},
      {"step without metrics", factor(r.step_factor_without_metrics)},
      {"step without logs", factor(r.step_factor_without_logs)},
      {"step without traces", factor(r.step_factor_without_traces)},
      {"step at an unfamiliar service", factor(r.step_factor_unfamiliar)},
      {"step with a runbook for the fault", factor(r.step_factor_runbook)},
      {"handoff at a shift change", lognormal(r.handoff_median, kWorkSigma)},
      {"checking a false alarm", lognormal(r.false_alarm_check_median, kWorkSigma)},
      {"drafting a status update",
       lognormal(scenario.policy.status_update_draft_median, kWorkSigma)},
      {"healthy SLIs before resolving",
       format_duration(engine::to_seconds(r.resolve_confirmation))},
  };
}

std::vector<Assumption> people_model_assumptions(
    const std::vector<std::string>& names, const std::vector<const model::Scenario*>& scenarios) {
  FIREDRILL_CHECK(!scenarios.empty() && names.size() == scenarios.size(),
                  "people_model_assumptions: one name per scenario");
  std::vector<std::vector<Assumption>> each;
  for (const model::Scenario* s : scenarios) each.push_back(people_model_assumptions(*s));
  std::vector<Assumption> rows = each.front();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    bool same = true;
    for (const auto& policy : each) same = same && policy[i].value == rows[i].value;
    if (same) continue;
    std::vector<std::string> values;
    for (std::size_t k = 0; k < each.size(); ++k)
      values.push_back(names[k] + ": " + each[k][i].value);
    rows[i].value = fmt::format("{}", fmt::join(values, "; "));
  }
  return rows;
}

}  // namespace firedrill::scoring
