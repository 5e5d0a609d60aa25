// GCC 12 at -O2 reports a false -Warray-bounds inside nlohmann::json's parser when
// JSON_DIAGNOSTICS is on (basic_json::set_parents on a freshly allocated value). Middle-end
// warnings follow the pragma state at the warning's location, which is in the standard
// library headers, so the suppression must come before every include.
#pragma GCC diagnostic ignored "-Warray-bounds"

#include "sim/scenario/load_scenario.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "sim/model/flow.hpp"
#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/loader_parts.hpp"
#include "sim/scenario/pagerduty.hpp"
#include "sim/scenario/value_ranges.hpp"

namespace firedrill::scenario {
namespace {

using internal::child_pointer;
using internal::format_number;
using internal::in_quotes;
using internal::json;
using internal::ObjectReader;
using internal::Presence;
using internal::Problems;
using internal::Range;
namespace ranges = internal::ranges;
using internal::without_exception_id;
using internal::TimeUnit;
using model::SimTime;

constexpr std::int64_t kFormatVersion = 1;

// The three shapes a fault object takes (see Loader::read_fault).
enum class FaultForm { Scheduled, Drawn, Injected };

// The top-level keys in the order the format documents them (and problems are reported in).
const std::vector<std::string_view> kTopLevelKeys{
    "format_version", "name",       "purpose",         "source",
    "briefing",       "run",        "services",        "calls",
    "journeys",       "teams",      "alerts",          "customers",
    "policy",         "faults",     "fault_processes", "change_processes",
    "changes",        "automation", "include"};
// The largest scenario the model is built and tested for (docs/limits.md): lists beyond these
// lengths are refused before anything is read. Ten times the bench's 1,000-service topology and
// twice issue 19's 10,000-service target; the other lists are far beyond any real system's.
const std::vector<std::pair<std::string_view, std::size_t>> kMaxListLengths{
    {"services", 20'000},     {"calls", 200'000},          {"journeys", 1'000},
    {"teams", 1'000},         {"faults", 10'000},          {"fault_processes", 1'000},
    {"change_processes", 1'000}, {"changes", 10'000},      {"automation", 1'000}};

// The "ecommerce-diurnal" calendar preset: an online shop's traffic by local hour, low at night
// and peaking in the evening, mean 1. Our own shape, after the diurnal curves published for web
// services (e.g. Google's "Site Reliability Engineering", ch. 19, daily traffic cycles); not a
// measured trace.
constexpr std::array<double, 24> kEcommerceDiurnal{
    0.42, 0.25, 0.2, 0.18, 0.2, 0.3, 0.5, 0.75, 0.95, 1.1, 1.2, 1.25,
    1.4,  1.3,  1.35, 1.2, 1.2, 1.3, 1.6, 1.8, 1.85, 1.7, 1.2, 0.8};

constexpr Presence kRequired = Presence::Required;
constexpr Presence kOptional = Presence::Optional;

// Multiwindow, multi-burn-rate alerts: Google SRE Workbook ch. 5, "Alerting on SLOs", table of
// recommended parameters (page: 2 % of a 30-day budget in 1 h, 5 % in 6 h; ticket: 10 % in 1 d
// and in 3 d), each long window paired with a short window of 1/12 its length.
//
// A preset's burn rates are thresholds on error ratio / (1 − objective) and are used as published
// whatever the journey's SLO period; the period a preset was designed for only fixes the share
// of the budget each condition lets burn before it fires (burn_rate × long window / period):
// pyrra-28d's 14× over 1 h is 2.08 % of a 28-day budget, 1.94 % of a 30-day one.
struct BurnRatePreset {
  std::string_view name;
  std::vector<model::BurnRateCondition> conditions;
};

const std::vector<BurnRatePreset>& burn_rate_presets() {
  using std::chrono::hours;
  using std::chrono::minutes;
  using model::AlertSeverity;
  constexpr auto kPage = AlertSeverity::Page;
  constexpr auto kTicket = AlertSeverity::Ticket;
  const auto c = [](SimTime long_window, SimTime short_window, double burn_rate,
                    std::optional<SimTime> for_duration, AlertSeverity severity) {
    return model::BurnRateCondition{long_window, short_window, burn_rate, for_duration, severity};
  };
  const std::vector<model::BurnRateCondition> page{
      c(hours(1), minutes(5), 14.4, std::nullopt, kPage),
      c(hours(6), minutes(30), 6.0, std::nullopt, kPage)};
  const std::vector<model::BurnRateCondition> ticket{
      c(hours(24), hours(2), 3.0, std::nullopt, kTicket),
      c(hours(72), hours(6), 1.0, std::nullopt, kTicket)};
  std::vector<model::BurnRateCondition> both = page;
  both.insert(both.end(), ticket.begin(), ticket.end());
  static const std::vector<BurnRatePreset> presets{
      {"sre-workbook", both},
      {"sre-workbook-page", page},
      {"sre-workbook-ticket", ticket},
      // Sloth (slok/sloth, internal/alert/windows/google-30d.yaml, its default period): page
      // quick 2 % of the budget over 1h/5m, slow 5 % over 6h/30m; ticket quick 10 % over 1d/2h,
      // slow 10 % over 3d/6h. Sloth turns a budget share into a burn rate as share × period /
      // long window (0.02 × 720 h / 1 h = 14.4; 6, 3, 1), the SRE Workbook's numbers, and sets
      // no `for`.
      {"sloth-30d", both},
      // Pyrra (pyrra-dev/pyrra, slo/rules.go, Windows()): windows scaled from a 28-day period,
      // each its own alert: severity critical, 14× over 1h/5m for 2m and 7× over 6h/30m for 15m;
      // severity warning, 2× over 1d/2h for 1h and 1× over 4d/6h for 3h. critical → page,
      // warning → ticket.
      {"pyrra-28d",
       {c(hours(1), minutes(5), 14.0, minutes(2), kPage),
        c(hours(6), minutes(30), 7.0, minutes(15), kPage),
        c(hours(24), hours(2), 2.0, hours(1), kTicket),
        c(hours(96), hours(6), 1.0, hours(3), kTicket)}},
  };
  return presets;
}


std::string join_names(const std::vector<std::string>& names);

// "a, b, c": the names of every value of `Enum`, 0 … count − 1, for "expected one of" messages.
template <typename Enum>
std::string enum_names(std::size_t count) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < count; ++i) names.emplace_back(model::to_string(static_cast<Enum>(i)));
  return join_names(names);
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i == 0 ? "" : ", ") + names[i];
  return out;
}

// Orders problems as a reader meets them in a file written in the documented key order: the
// loader reads teams before services (it needs their names), but reports them after.
// Problems with the whole document or an unknown top-level key come first.
// Problems in a file a team names (its PagerDuty objects, `source` differs) rank with the teams.
void sort_by_section(std::vector<Problem>& problems, const std::string& source) {
  const auto teams_rank = static_cast<std::size_t>(
      1 + (std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), "teams") - kTopLevelKeys.begin()));
  const auto rank = [&](const Problem& p) -> std::size_t {
    if (p.source != source) return teams_rank;
    if (p.pointer.empty()) return 0;
    const auto end = p.pointer.find('/', 1);
    const std::string_view key =
        std::string_view(p.pointer).substr(1, end == std::string::npos ? end : end - 1);
    const auto it = std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), key);
    if (it == kTopLevelKeys.end()) return 0;
    return 1 + static_cast<std::size_t>(it - kTopLevelKeys.begin());
  };
  std::stable_sort(problems.begin(), problems.end(),
                   [&rank](const Problem& a, const Problem& b) { return rank(a) < rank(b); });
}

std::string format_what(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) out += '\n';
    if (!p.source.empty()) out += p.source + ": ";
    if (!p.pointer.empty()) out += p.pointer + ": ";
    out += p.message;
  }
  return out;
}

// Names of one kind (services, teams, ...) with the index and pointer of their first definition.
// `kind` names one in "unknown service "x"", `label` its name in "duplicate fault id "x"".
class NameIndex {
 public:
  NameIndex(std::string kind, std::string label)
      : kind_(std::move(kind)), label_(std::move(label)) {}

  // Records `name` for `index`, or reports a duplicate at `pointer` (the name's pointer).
  void add(const std::string& name, std::size_t index, const std::string& element_pointer,
           const std::string& pointer, Problems& problems) {
    const auto [it, inserted] = entries_.try_emplace(name, Entry{index, element_pointer});
    if (!inserted) {
      problems.add(pointer, "duplicate " + label_ + " " + in_quotes(name) + " (first at " +
                                it->second.pointer + ")");
    }
  }
  std::optional<std::size_t> find(const std::string& name) const {
    const auto it = entries_.find(name);
    if (it == entries_.end()) return std::nullopt;
    return it->second.index;
  }
  // Returns the index of `name`, or reports `unknown KIND "name"` at `pointer`.
  std::optional<std::size_t> resolve(const std::string& name, const std::string& pointer,
                                     Problems& problems) const {
    const auto index = find(name);
    if (!index) problems.add(pointer, "unknown " + kind_ + " " + in_quotes(name));
    return index;
  }

 private:
  struct Entry {
    std::size_t index;
    std::string pointer;
  };
  std::string kind_;
  std::string label_;
  std::map<std::string, Entry> entries_;
};

// Reads one document into a model::Scenario. Every problem goes to `problems`; the scenario is
// meaningful only when there are none. An invalid element still takes its slot (and, where its
// name was readable, its name), so indices stay aligned with the file and one mistake does not
// cascade into "unknown service" reports elsewhere.
class Loader {
 public:
  Loader(Problems& problems, FileScope scope) : problems_(problems), scope_(std::move(scope)) {}

  model::Scenario load(const json& document) {
    const ObjectReader root(document, "", problems_);
    if (!root.ok()) return {};
    root.check_keys(kTopLevelKeys);
    if (!within_list_limits(root)) return {};
    if (const auto version = root.integer("format_version", kRequired);
        version && *version != kFormatVersion) {
      problems_.add(root.pointer_to("format_version"),
                    "unsupported format_version " + std::to_string(*version) +
                        " (this loader reads version " + std::to_string(kFormatVersion) + ")");
    }
    if (auto name = root.name("name", kRequired)) scenario_.name = std::move(*name);
    if (auto purpose = root.name("purpose", kRequired)) {
      if (purpose->find('\n') != std::string::npos) {
        problems_.add(root.pointer_to("purpose"), "must be one line, got a line break");
      }
      scenario_.purpose = std::move(*purpose);
    }
    root.string("source", kOptional);  // free text for readers; the model does not keep it

    read_run(root);
    read_teams(root);
    if (const json* briefing = root.object("briefing", kOptional))
      scenario_.briefing =
          internal::read_briefing(*briefing, root.pointer_to("briefing"), scenario_, problems_);
    read_services(root);
    resolve_familiarity();
    read_calls(root);
    read_journeys(root);
    read_alerts(root);
    read_customers(root);
    read_policy(root);
    read_faults(root);
    read_fault_processes(root);
    read_change_processes(root);
    read_changes(root);
    read_automation(root);
    check_peak_rates(root);
    return std::move(scenario_);
  }

  // Makes the loader know `scenario`'s services, zones, calls, journeys and run, as if it had
  // read them, so that read_injected can check a fault against it.
  void know(const model::Scenario& scenario) {
    scenario_ = scenario;
    const auto& services = scenario.services;
    for (std::size_t i = 0; i < services.size(); ++i) {
      services_.add(services[i].name, i, "", "", problems_);
      service_replicas_.emplace_back(services[i].replicas);
      zones_.insert(services[i].zones.begin(), services[i].zones.end());
    }
    for (std::size_t j = 0; j < scenario.journeys.size(); ++j)
      journeys_.add(scenario.journeys[j].name, j, "", "", problems_);
    for (std::size_t c = 0; c < scenario.calls.size(); ++c) {
      const model::Call& call = scenario.calls[c];
      calls_.try_emplace(services[call.caller].name + "->" + services[call.callee].name, c);
    }
    duration_min_ = engine::to_seconds(scenario.run.duration) / 60.0;
  }

  // Reads a fault injected at `at` (as in the schedule, without start_min; end_min, if given,
  // must be > at); its id must not be one of `taken_ids`. REQUIRES: know() was called.
  model::Fault read_injected(const json& value, const std::string& pointer, SimTime at,
                             const std::vector<std::string>& taken_ids) {
    model::Fault fault;
    read_fault(value, pointer, fault, FaultForm::Injected);
    fault.start = at;
    if (!value.is_object()) return fault;  // reported by read_fault
    const ObjectReader r(value, pointer, problems_);
    if (auto id = r.name("id", kRequired)) {
      if (std::find(taken_ids.begin(), taken_ids.end(), *id) != taken_ids.end())
        problems_.add(r.pointer_to("id"),
                      "duplicate fault id " + in_quotes(*id) + " (the run has a fault with it)");
      fault.id = std::move(*id);
    }
    if (!r.is_null("end_min")) {
      if (const auto end =
              r.duration("end_min", kOptional, TimeUnit::Minutes, ranges::run_offset_min())) {
        fault.end = *end;
        if (*end <= at)
          problems_.add(r.pointer_to("end_min"),
                        "must be > the injection time (" +
                            format_number(engine::to_seconds(at) / 60.0) + " min), got " +
                            r.find("end_min")->dump());
      }
    }
    return fault;
  }

 private:
  // Reports each top-level list longer than kMaxListLengths allows; false when one is.
  bool within_list_limits(const ObjectReader& root) {
    bool within = true;
    for (const auto& [key, max] : kMaxListLengths) {
      const json* list = root.find(key);
      if (list == nullptr || !list->is_array() || list->size() <= max) continue;
      problems_.add(root.pointer_to(key), "at most " + std::to_string(max) + " elements (docs/" +
                                              "limits.md), got " + std::to_string(list->size()));
      within = false;
    }
    return within;
  }

  // An int (replicas, loops) in `range`.
  std::optional<int> read_int(const ObjectReader& r, std::string_view key, Presence presence,
                              const Range& range) {
    const auto v = r.integer(key, presence, range);
    if (!v) return std::nullopt;
    if (*v > INT_MAX) {
      problems_.add(r.pointer_to(key),
                    "must be <= " + std::to_string(INT_MAX) + ", got " + std::to_string(*v));
      return std::nullopt;
    }
    return static_cast<int>(*v);
  }

  // A date-time string at `key`, or nullopt (reported when present but malformed).
  std::optional<date::sys_seconds> read_date_time(const ObjectReader& r, std::string_view key,
                                                  Presence presence) {
    return r.date_time(key, presence);
  }

  // The "caller->callee" strings of journeys and faults: the index of the call, or nullopt when
  // it does not exist (reported) or exists but is itself invalid (already reported).
  std::optional<std::size_t> resolve_call(const json& value, const std::string& pointer) {
    const auto text = internal::read_name(value, pointer, problems_);
    if (!text) return std::nullopt;
    const auto arrow = text->find("->");
    if (arrow == std::string::npos || arrow == 0 || arrow + 2 == text->size()) {
      problems_.add(pointer, "must be \"caller->callee\", got " + in_quotes(*text));
      return std::nullopt;
    }
    const auto it = calls_.find(*text);
    if (it == calls_.end()) {
      problems_.add(pointer, "unknown call " + in_quotes(*text) + " (not declared in /calls)");
      return std::nullopt;
    }
    return it->second;
  }

  void read_run(const ObjectReader& root) {
    const json* value = root.object("run", kRequired);
    if (value == nullptr) return;
    const ObjectReader r(*value, root.pointer_to("run"), problems_);
    r.check_keys(
        {"start", "duration_min", "seed", "scrape_interval_s", "evaluation_interval_s",
         "currency"});
    model::RunSettings& run = scenario_.run;
    run_start_ = read_date_time(r, "start", kRequired);
    if (run_start_) run.start_unix_s = run_start_->time_since_epoch().count();
    if (const auto d =
            r.duration("duration_min", kRequired, TimeUnit::Minutes, ranges::run_duration_min())) {
      run.duration = *d;
      duration_min_ = r.find("duration_min")->get<double>();
    }
    if (const auto seed = r.unsigned_integer("seed", kOptional)) run.seed = *seed;
    if (const auto s = r.duration("scrape_interval_s", kOptional, TimeUnit::Seconds,
                                  ranges::scrape_interval_s())) {
      run.scrape_interval = *s;
    }
    // Every scrape is work over every service, journey and rule: their number is bounded.
    if (const double scrapes =
            engine::to_seconds(run.duration) / engine::to_seconds(run.scrape_interval);
        duration_min_ && scrapes > ranges::kMaxScrapesPerRun) {
      problems_.add(r.pointer_to(r.has("scrape_interval_s") ? "scrape_interval_s" : "duration_min"),
                    "the run would hold " + format_number(std::floor(scrapes)) +
                        " scrapes (duration_min * 60 / scrape_interval_s), more than " +
                        format_number(ranges::kMaxScrapesPerRun) +
                        ": lengthen the scrape interval or shorten the run");
    }
    // Absent: every scrape, as before the key existed (Prometheus' own default is 1 min).
    if (const auto e = r.duration("evaluation_interval_s", kOptional, TimeUnit::Seconds,
                                  ranges::scrape_interval_s())) {
      if (*e % run.scrape_interval != SimTime{0}) {
        problems_.add(r.pointer_to("evaluation_interval_s"),
                      "must be a multiple of scrape_interval_s (" +
                          format_number(engine::to_seconds(run.scrape_interval)) + "), got " +
                          r.find("evaluation_interval_s")->dump());
      } else {
        run.evaluation_interval = *e;
      }
    }
    if (const auto currency = r.string("currency", kOptional)) {
      const bool iso_4217 = currency->size() == 3 &&
                            std::all_of(currency->begin(), currency->end(),
                                        [](char c) { return c >= 'A' && c <= 'Z'; });
      if (iso_4217) {
        run.currency = *currency;
      } else {
        problems_.add(r.pointer_to("currency"),
                      "must be an ISO 4217 code of three capital letters (e.g. \"EUR\"), got " +
                          r.find("currency")->dump());
      }
    }
  }

  void read_teams(const ObjectReader& root) {
    const json* teams = root.array("teams", kRequired, /*non_empty=*/true);
    if (teams == nullptr) return;
    scenario_.teams.resize(teams->size());
    people_.assign(teams->size(), NameIndex("person", "person name"));
    schedules_.assign(teams->size(), NameIndex("schedule", "schedule name"));
    for (std::size_t i = 0; i < teams->size(); ++i) {
      read_team((*teams)[i], child_pointer(root.pointer_to("teams"), i), i);
    }
  }

  void read_team(const json& value, const std::string& pointer, std::size_t index) {
    const ObjectReader r(value, pointer, problems_);
    r.check_keys({"name", "people", "rotation", "schedules", "pagerduty", "escalation",
                  "working_hours"});
    model::Team& team = scenario_.teams[index];
    const model::WorkingHours team_hours = read_working_hours(r).value_or(model::WorkingHours{});
    if (auto name = r.name("name", kRequired)) {
      teams_.add(*name, index, pointer, r.pointer_to("name"), problems_);
      team.name = std::move(*name);
    }
    const json* pagerduty = r.object("pagerduty", kOptional);
    // With a PagerDuty import its users are the team's people; "people" may add more.
    const json* people =
        r.array("people", pagerduty != nullptr ? kOptional : kRequired, /*non_empty=*/true);
    if (people != nullptr) {
      team.people.resize(people->size());
      for (std::size_t k = 0; k < people->size(); ++k) {
        read_person((*people)[k], child_pointer(r.pointer_to("people"), k), index, k);
      }
    }
    // Without a readable list of people every member name would be "unknown": say it once.
    const bool people_known = people != nullptr || (pagerduty != nullptr && !r.has("people"));
    internal::PagerDutyImport imported;
    if (pagerduty != nullptr) {
      imported = internal::read_pagerduty(
          ObjectReader(*pagerduty, r.pointer_to("pagerduty"), problems_), scope_);
      add_pagerduty_people(imported, index);
    }
    const json* rotation = r.object("rotation", kOptional);
    if (rotation != nullptr && (r.has("schedules") || !imported.schedules.empty())) {
      problems_.add(r.pointer_to("rotation"),
                    "give either rotation or schedules (the team's own or PagerDuty's), not both");
    } else if (rotation != nullptr) {
      read_rotation(ObjectReader(*rotation, r.pointer_to("rotation"), problems_), index,
                    people_known);
    }
    if (const json* schedules = r.array("schedules", kOptional, /*non_empty=*/true)) {
      for (std::size_t k = 0; k < schedules->size(); ++k) {
        read_schedule(ObjectReader((*schedules)[k], child_pointer(r.pointer_to("schedules"), k),
                                   problems_),
                      index, people_known);
      }
    }
    // Everyone without working hours of their own (imported people too) keeps the team's.
    for (std::size_t k = 0; k < team.people.size(); ++k)
      if (!own_working_hours_.count({index, k})) team.people[k].working_hours = team_hours;
    // Imported schedules follow the team's own; a policy's Schedule targets shift with them.
    const std::size_t first_imported = team.schedules.size();
    for (std::size_t k = 0; k < imported.schedules.size(); ++k) {
      add_schedule(std::move(imported.schedules[k]), index,
                   child_pointer(r.pointer_to("pagerduty"), "schedules"));
    }
    if (rotation == nullptr && !r.has("schedules") && pagerduty == nullptr && people_known &&
        !team.people.empty()) {
      std::vector<std::size_t> everyone(team.people.size());
      for (std::size_t k = 0; k < everyone.size(); ++k) everyone[k] = k;
      add_rotation(index, run_start_.value_or(model::UnixTime{}), std::chrono::hours(24 * 7),
                   everyone, r.pointer());
    }
    if (imported.escalation) {
      if (r.has("escalation")) {
        problems_.add(r.pointer_to("escalation"),
                      "give either escalation or pagerduty.escalation_policy, not both");
      }
      for (auto& level : imported.escalation->levels) {
        for (auto& target : level.targets) {
          if (target.kind == model::EscalationTarget::Kind::Schedule) {
            target.index += first_imported;
          } else {
            target.index = pagerduty_people_[target.index];
          }
        }
      }
      team.escalation = std::move(*imported.escalation);
    } else if (const json* escalation = r.object("escalation", kRequired)) {
      read_escalation(ObjectReader(*escalation, r.pointer_to("escalation"), problems_), index,
                      people_known);
    }
  }

  // Makes every imported PagerDuty user a person of `team` (one already listed under the same
  // name is that person) and maps the import's user indices to people.
  void add_pagerduty_people(internal::PagerDutyImport& imported, std::size_t team_index) {
    model::Team& team = scenario_.teams[team_index];
    pagerduty_people_.clear();
    for (const internal::PagerDutyUser& user : imported.users) {
      if (const auto listed = people_[team_index].find(user.name)) {
        pagerduty_people_.push_back(*listed);
        continue;
      }
      std::string name = user.name;
      // Two PagerDuty users may share a name, and "primary"/"secondary" name schedules.
      if (people_[team_index].find(name) || name == "primary" || name == "secondary") {
        name += " (" + user.id + ")";
      }
      team.people.push_back({name, user.time_zone});
      people_[team_index].add(name, team.people.size() - 1, "", "", problems_);
      pagerduty_people_.push_back(team.people.size() - 1);
    }
    for (model::Schedule& schedule : imported.schedules) {
      for (model::ScheduleLayer& layer : schedule.layers)
        for (std::size_t& u : layer.users) u = pagerduty_people_[u];
      for (model::ScheduleOverride& o : schedule.overrides) o.user = pagerduty_people_[o.user];
    }
  }

  // Adds `schedule` to `team`, or reports its name taken (by a schedule or a person) at `pointer`.
  void add_schedule(model::Schedule schedule, std::size_t team_index, const std::string& pointer) {
    model::Team& team = scenario_.teams[team_index];
    // A person named "primary" or "secondary" is reported already (reserved names).
    if (people_[team_index].find(schedule.name) && schedule.name != "primary" &&
        schedule.name != "secondary") {
      problems_.add(pointer, "schedule name " + in_quotes(schedule.name) +
                                 " is also the name of a person of team " +
                                 in_quotes(team.name) +
                                 " (an escalation target names one or the other)");
    }
    schedules_[team_index].add(schedule.name, team.schedules.size(), pointer, pointer, problems_);
    team.schedules.push_back(std::move(schedule));
  }

  // The schedules "primary" and "secondary" of a simple rotation (model::rotation_schedules).
  void add_rotation(std::size_t team_index, model::UnixTime start, std::chrono::seconds turn,
                    const std::vector<std::size_t>& members, const std::string& pointer) {
    if (members.empty()) return;
    for (auto& schedule : model::rotation_schedules(start, turn, members)) {
      add_schedule(std::move(schedule), team_index, pointer);
    }
  }

  void read_person(const json& value, const std::string& pointer, std::size_t team,
                   std::size_t index) {
    const ObjectReader r(value, pointer, problems_);
    r.check_keys({"name", "time_zone", "familiar_with", "working_hours"});
    model::Person& person = scenario_.teams[team].people[index];
    if (const auto hours = read_working_hours(r)) {
      person.working_hours = *hours;
      own_working_hours_.insert({team, index});
    }
    if (const json* known = r.array("familiar_with", kOptional)) {
      familiarity_.push_back({team, index, known, r.pointer_to("familiar_with")});
    }
    if (auto name = r.name("name", kRequired)) {
      if (*name == "primary" || *name == "secondary") {
        problems_.add(r.pointer_to("name"), in_quotes(*name) +
                                                " is reserved for escalation targets; a person "
                                                "needs another name");
      }
      people_[team].add(*name, index, pointer, r.pointer_to("name"), problems_);
      person.name = std::move(*name);
    }
    if (auto zone = read_time_zone(r)) person.time_zone = std::move(*zone);
  }

  // "working_hours": {"days": ["mon", ..., "fri"], "start_hour": 9, "end_hour": 18}, each key
  // defaulting to model::WorkingHours'; nullopt when absent or invalid (reported).
  std::optional<model::WorkingHours> read_working_hours(const ObjectReader& parent) {
    const json* value = parent.object("working_hours", kOptional);
    if (value == nullptr) return std::nullopt;
    const ObjectReader r(*value, parent.pointer_to("working_hours"), problems_);
    r.check_keys({"days", "start_hour", "end_hour"});
    model::WorkingHours hours;
    bool valid = true;
    if (const auto start = r.integer("start_hour", kOptional, Range{0.0, true, 23.0, true})) {
      hours.start_hour = static_cast<int>(*start);
    } else if (r.has("start_hour")) {
      valid = false;
    }
    if (const auto end = r.integer("end_hour", kOptional, Range{1.0, true, 24.0, true})) {
      hours.end_hour = static_cast<int>(*end);
    } else if (r.has("end_hour")) {
      valid = false;
    }
    if (valid && hours.end_hour <= hours.start_hour) {
      problems_.add(r.pointer_to("end_hour"),
                    "must be after start_hour (" + std::to_string(hours.start_hour) + "), got " +
                        std::to_string(hours.end_hour));
      valid = false;
    }
    if (const json* days = r.array("days", kOptional)) {
      static constexpr std::array<std::string_view, 7> kDays{"sun", "mon", "tue", "wed",
                                                             "thu", "fri", "sat"};
      hours.days.fill(false);
      for (std::size_t k = 0; k < days->size(); ++k) {
        const json& day = (*days)[k];
        const auto it = day.is_string() ? std::find(kDays.begin(), kDays.end(),
                                                    day.get<std::string>())
                                        : kDays.end();
        if (it == kDays.end()) {
          problems_.add(child_pointer(r.pointer_to("days"), k),
                        "must be one of \"sun\", \"mon\", \"tue\", \"wed\", \"thu\", "
                        "\"fri\", \"sat\", got " + day.dump());
          valid = false;
          continue;
        }
        hours.days[static_cast<std::size_t>(it - kDays.begin())] = true;
      }
    }
    if (!valid) return std::nullopt;
    return hours;
  }

  // Resolves the people's "familiar_with" service names once the services are read.
  void resolve_familiarity() {
    for (const PendingFamiliarity& f : familiarity_) {
      auto& known = scenario_.teams[f.team].people[f.person].familiar_with;
      for (std::size_t k = 0; k < f.names->size(); ++k) {
        const std::string pointer = child_pointer(f.pointer, k);
        const auto name = read_name((*f.names)[k], pointer, problems_);
        if (!name) continue;
        if (const auto s = services_.resolve(*name, pointer, problems_)) known.push_back(*s);
      }
    }
  }

  // An IANA time zone at "time_zone", checked against the tz database.
  std::optional<std::string> read_time_zone(const ObjectReader& r) {
    return r.time_zone("time_zone", kOptional);
  }

  // "calendar": {"time_zone", "hourly": [24 multipliers] or "preset", "weekend_multiplier",
  // "surges": [{"name", "start", "end", "multiplier"}]}
  void read_calendar(const ObjectReader& r, model::Journey& journey) {
    const json* value = r.object("calendar", kOptional);
    if (value == nullptr) return;
    const ObjectReader c(*value, r.pointer_to("calendar"), problems_);
    c.check_keys({"time_zone", "hourly", "preset", "weekend_multiplier", "surges"});
    model::TrafficCalendar cal;
    if (auto zone = read_time_zone(c)) cal.time_zone = std::move(*zone);
    if (c.has("hourly") && c.has("preset")) {
      problems_.add(c.pointer(), "give either hourly or preset, not both");
    } else if (const auto preset = c.string("preset", kOptional)) {
      if (*preset == "ecommerce-diurnal") {
        cal.hourly = kEcommerceDiurnal;
      } else {
        problems_.add(c.pointer_to("preset"), "unknown calendar preset " + in_quotes(*preset) +
                                                  " (expected \"ecommerce-diurnal\")");
      }
    } else if (const json* hourly = c.array("hourly", kOptional)) {
      if (hourly->size() != 24) {
        problems_.add(c.pointer_to("hourly"), "must list 24 hourly multipliers, got " +
                                                  std::to_string(hourly->size()));
      } else {
        for (std::size_t h = 0; h < 24; ++h) {
          const std::string hp = child_pointer(c.pointer_to("hourly"), h);
          const json& v = (*hourly)[h];
          if (!v.is_number() || !ranges::traffic_multiplier().contains(v.get<double>())) {
            problems_.add(hp, "must be a number in [0, 1000], got " + v.dump());
            continue;
          }
          cal.hourly[h] = v.get<double>();
        }
      }
    }
    if (const auto w = c.number("weekend_multiplier", kOptional, ranges::traffic_multiplier())) {
      cal.weekend_multiplier = *w;
    }
    if (const json* surges = c.array("surges", kOptional)) {
      for (std::size_t k = 0; k < surges->size(); ++k) {
        const ObjectReader sr((*surges)[k], child_pointer(c.pointer_to("surges"), k), problems_);
        sr.check_keys({"name", "start", "end", "multiplier"});
        model::NamedSurge surge;
        if (auto name = sr.name("name", kRequired)) surge.name = std::move(*name);
        const auto start = read_date_time(sr, "start", kRequired);
        const auto end = read_date_time(sr, "end", kRequired);
        if (start && run_start_) surge.start = std::chrono::duration_cast<SimTime>(*start - *run_start_);
        if (end && run_start_) surge.end = std::chrono::duration_cast<SimTime>(*end - *run_start_);
        if (start && end && *end <= *start) {
          problems_.add(sr.pointer_to("end"), "must be after start");
        }
        if (const auto m = sr.number("multiplier", kRequired, ranges::traffic_multiplier())) {
          surge.multiplier = *m;
        }
        cal.surges.push_back(std::move(surge));
      }
    }
    journey.calendar = std::move(cal);
  }

  // Returns the index of the person `value` names in `team`, or nullopt (reported).
  std::optional<std::size_t> resolve_person(const json& value, const std::string& pointer,
                                            std::size_t team) {
    const auto name = internal::read_name(value, pointer, problems_);
    if (!name) return std::nullopt;
    const auto index = people_[team].find(*name);
    if (!index) {
      problems_.add(pointer, "unknown person " + in_quotes(*name) + " (not in the people of team " +
                                 in_quotes(scenario_.teams[team].name) + ")");
    }
    return index;
  }

  // The scenario format's simple rotation, sugar for the schedules "primary" and "secondary".
  void read_rotation(const ObjectReader& r, std::size_t team_index, bool people_known) {
    r.check_keys({"start", "shift_h", "members"});
    model::Team& team = scenario_.teams[team_index];
    // Invalid values are reported; the schedules are still made (with defaults) so that the
    // escalation targets "primary" and "secondary" do not fail as well.
    const model::UnixTime start =
        read_date_time(r, "start", kOptional).value_or(run_start_.value_or(model::UnixTime{}));
    std::chrono::seconds turn = std::chrono::hours(24 * 7);
    if (const auto shift = r.duration("shift_h", kOptional, TimeUnit::Hours, ranges::shift_h())) {
      // Whole seconds, as PagerDuty's turn lengths (rounded half up).
      const std::chrono::seconds rounded{(shift->count() + 500) / 1000};
      if (rounded.count() == 0) {
        problems_.add(r.pointer_to("shift_h"), "must be at least 1 s (1/3600 h), got " +
                                                   r.find("shift_h")->dump());
      } else {
        turn = rounded;
      }
    }
    std::vector<std::size_t> members;
    const json* list = r.array("members", kOptional, /*non_empty=*/true);
    if (list == nullptr) {
      if (!r.has("members") && people_known) {
        for (std::size_t k = 0; k < team.people.size(); ++k) members.push_back(k);
      }
    } else if (people_known) {
      std::map<std::size_t, std::size_t> first_at;  // person → position in members
      for (std::size_t m = 0; m < list->size(); ++m) {
        const std::string pointer = child_pointer(r.pointer_to("members"), m);
        const auto person = resolve_person((*list)[m], pointer, team_index);
        if (!person) continue;
        if (const auto [it, inserted] = first_at.try_emplace(*person, m); !inserted) {
          problems_.add(pointer, "duplicate member " + in_quotes(team.people[*person].name) +
                                     " (first at " +
                                     child_pointer(r.pointer_to("members"), it->second) + ")");
          continue;
        }
        members.push_back(*person);
      }
    }
    if (members.empty() && people_known) {  // reported: fall back to everyone
      for (std::size_t k = 0; k < team.people.size(); ++k) members.push_back(k);
    }
    add_rotation(team_index, start, turn, members, r.pointer());
  }

  // One of the team's own schedules: {"name", "time_zone", "layers": [...], "overrides": [...]},
  // PagerDuty's shape with people's names for users and layers in ascending precedence.
  void read_schedule(const ObjectReader& r, std::size_t team_index, bool people_known) {
    if (!r.ok()) return;
    r.check_keys({"name", "time_zone", "layers", "overrides"});
    model::Schedule schedule;
    const auto name = r.name("name", kRequired);
    if (auto zone = r.time_zone("time_zone", kOptional)) schedule.time_zone = std::move(*zone);
    if (const json* layers = r.array("layers", kRequired, /*non_empty=*/true)) {
      for (std::size_t i = 0; i < layers->size(); ++i) {
        const ObjectReader lr((*layers)[i], child_pointer(r.pointer_to("layers"), i), problems_);
        if (!lr.ok()) continue;
        lr.check_keys({"name", "start", "end", "rotation_virtual_start",
                       "rotation_turn_length_seconds", "users", "restrictions"});
        model::ScheduleLayer layer;
        if (auto layer_name = lr.string("name", kOptional)) layer.name = std::move(*layer_name);
        const auto start = lr.date_time("start", kRequired);
        if (start) layer.start = *start;
        if (const auto end = lr.date_time("end", kOptional)) {
          layer.end = *end;
          if (start && *end <= *start) problems_.add(lr.pointer_to("end"), "must be after start");
        }
        layer.rotation_virtual_start =
            lr.date_time("rotation_virtual_start", kOptional).value_or(layer.start);
        if (const auto turn = lr.integer("rotation_turn_length_seconds", kRequired,
                                         ranges::rotation_turn_length_s())) {
          layer.rotation_turn_length = std::chrono::seconds(*turn);
        }
        if (const json* users = lr.array("users", kRequired, /*non_empty=*/true);
            users != nullptr && people_known) {
          for (std::size_t u = 0; u < users->size(); ++u) {
            if (const auto person = resolve_person(
                    (*users)[u], child_pointer(lr.pointer_to("users"), u), team_index)) {
              layer.users.push_back(*person);
            }
          }
        }
        if (const json* restrictions = lr.array("restrictions", kOptional)) {
          for (std::size_t k = 0; k < restrictions->size(); ++k) {
            const ObjectReader rr((*restrictions)[k],
                                  child_pointer(lr.pointer_to("restrictions"), k), problems_);
            if (const auto restriction = internal::read_restriction(rr, /*strict=*/true)) {
              layer.restrictions.push_back(*restriction);
            }
          }
        }
        schedule.layers.push_back(std::move(layer));
      }
    }
    if (const json* overrides = r.array("overrides", kOptional)) {
      for (std::size_t i = 0; i < overrides->size(); ++i) {
        const ObjectReader orr((*overrides)[i], child_pointer(r.pointer_to("overrides"), i),
                               problems_);
        if (!orr.ok()) continue;
        orr.check_keys({"start", "end", "user"});
        const auto start = orr.date_time("start", kRequired);
        const auto end = orr.date_time("end", kRequired);
        if (start && end && *end <= *start) {
          problems_.add(orr.pointer_to("end"), "must be after start");
        }
        const json* user = orr.find("user", kRequired);
        std::optional<std::size_t> person;
        if (user != nullptr && people_known) {
          person = resolve_person(*user, orr.pointer_to("user"), team_index);
        }
        if (start && end && person) schedule.overrides.push_back({*start, *end, *person});
      }
    }
    if (!name) return;
    schedule.name = *name;
    add_schedule(std::move(schedule), team_index, r.pointer_to("name"));
  }

  void read_escalation(const ObjectReader& r, std::size_t team_index, bool people_known) {
    r.check_keys({"levels", "loops"});
    model::EscalationPolicy& policy = scenario_.teams[team_index].escalation;
    if (const json* levels = r.array("levels", kRequired, /*non_empty=*/true)) {
      policy.levels.resize(levels->size());
      for (std::size_t l = 0; l < levels->size(); ++l) {
        const ObjectReader level((*levels)[l], child_pointer(r.pointer_to("levels"), l), problems_);
        level.check_keys({"targets", "delay_min"});
        if (const auto delay = level.duration("delay_min", kRequired, TimeUnit::Minutes,
                                              ranges::escalation_delay_min())) {
          policy.levels[l].delay = *delay;
        }
        const json* targets = level.array("targets", kRequired, /*non_empty=*/true);
        if (targets == nullptr) continue;
        std::map<std::string, std::size_t> first_at;
        for (std::size_t t = 0; t < targets->size(); ++t) {
          const std::string pointer = child_pointer(level.pointer_to("targets"), t);
          const auto name = internal::read_name((*targets)[t], pointer, problems_);
          if (!name) continue;
          if (const auto [it, inserted] = first_at.try_emplace(*name, t); !inserted) {
            problems_.add(pointer, "duplicate target " + in_quotes(*name) + " (first at " +
                                       child_pointer(level.pointer_to("targets"), it->second) +
                                       ")");
            continue;
          }
          using Kind = model::EscalationTarget::Kind;
          if (const auto schedule = schedules_[team_index].find(*name)) {
            policy.levels[l].targets.push_back({Kind::Schedule, *schedule});
          } else if (const auto person = people_[team_index].find(*name)) {
            policy.levels[l].targets.push_back({Kind::Person, *person});
          } else if (people_known) {
            std::vector<std::string> names;
            for (const auto& sc : scenario_.teams[team_index].schedules)
              names.push_back(in_quotes(sc.name));
            const std::string schedules =
                names.empty() ? std::string() : join_names(names) + " or ";
            problems_.add(pointer, "unknown escalation target " + in_quotes(*name) +
                                       " (expected " + schedules + "a person of team " +
                                       in_quotes(scenario_.teams[team_index].name) + ")");
          }
        }
      }
    }
    if (const auto loops = read_int(r, "loops", kOptional, ranges::escalation_loops()))
      policy.loops = *loops;
  }

  void read_services(const ObjectReader& root) {
    const json* services = root.array("services", kRequired, /*non_empty=*/true);
    if (services == nullptr) return;
    scenario_.services.resize(services->size());
    service_replicas_.resize(services->size());
    for (std::size_t i = 0; i < services->size(); ++i) {
      const ObjectReader r((*services)[i], child_pointer(root.pointer_to("services"), i),
                           problems_);
      r.check_keys({"name", "team", "replicas", "capacity_rps", "base_latency_ms",
                    "load_shedding", "queue_limit", "zones", "external", "secondary_provider",
                    "autoscaling", "observability", "runbooks"});
      model::Service& service = scenario_.services[i];
      if (auto name = r.name("name", kRequired)) {
        if (name->find("->") != std::string::npos) {
          problems_.add(r.pointer_to("name"),
                        "must not contain \"->\" (it separates caller and callee in call names), "
                        "got " +
                            in_quotes(*name));
        }
        services_.add(*name, i, r.pointer(), r.pointer_to("name"), problems_);
        service.name = std::move(*name);
      }
      if (const auto team = r.name("team", kRequired)) {
        if (const auto index = teams_.resolve(*team, r.pointer_to("team"), problems_)) {
          service.team = *index;
        }
      }
      service_replicas_[i] = read_int(r, "replicas", kRequired, ranges::replicas());
      if (service_replicas_[i]) service.replicas = *service_replicas_[i];
      if (const auto c = r.number("capacity_rps", kRequired, ranges::capacity_rps())) {
        service.capacity_rps = *c;
      }
      if (const auto l = r.number("base_latency_ms", kRequired, ranges::latency_ms())) {
        service.base_latency_ms = *l;
      }
      if (const auto shed = r.boolean("load_shedding", kOptional)) service.load_shedding = *shed;
      service.queue_limit = read_int(r, "queue_limit", kOptional, ranges::queue_limit());
      if (const auto external = r.boolean("external", kOptional)) service.external = *external;
      if (const auto second = r.boolean("secondary_provider", kOptional)) {
        service.secondary_provider = *second;
        if (*second && !service.external) {
          problems_.add(r.pointer_to("secondary_provider"),
                        "only an external service can have a secondary provider; set "
                        "\"external\": true or remove it");
        }
      }
      if (const json* obs = r.object("observability", kOptional)) {
        const ObjectReader o(*obs, r.pointer_to("observability"), problems_);
        o.check_keys({"metrics", "logs", "traces"});
        if (const auto b = o.boolean("metrics", kOptional)) service.observability.metrics = *b;
        if (const auto b = o.boolean("logs", kOptional)) service.observability.logs = *b;
        if (const auto b = o.boolean("traces", kOptional)) service.observability.traces = *b;
      }
      if (const json* runbooks = r.array("runbooks", kOptional)) {
        for (std::size_t k = 0; k < runbooks->size(); ++k) {
          const std::string pointer = child_pointer(r.pointer_to("runbooks"), k);
          const auto name = read_name((*runbooks)[k], pointer, problems_);
          if (!name) continue;
          const auto type = model::fault_type_from_string(*name);
          if (!type) {
            problems_.add(pointer, "unknown fault type " + in_quotes(*name) +
                                       " (expected one of: " +
                                       enum_names<model::FaultType>(model::kFaultTypeCount) + ")");
            continue;
          }
          service.runbooks.push_back(*type);
        }
      }
      if (const json* as = r.object("autoscaling", kOptional)) {
        const ObjectReader ar(*as, r.pointer_to("autoscaling"), problems_);
        ar.check_keys({"target_utilisation", "max_replicas", "reaction_s", "cold_start_s"});
        model::Autoscaling a;
        if (const auto t =
                ar.number("target_utilisation", kOptional, ranges::target_utilisation())) {
          a.target_utilisation = *t;
        }
        if (const auto m = read_int(ar, "max_replicas", kRequired, ranges::replicas())) {
          a.max_replicas = *m;
          if (service_replicas_[i] && *m < *service_replicas_[i]) {
            problems_.add(ar.pointer_to("max_replicas"),
                          "must be >= replicas (" + std::to_string(*service_replicas_[i]) +
                              "), got " + std::to_string(*m));
          }
        }
        if (const auto d = ar.duration("reaction_s", kOptional, TimeUnit::Seconds,
                                       ranges::scaling_delay_s())) {
          a.reaction = *d;
        }
        if (const auto d = ar.duration("cold_start_s", kOptional, TimeUnit::Seconds,
                                       ranges::scaling_delay_s())) {
          a.cold_start = *d;
        }
        service.autoscaling = a;
      }
      if (const json* zones = r.array("zones", kOptional, /*non_empty=*/true)) {
        for (std::size_t z = 0; z < zones->size(); ++z) {
          const std::string zp = child_pointer(r.pointer_to("zones"), z);
          auto zone = read_name((*zones)[z], zp, problems_);
          if (!zone) continue;
          if (std::find(service.zones.begin(), service.zones.end(), *zone) !=
              service.zones.end()) {
            problems_.add(zp, "duplicate zone " + in_quotes(*zone));
            continue;
          }
          zones_.insert(*zone);
          service.zones.push_back(std::move(*zone));
        }
      }
    }
  }

  void read_calls(const ObjectReader& root) {
    const json* calls = root.array("calls", kOptional);
    if (calls == nullptr) return;
    scenario_.calls.resize(calls->size());
    std::map<std::string, std::string> first_at;  // "caller->callee" → pointer
    for (std::size_t i = 0; i < calls->size(); ++i) {
      const ObjectReader r((*calls)[i], child_pointer(root.pointer_to("calls"), i), problems_);
      r.check_keys({"from", "to", "hard", "calls_per_request", "timeout_ms", "retries",
                    "retry_budget", "retry_backoff_ms", "breaker", "feature_flag"});
      model::Call& call = scenario_.calls[i];
      const auto from = r.name("from", kRequired);
      const auto to = r.name("to", kRequired);
      std::optional<std::size_t> caller, callee;
      if (from) caller = services_.resolve(*from, r.pointer_to("from"), problems_);
      if (to) callee = services_.resolve(*to, r.pointer_to("to"), problems_);
      if (caller) call.caller = *caller;
      if (callee) call.callee = *callee;
      if (const auto hard = r.boolean("hard", kOptional)) call.hard = *hard;
      call.feature_flag = r.boolean("feature_flag", kOptional).value_or(!call.hard);
      if (const auto n = r.number("calls_per_request", kOptional, ranges::calls_per_request())) {
        call.calls_per_request = *n;
      }
      if (const auto t = r.number("timeout_ms", kOptional, ranges::timeout_ms())) {
        call.timeout_ms = *t;
      }
      if (const auto n = read_int(r, "retries", kOptional, ranges::retries())) call.retries = *n;
      call.retry_budget = r.number("retry_budget", kOptional, ranges::retry_budget());
      if (const auto b = r.number("retry_backoff_ms", kOptional, ranges::latency_ms())) {
        call.retry_backoff_ms = *b;
      }
      if (const json* breaker = r.object("breaker", kOptional)) {
        const ObjectReader br(*breaker, r.pointer_to("breaker"), problems_);
        br.check_keys({"error_threshold", "open_s"});
        model::CircuitBreaker cb;
        if (const auto t = br.number("error_threshold", kOptional, Range::share())) {
          cb.error_threshold = *t;
        }
        if (const auto d =
                br.duration("open_s", kOptional, TimeUnit::Seconds, ranges::breaker_open_s())) {
          cb.open_duration = *d;
        }
        call.breaker = cb;
      }
      if (!from || !to) continue;
      const std::string key = *from + "->" + *to;
      if (*from == *to) {
        problems_.add(r.pointer_to("to"), "a service cannot call itself, got " + in_quotes(key));
        calls_.try_emplace(key, std::nullopt);
        continue;
      }
      if (const auto [it, inserted] = first_at.try_emplace(key, r.pointer()); !inserted) {
        problems_.add(r.pointer(),
                      "duplicate call " + in_quotes(key) + " (first at " + it->second + ")");
        continue;
      }
      calls_.try_emplace(key, caller && callee ? std::optional<std::size_t>(i) : std::nullopt);
    }
  }

  void read_journeys(const ObjectReader& root) {
    const json* journeys = root.array("journeys", kRequired, /*non_empty=*/true);
    if (journeys == nullptr) return;
    scenario_.journeys.resize(journeys->size());
    journey_objective_.resize(journeys->size());
    std::optional<double> tree_nodes = 0.0;  // Σ of the journeys' call-tree sizes, while known
    for (std::size_t j = 0; j < journeys->size(); ++j) {
      const ObjectReader r((*journeys)[j], child_pointer(root.pointer_to("journeys"), j),
                           problems_);
      r.check_keys({"name", "entry", "rate_rps", "profile", "calendar", "calls", "slo",
                    "revenue_per_request", "timeout_ms"});
      model::Journey& journey = scenario_.journeys[j];
      if (auto name = r.name("name", kRequired)) {
        journeys_.add(*name, j, r.pointer(), r.pointer_to("name"), problems_);
        journey.name = std::move(*name);
      }
      std::optional<std::size_t> entry;
      if (const auto name = r.name("entry", kRequired)) {
        entry = services_.resolve(*name, r.pointer_to("entry"), problems_);
        if (entry) journey.entry_service = *entry;
      }
      if (const auto rate = r.number("rate_rps", kRequired, ranges::journey_rate_rps())) {
        journey.rate_rps = *rate;
      }
      if (const json* profile = r.array("profile", kOptional)) {
        read_profile(*profile, r.pointer_to("profile"), journey);
      }
      const bool calls_resolved = read_journey_calls(r, journey);
      if (entry && calls_resolved) {
        check_reachable(r, journey);
        const auto nodes = check_call_tree_size(r, journey);
        if (tree_nodes) tree_nodes = nodes ? std::optional(*tree_nodes + *nodes) : std::nullopt;
      } else {
        tree_nodes.reset();
      }
      if (const json* slo = r.object("slo", kRequired)) {
        const ObjectReader s(*slo, r.pointer_to("slo"), problems_);
        s.check_keys({"objective", "period_days", "p99_latency_ms"});
        journey_objective_[j] = s.number("objective", kRequired, ranges::slo_objective());
        if (journey_objective_[j]) journey.slo.objective = *journey_objective_[j];
        if (const auto p =
                s.duration("period_days", kOptional, TimeUnit::Days, ranges::slo_period_days())) {
          journey.slo.period = *p;
        }
        journey.slo.p99_latency_ms =
            s.number("p99_latency_ms", kOptional, ranges::positive_latency_ms());
      }
      if (const auto revenue =
              r.number("revenue_per_request", kOptional, ranges::revenue_per_request())) {
        journey.revenue_per_request = *revenue;
      }
      if (const auto t = r.number("timeout_ms", kOptional, ranges::timeout_ms())) {
        journey.timeout_ms = *t;
      }
      read_calendar(r, journey);
    }
    if (tree_nodes && *tree_nodes > static_cast<double>(model::kMaxCallTreeNodesTotal)) {
      problems_.add(root.pointer_to("journeys"),
                    "the journeys' call trees have " + format_number(*tree_nodes) +
                        " nodes in all; at most " +
                        std::to_string(model::kMaxCallTreeNodesTotal) + " are allowed");
    }
  }

  void read_profile(const json& profile, const std::string& pointer, model::Journey& journey) {
    std::optional<double> previous_at_min;
    for (std::size_t k = 0; k < profile.size(); ++k) {
      const ObjectReader step(profile[k], child_pointer(pointer, k), problems_);
      step.check_keys({"at_min", "multiplier"});
      model::RateStep rate_step;
      const auto at =
          step.duration("at_min", kRequired, TimeUnit::Minutes, ranges::run_offset_min());
      if (at) {
        const double at_min = step.find("at_min")->get<double>();
        if (previous_at_min && at_min <= *previous_at_min) {
          problems_.add(step.pointer_to("at_min"), "must be > the previous step's at_min (" +
                                                       format_number(*previous_at_min) + "), got " +
                                                       step.find("at_min")->dump());
        }
        previous_at_min = at_min;
        rate_step.at = *at;
      }
      if (const auto m = step.number("multiplier", kRequired, ranges::traffic_multiplier())) {
        rate_step.multiplier = *m;
      }
      journey.rate_profile.push_back(rate_step);
    }
  }

  // Returns true iff every call of the journey resolved (so reachability can be judged).
  bool read_journey_calls(const ObjectReader& r, model::Journey& journey) {
    const json* calls = r.array("calls", kRequired);
    if (calls == nullptr) return false;
    bool all_resolved = true;
    std::map<std::size_t, std::size_t> first_at;  // call → position in the journey's list
    for (std::size_t k = 0; k < calls->size(); ++k) {
      const std::string pointer = child_pointer(r.pointer_to("calls"), k);
      const auto call = resolve_call((*calls)[k], pointer);
      if (!call) {
        all_resolved = false;
        continue;
      }
      if (const auto [it, inserted] = first_at.try_emplace(*call, k); !inserted) {
        problems_.add(pointer, "duplicate call " + in_quotes((*calls)[k].get<std::string>()) +
                                   " in this journey (first at " +
                                   child_pointer(r.pointer_to("calls"), it->second) + ")");
        continue;
      }
      journey.calls.push_back(*call);
    }
    return all_resolved;
  }

  // A request starts at the entry and only walks the journey's calls, so each call's caller must
  // be reachable from the entry through them.
  void check_reachable(const ObjectReader& r, const model::Journey& journey) {
    // A breadth-first search over the journey's calls by caller: linear, where sweeping the list
    // until nothing changes is quadratic on a long chain listed from its far end.
    std::vector<std::pair<std::size_t, std::size_t>> by_caller;  // (caller, callee), sorted
    for (const std::size_t c : journey.calls)
      by_caller.emplace_back(scenario_.calls[c].caller, scenario_.calls[c].callee);
    std::sort(by_caller.begin(), by_caller.end());
    std::vector<bool> reached(scenario_.services.size(), false);
    reached[journey.entry_service] = true;
    for (std::vector<std::size_t> next{journey.entry_service}; !next.empty();) {
      const std::size_t caller = next.back();
      next.pop_back();
      for (auto it = std::lower_bound(by_caller.begin(), by_caller.end(), std::pair{caller, std::size_t{0}});
           it != by_caller.end() && it->first == caller; ++it) {
        if (!reached[it->second]) {
          reached[it->second] = true;
          next.push_back(it->second);
        }
      }
    }
    const json& calls = *r.find("calls");
    const std::string& entry = scenario_.services[journey.entry_service].name;
    for (std::size_t k = 0; k < calls.size(); ++k) {
      const auto& text = calls[k].get_ref<const std::string&>();
      const auto call = calls_.at(text);
      const std::string& caller = scenario_.services[scenario_.calls[*call].caller].name;
      if (!reached[scenario_.calls[*call].caller]) {
        problems_.add(child_pointer(r.pointer_to("calls"), k),
                      "call " + in_quotes(text) + " is unreachable: its caller " +
                          in_quotes(caller) + " is not reached from the entry " + in_quotes(entry) +
                          " through this journey's calls");
      }
    }
  }

  // The flow model's work is proportional to the journeys' call trees, which have a node per
  // path of calls from the entry: a DAG of shared services can make that exponential in the
  // file's size. Returns the journey's tree size, or nullopt (with a problem) above the limit.
  std::optional<double> check_call_tree_size(const ObjectReader& r,
                                             const model::Journey& journey) {
    const model::CallTreeSize size =
        model::call_tree_size(scenario_, journey, model::kMaxCallTreeNodes);
    if (size.exact && size.nodes <= static_cast<double>(model::kMaxCallTreeNodes))
      return size.nodes;
    problems_.add(r.pointer(),
                  "journey " + in_quotes(journey.name) + " expands to a call tree of " +
                      (size.exact ? format_number(size.nodes) : "more than " +
                                    std::to_string(model::kMaxCallTreeNodes)) +
                      " nodes (one per path of calls from its entry); at most " +
                      std::to_string(model::kMaxCallTreeNodes) + " are allowed");
    return std::nullopt;
  }

  void read_alerts(const ObjectReader& root) {
    const json* alerts = root.object("alerts", kOptional);
    if (alerts == nullptr) return;
    const ObjectReader r(*alerts, root.pointer_to("alerts"), problems_);
    r.check_keys({"threshold", "burn_rate", "probes", "route", "false_positives"});
    if (const json* route = r.object("route", kOptional)) {
      read_alert_route(ObjectReader(*route, r.pointer_to("route"), problems_));
    }
    if (const json* noise = r.object("false_positives", kOptional)) {
      const ObjectReader n(*noise, r.pointer_to("false_positives"), problems_);
      n.check_keys({"per_day", "duration_median_min"});
      model::FalsePositives& fp = scenario_.false_positives;
      if (const auto rate = n.number("per_day", kRequired, ranges::false_positives_per_day()))
        fp.per_day = *rate;
      if (const auto d = n.duration("duration_median_min", kOptional, TimeUnit::Minutes,
                                    ranges::human_median_min())) {
        fp.duration_median = *d;
      }
    }
    if (const json* rules = r.array("threshold", kOptional)) {
      for (std::size_t k = 0; k < rules->size(); ++k) {
        scenario_.threshold_rules.push_back(
            read_threshold_rule((*rules)[k], child_pointer(r.pointer_to("threshold"), k)));
      }
    }
    if (const json* rules = r.array("burn_rate", kOptional)) {
      for (std::size_t k = 0; k < rules->size(); ++k) {
        scenario_.burn_rate_rules.push_back(
            read_burn_rate_rule((*rules)[k], child_pointer(r.pointer_to("burn_rate"), k)));
      }
    }
    if (const json* probes = r.array("probes", kOptional)) {
      for (std::size_t k = 0; k < probes->size(); ++k) {
        scenario_.probe_rules.push_back(
            read_probe_rule((*probes)[k], child_pointer(r.pointer_to("probes"), k)));
      }
    }
  }

  // A synthetic probe: {"name", "journey" or "service", "interval_s", "timeout_ms",
  // "failures_to_alert", "severity", "team"}.
  model::ProbeRule read_probe_rule(const json& value, const std::string& pointer) {
    const ObjectReader r(value, pointer, problems_);
    r.check_keys({"name", "journey", "service", "interval_s", "timeout_ms", "failures_to_alert",
                  "severity", "team"});
    model::ProbeRule probe;
    read_rule_name(r, probe.name);
    if (r.has("service") && r.has("journey")) {
      problems_.add(pointer, "must have exactly one of \"service\" or \"journey\", got both");
    } else if (r.has("service")) {
      probe.target_kind = model::TargetKind::Service;
      if (const auto name = r.name("service", kRequired)) {
        if (const auto s = services_.resolve(*name, r.pointer_to("service"), problems_)) {
          probe.target = *s;
        }
      }
    } else if (r.has("journey")) {
      probe.target_kind = model::TargetKind::Journey;
      if (const auto name = r.name("journey", kRequired)) {
        if (const auto j = journeys_.resolve(*name, r.pointer_to("journey"), problems_)) {
          probe.target = *j;
        }
      }
    } else if (r.ok()) {
      problems_.add(pointer, "missing required key \"service\" or \"journey\"");
    }
    const auto interval =
        r.duration("interval_s", kOptional, TimeUnit::Seconds, ranges::probe_interval_s());
    if (interval) probe.interval = *interval;
    if (interval && duration_min_ &&
        engine::to_seconds(scenario_.run.duration) / engine::to_seconds(*interval) >
            ranges::kMaxScrapesPerRun) {
      problems_.add(r.pointer_to("interval_s"),
                    "the probe would run more than " + format_number(ranges::kMaxScrapesPerRun) +
                        " times over the run: lengthen its interval or shorten the run");
    }
    if (const auto t = r.number("timeout_ms", kOptional, ranges::timeout_ms()))
      probe.timeout_ms = *t;
    // Prometheus refuses a scrape_timeout longer than the scrape_interval.
    if (r.ok() && probe.timeout_ms > 1000.0 * engine::to_seconds(probe.interval) &&
        (interval || r.has("timeout_ms"))) {
      problems_.add(r.has("timeout_ms") ? r.pointer_to("timeout_ms") : r.pointer_to("interval_s"),
                    "the probe's timeout (" + format_number(probe.timeout_ms) +
                        " ms) must not exceed its interval (" +
                        format_number(engine::to_seconds(probe.interval)) +
                        " s), as Prometheus requires scrape_timeout <= scrape_interval");
    }
    if (const auto n = read_int(r, "failures_to_alert", kOptional, ranges::failures_to_alert()))
      probe.failures_to_alert = *n;
    if (const auto severity = read_severity(r)) probe.severity = *severity;
    probe.team = read_route(r);
    return probe;
  }

  // "customers": the customers' side, every key optional (model::CustomerModel).
  void read_customers(const ObjectReader& root) {
    const json* value = root.object("customers", kOptional);
    if (value == nullptr) return;
    const ObjectReader r(*value, root.pointer_to("customers"), problems_);
    r.check_keys({"report_probability", "support_escalation_median_min", "ticket_probability",
                  "silence_doubling_min"});
    model::CustomerModel& c = scenario_.customers;
    if (const auto p = r.number("report_probability", kOptional, Range::probability())) {
      c.report_probability = *p;
    }
    if (const auto d = r.duration("support_escalation_median_min", kOptional, TimeUnit::Minutes,
                                  ranges::customer_delay_min())) {
      c.support_escalation_median = *d;
    }
    if (const auto p = r.number("ticket_probability", kOptional, Range::probability())) {
      c.ticket_probability = *p;
    }
    if (const auto d = r.duration("silence_doubling_min", kOptional, TimeUnit::Minutes,
                                  ranges::customer_delay_min())) {
      c.silence_doubling = *d;
    }
  }

  // "route": Alertmanager's grouping, {"group_by": [labels], "group_wait_s", "group_interval_s"}.
  void read_alert_route(const ObjectReader& r) {
    r.check_keys({"group_by", "group_wait_s", "group_interval_s"});
    model::AlertRoute& route = scenario_.alert_route;
    if (const json* labels = r.array("group_by", kOptional)) {
      route.group_by.clear();
      for (std::size_t k = 0; k < labels->size(); ++k) {
        const std::string pointer = child_pointer(r.pointer_to("group_by"), k);
        const json& label = (*labels)[k];
        const auto parsed =
            label.is_string() ? model::alert_label_from_string(label.get<std::string>())
                              : std::nullopt;
        if (!parsed) {
          std::vector<std::string> names;
          for (const auto l : {model::AlertLabel::AlertName, model::AlertLabel::Service,
                               model::AlertLabel::Journey, model::AlertLabel::Severity}) {
            names.emplace_back(model::to_string(l));
          }
          problems_.add(pointer, "unknown label " + label.dump() +
                                     " (expected one of: " + join_names(names) + ")");
        } else if (std::find(route.group_by.begin(), route.group_by.end(), *parsed) !=
                   route.group_by.end()) {
          problems_.add(pointer, "label " + label.dump() + " is listed twice");
        } else {
          route.group_by.push_back(*parsed);
        }
      }
    }
    if (const auto w =
            r.duration("group_wait_s", kOptional, TimeUnit::Seconds, ranges::group_wait_s())) {
      route.group_wait = *w;
    }
    if (const auto i = r.duration("group_interval_s", kOptional, TimeUnit::Seconds,
                                  ranges::group_interval_s())) {
      route.group_interval = *i;
    }
  }

  void read_rule_name(const ObjectReader& r, std::string& name) {
    if (auto n = r.name("name", kRequired)) {
      rules_.add(*n, rule_count_, r.pointer(), r.pointer_to("name"), problems_);
      name = std::move(*n);
    }
    ++rule_count_;
  }

  std::optional<std::size_t> read_route(const ObjectReader& r) {
    const auto team = r.name("team", kOptional);
    if (!team) return std::nullopt;
    return teams_.resolve(*team, r.pointer_to("team"), problems_);
  }

  model::ThresholdRule read_threshold_rule(const json& value, const std::string& pointer) {
    const ObjectReader r(value, pointer, problems_);
    r.check_keys({"name", "metric", "service", "journey", "threshold", "window_s", "for_s",
                  "keep_firing_for_s", "severity", "team"});
    model::ThresholdRule rule;
    read_rule_name(r, rule.name);
    std::optional<model::MetricKind> metric;
    if (const auto name = r.string("metric", kRequired)) {
      metric = model::metric_kind_from_string(*name);
      if (metric) {
        rule.metric = *metric;
      } else {
        std::vector<std::string> names;
        for (const auto m : {model::MetricKind::ErrorRatio, model::MetricKind::LatencyMs,
                             model::MetricKind::Utilisation}) {
          names.emplace_back(model::to_string(m));
        }
        problems_.add(r.pointer_to("metric"), "unknown metric " + in_quotes(*name) +
                                                  " (expected one of: " + join_names(names) + ")");
      }
    }
    if (r.has("service") && r.has("journey")) {
      problems_.add(pointer, "must have exactly one of \"service\" or \"journey\", got both");
    } else if (r.has("service")) {
      rule.target_kind = model::TargetKind::Service;
      if (const auto name = r.name("service", kRequired)) {
        if (const auto s = services_.resolve(*name, r.pointer_to("service"), problems_)) {
          rule.target = *s;
        }
      }
    } else if (r.has("journey")) {
      rule.target_kind = model::TargetKind::Journey;
      if (const auto name = r.name("journey", kRequired)) {
        if (const auto j = journeys_.resolve(*name, r.pointer_to("journey"), problems_)) {
          rule.target = *j;
        }
      }
      if (metric == model::MetricKind::Utilisation) {
        problems_.add(r.pointer_to("metric"),
                      "utilisation is a service metric; a journey rule can watch error_ratio or "
                      "latency_ms");
      }
    } else if (r.ok()) {
      problems_.add(pointer, "missing required key \"service\" or \"journey\"");
    }
    // An error ratio above 1 can never be exceeded; latency and utilisation above 0 always are.
    const Range range = metric == model::MetricKind::ErrorRatio  ? Range{0.0, true, 1.0, false}
                        : metric == model::MetricKind::LatencyMs ? ranges::positive_latency_ms()
                        : metric                                 ? ranges::utilisation_threshold()
                                                                 : Range::any();
    if (const auto t = r.number("threshold", kRequired, range)) rule.threshold = *t;
    if (const auto w =
            r.duration("window_s", kOptional, TimeUnit::Seconds, ranges::alert_window_s())) {
      rule.window = *w;
    }
    if (const auto f = r.duration("for_s", kOptional, TimeUnit::Seconds, ranges::alert_hold_s())) {
      rule.for_duration = *f;
    }
    if (const auto k =
            r.duration("keep_firing_for_s", kOptional, TimeUnit::Seconds, ranges::alert_hold_s())) {
      rule.keep_firing_for = *k;
    }
    if (const auto severity = read_severity(r)) rule.severity = *severity;
    rule.team = read_route(r);
    return rule;
  }

  std::optional<model::AlertSeverity> read_severity(const ObjectReader& r) {
    const auto name = r.string("severity", kOptional);
    if (!name) return std::nullopt;
    if (const auto severity = model::alert_severity_from_string(*name)) return severity;
    problems_.add(r.pointer_to("severity"), "unknown severity " + in_quotes(*name) +
                                                " (expected one of: page, ticket)");
    return std::nullopt;
  }

  model::BurnRateRule read_burn_rate_rule(const json& value, const std::string& pointer) {
    const ObjectReader r(value, pointer, problems_);
    r.check_keys(
        {"name", "journey", "preset", "conditions", "for_s", "keep_firing_for_s", "team"});
    model::BurnRateRule rule;
    read_rule_name(r, rule.name);
    std::optional<double> objective;
    if (const auto name = r.name("journey", kRequired)) {
      if (const auto j = journeys_.resolve(*name, r.pointer_to("journey"), problems_)) {
        rule.journey = *j;
        objective = journey_objective_[*j];
      }
    }
    // At error ratio 1 the burn rate is 1 / (1 − objective); a higher threshold never fires.
    const auto check_fires = [&](double burn_rate, const std::string& at) {
      if (!objective) return;
      const double needed = burn_rate * (1.0 - *objective);
      if (needed <= 1.0) return;
      char rounded[32];
      std::snprintf(rounded, sizeof rounded, "%.4g", needed);
      const std::string formula =
          format_number(burn_rate) + " * (1 - " + format_number(*objective) + ") = " + rounded;
      problems_.add(at,
                    "can never fire: it needs an error ratio of burn_rate * (1 - objective) = " +
                        formula + ", more than a total outage (1)");
    };
    if (r.has("preset") && r.has("conditions")) {
      problems_.add(pointer, "must have exactly one of \"preset\" or \"conditions\", got both");
    } else if (r.has("preset")) {
      if (const auto name = r.string("preset", kRequired)) {
        std::vector<std::string> names;
        for (const auto& preset : burn_rate_presets()) {
          names.emplace_back(preset.name);
          if (preset.name != *name) continue;
          rule.conditions = preset.conditions;
          const bool own_for = std::any_of(rule.conditions.begin(), rule.conditions.end(),
                                           [](const auto& c) { return c.for_duration; });
          if (own_for && r.has("for_s")) {
            problems_.add(r.pointer_to("for_s"),
                          "preset " + in_quotes(*name) +
                              " sets each condition's `for` itself; remove for_s, or write the "
                              "conditions out");
          }
        }
        if (rule.conditions.empty()) {
          problems_.add(r.pointer_to("preset"), "unknown preset " + in_quotes(*name) +
                                                    " (expected one of: " + join_names(names) +
                                                    ")");
        }
        for (const auto& c : rule.conditions) check_fires(c.burn_rate, r.pointer_to("preset"));
      }
    } else if (r.has("conditions")) {
      if (const json* conditions = r.array("conditions", kRequired, /*non_empty=*/true)) {
        for (std::size_t k = 0; k < conditions->size(); ++k) {
          const ObjectReader c((*conditions)[k], child_pointer(r.pointer_to("conditions"), k),
                               problems_);
          c.check_keys({"long_window_min", "short_window_min", "burn_rate", "for_min",
                        "severity"});
          model::BurnRateCondition condition;
          const auto long_window = c.duration("long_window_min", kRequired, TimeUnit::Minutes,
                                              ranges::burn_window_min());
          // Without a short window the condition is a single-window burn-rate alert (SRE
          // Workbook ch. 5, approaches 4 and 5).
          const auto short_window = c.duration("short_window_min", kOptional, TimeUnit::Minutes,
                                               ranges::burn_window_min());
          if (long_window) condition.long_window = *long_window;
          condition.short_window = short_window;
          if (long_window && short_window && *short_window >= *long_window) {
            problems_.add(c.pointer_to("short_window_min"),
                          "must be < long_window_min (" + c.find("long_window_min")->dump() +
                              "), got " + c.find("short_window_min")->dump());
          }
          if (const auto b = c.number("burn_rate", kRequired, ranges::burn_rate())) {
            condition.burn_rate = *b;
            check_fires(*b, c.pointer_to("burn_rate"));
          }
          condition.for_duration =
              c.duration("for_min", kOptional, TimeUnit::Minutes, ranges::burn_hold_min());
          if (const auto severity = read_severity(c)) condition.severity = *severity;
          rule.conditions.push_back(condition);
        }
      }
    } else if (r.ok()) {
      problems_.add(pointer, "missing required key \"preset\" or \"conditions\"");
    }
    if (const auto f = r.duration("for_s", kOptional, TimeUnit::Seconds, ranges::alert_hold_s())) {
      rule.for_duration = *f;
    }
    if (const auto k =
            r.duration("keep_firing_for_s", kOptional, TimeUnit::Seconds, ranges::alert_hold_s())) {
      rule.keep_firing_for = *k;
    }
    rule.team = read_route(r);
    return rule;
  }

  void read_policy(const ObjectReader& root) {
    model::ResponsePolicy& policy = scenario_.policy;
    policy = model::ResponsePolicy{};
    const json* value = root.object("policy", kOptional);
    if (value == nullptr) return;
    const ObjectReader r(*value, root.pointer_to("policy"), problems_);
    r.check_keys({"severity_failed_share", "status_update_cadence_min",
                  "first_update_deadline_min", "responders", "mitigations",
                  "revenue_critical_raises", "misclassification_probability",
                  "incident_commander", "comms_lead", "page_experts_up_to",
                  "coordination_overhead_per_responder", "status_update_draft_median_min",
                  "scribe", "diagnosis", "mitigate_first", "recent_change_window_min",
                  "wrong_action_probability", "handoff_at_shift_end"});
    policy.scribe = read_role(r, "scribe");
    if (const auto name = r.string("diagnosis", kOptional)) {
      if (const auto d = model::diagnosis_strategy_from_string(*name)) {
        policy.diagnosis = *d;
      } else {
        problems_.add(r.pointer_to("diagnosis"), "unknown diagnosis strategy " + in_quotes(*name) +
                                                     " (expected one of: follow_traces, "
                                                     "follow_alerts)");
      }
    }
    if (const auto b = r.boolean("mitigate_first", kOptional)) policy.mitigate_first = *b;
    if (const auto d = r.duration("recent_change_window_min", kOptional, TimeUnit::Minutes,
                                  ranges::recent_change_window_min())) {
      policy.recent_change_window = *d;
    }
    if (const auto p = r.number("wrong_action_probability", kOptional, Range::probability())) {
      policy.wrong_action_probability = *p;
    }
    if (const auto b = r.boolean("handoff_at_shift_end", kOptional)) {
      policy.handoff_at_shift_end = *b;
    }
    if (const auto b = r.boolean("revenue_critical_raises", kOptional)) {
      policy.revenue_critical_raises = *b;
    }
    if (const auto p = r.number("misclassification_probability", kOptional, Range::probability())) {
      policy.misclassification_probability = *p;
    }
    policy.incident_commander = read_role(r, "incident_commander");
    policy.comms_lead = read_role(r, "comms_lead");
    if (r.is_null("page_experts_up_to")) {
      policy.page_experts_up_to = std::nullopt;
    } else if (r.has("page_experts_up_to")) {
      policy.page_experts_up_to = read_severity(r, "page_experts_up_to");
    }
    if (const auto c =
            r.number("coordination_overhead_per_responder", kOptional, ranges::per_page_share())) {
      policy.coordination_overhead_per_responder = *c;
    }
    if (const auto d = r.duration("status_update_draft_median_min", kOptional, TimeUnit::Minutes,
                                  ranges::human_median_min())) {
      policy.status_update_draft_median = *d;
    }
    if (const json* shares = r.object("severity_failed_share", kOptional)) {
      const ObjectReader s(*shares, r.pointer_to("severity_failed_share"), problems_);
      s.check_keys({"P1", "P2", "P3"});
      bool all_ok = true;
      for (std::size_t k = 0; k < policy.severity_failed_share.size(); ++k) {
        const char* key = model::to_string(static_cast<model::Severity>(k));
        if (!s.has(key)) continue;
        const auto v = s.number(key, kOptional, Range::share());
        if (v) policy.severity_failed_share[k] = *v;
        all_ok = all_ok && v.has_value();
      }
      const auto& t = policy.severity_failed_share;
      if (all_ok && !(t[0] > t[1] && t[1] > t[2])) {
        problems_.add(s.pointer(), "must be strictly descending (P1 > P2 > P3), got P1 " +
                                       format_number(t[0]) + ", P2 " + format_number(t[1]) +
                                       ", P3 " + format_number(t[2]));
      }
    }
    read_per_severity(r, "status_update_cadence_min", policy.status_update_cadence);
    read_per_severity(r, "first_update_deadline_min", policy.first_update_deadline);
    if (const json* responders = r.object("responders", kOptional)) {
      read_responders(ObjectReader(*responders, r.pointer_to("responders"), problems_),
                      policy.responders);
    }
    if (const json* mitigations = r.object("mitigations", kOptional)) {
      const ObjectReader m(*mitigations, r.pointer_to("mitigations"), problems_);
      std::vector<std::string_view> keys;
      for (std::size_t a = 0; a < model::kMitigationActionCount; ++a) {
        keys.emplace_back(model::to_string(static_cast<model::MitigationAction>(a)));
      }
      m.check_keys(keys);
      for (std::size_t a = 0; a < model::kMitigationActionCount; ++a) {
        const json* spec = m.object(keys[a], kOptional);
        if (spec == nullptr) continue;
        const ObjectReader s(*spec, m.pointer_to(keys[a]), problems_);
        s.check_keys({"median_duration_min", "success_probability"});
        if (const auto d = s.duration("median_duration_min", kOptional, TimeUnit::Minutes,
                                      ranges::human_median_min())) {
          policy.mitigations[a].median_duration = *d;
        }
        if (const auto p = s.number("success_probability", kOptional, Range::probability())) {
          policy.mitigations[a].success_probability = *p;
        }
      }
    }
  }

  // {"P1": minutes or null, ..., "P4": ...} at `key`: each severity's duration, null for none;
  // a severity left out keeps its value.
  void read_per_severity(const ObjectReader& r, std::string_view key,
                         std::array<std::optional<SimTime>, model::kSeverityCount>& out) {
    const json* value = r.object(key, kOptional);
    if (value == nullptr) return;
    const ObjectReader s(*value, r.pointer_to(key), problems_);
    s.check_keys({"P1", "P2", "P3", "P4"});
    for (std::size_t k = 0; k < model::kSeverityCount; ++k) {
      const char* severity = model::to_string(static_cast<model::Severity>(k));
      if (s.is_null(severity)) {
        out[k] = std::nullopt;
      } else if (const auto d = s.duration(severity, kOptional, TimeUnit::Minutes,
                                           ranges::status_update_min())) {
        out[k] = *d;
      }
    }
  }

  // A severity name "P1".."P4" at `key`, or nullopt (reported) when it is none of them.
  std::optional<model::Severity> read_severity(const ObjectReader& r, std::string_view key) {
    const auto name = r.string(key, kRequired);
    if (!name) return std::nullopt;
    for (std::size_t k = 0; k < model::kSeverityCount; ++k) {
      const auto s = static_cast<model::Severity>(k);
      if (*name == model::to_string(s)) return s;
    }
    problems_.add(r.pointer_to(key),
                  "unknown severity " + in_quotes(*name) + " (expected one of: P1, P2, P3, P4)");
    return std::nullopt;
  }

  // A role of the incident command system: {"team": name, "up_to": "P1".."P4"}.
  std::optional<model::RolePolicy> read_role(const ObjectReader& parent, std::string_view key) {
    const json* value = parent.object(key, kOptional);
    if (value == nullptr) return std::nullopt;
    const ObjectReader r(*value, parent.pointer_to(key), problems_);
    r.check_keys({"team", "up_to"});
    model::RolePolicy role;
    const auto team = r.name("team", kRequired);
    const auto index = team ? teams_.resolve(*team, r.pointer_to("team"), problems_) : std::nullopt;
    if (!index) return std::nullopt;
    role.team = *index;
    if (r.has("up_to")) {
      const auto s = read_severity(r, "up_to");
      if (!s) return std::nullopt;
      role.up_to = *s;
    }
    return role;
  }

  void read_responders(const ObjectReader& r, model::ResponderModel& responders) {
    r.check_keys({"ack_median_day_min", "ack_median_night_min", "missed_page_probability_day",
                  "missed_page_probability_night", "diagnosis_step_median_min",
                  "red_herring_probability", "resolve_confirmation_min",
                  "fatigue_ack_per_page", "fatigue_miss_per_page",
                  "ready_after_wake_median_min", "false_alarm_check_median_min",
                  "step_factor_without_metrics", "step_factor_without_logs",
                  "step_factor_without_traces", "step_factor_unfamiliar", "step_factor_runbook",
                  "handoff_median_min"});
    const auto minutes = [&r](std::string_view key, SimTime& out) {
      if (const auto d =
              r.duration(key, kOptional, TimeUnit::Minutes, ranges::human_median_min())) {
        out = *d;
      }
    };
    const auto number = [&r](std::string_view key, double& out, const Range& range) {
      if (const auto v = r.number(key, kOptional, range)) out = *v;
    };
    const auto probability = [&number](std::string_view key, double& out) {
      number(key, out, Range::probability());
    };
    minutes("ack_median_day_min", responders.ack_median_day);
    minutes("ack_median_night_min", responders.ack_median_night);
    probability("missed_page_probability_day", responders.missed_page_probability_day);
    probability("missed_page_probability_night", responders.missed_page_probability_night);
    minutes("diagnosis_step_median_min", responders.diagnosis_step_median);
    probability("red_herring_probability", responders.red_herring_probability);
    minutes("resolve_confirmation_min", responders.resolve_confirmation);
    number("fatigue_ack_per_page", responders.fatigue_ack_per_page, ranges::per_page_share());
    number("fatigue_miss_per_page", responders.fatigue_miss_per_page, ranges::per_page_share());
    minutes("ready_after_wake_median_min", responders.ready_after_wake_median);
    minutes("false_alarm_check_median_min", responders.false_alarm_check_median);
    minutes("handoff_median_min", responders.handoff_median);
    for (const auto& [key, out] :
         {std::pair{"step_factor_without_metrics", &responders.step_factor_without_metrics},
          std::pair{"step_factor_without_logs", &responders.step_factor_without_logs},
          std::pair{"step_factor_without_traces", &responders.step_factor_without_traces},
          std::pair{"step_factor_unfamiliar", &responders.step_factor_unfamiliar},
          std::pair{"step_factor_runbook", &responders.step_factor_runbook}})
      number(key, *out, ranges::step_factor());
  }

  void read_faults(const ObjectReader& root) {
    const json* faults = root.array("faults", kOptional);
    if (faults == nullptr) return;
    scenario_.faults.resize(faults->size());
    for (std::size_t k = 0; k < faults->size(); ++k) {
      read_fault((*faults)[k], child_pointer(root.pointer_to("faults"), k), scenario_.faults[k],
                 FaultForm::Scheduled, k);
    }
  }

  // Reads a fault of the schedule (with its id, start_min and end_min, `schedule_index` its
  // place), the fault a process draws (only its type and parameters), or a fault injected into
  // a run (its id and end_min, no start; see read_injected).
  void read_fault(const json& value, const std::string& pointer, model::Fault& fault,
                  FaultForm form, std::size_t schedule_index = 0) {
    using model::FaultType;
    const ObjectReader r(value, pointer, problems_);
    // The parameters each type takes, after the common id, type, start_min and end_min.
    static const std::map<FaultType, std::vector<std::string_view>> kParameters{
        {FaultType::CrashReplicas, {"service", "replicas"}},
        {FaultType::ErrorRate, {"service", "error_ratio"}},
        {FaultType::Latency, {"service", "latency_ms"}},
        {FaultType::BadDeploy, {"service", "error_ratio", "latency_ms", "rollout"}},
        {FaultType::TrafficSurge, {"multiplier", "journey"}},
        {FaultType::CallFailure, {"call", "error_ratio"}},
        {FaultType::Outage, {"service"}},
        {FaultType::ResourceExhaustion, {"service", "capacity_factor"}},
        {FaultType::MemoryLeak, {"service", "capacity_factor", "leak_period_min", "restart_s"}},
        {FaultType::BadConfig, {"service", "error_ratio", "latency_ms"}},
        {FaultType::NetworkPartition, {"service", "peer_service"}},
        {FaultType::ZoneOutage, {"zone"}},
        {FaultType::ThirdPartyOutage, {"service", "error_ratio"}},
        {FaultType::CertificateExpiry, {"service"}},
        {FaultType::DatastoreFailover, {"service", "capacity_factor", "outage_s"}},
    };

    std::vector<std::string_view> keys;
    switch (form) {
      case FaultForm::Scheduled:
        keys = {"id", "type", "start_min", "end_min"};
        break;
      case FaultForm::Drawn:
        keys = {"type"};
        break;
      case FaultForm::Injected:
        keys = {"id", "type", "end_min"};
        break;
    }
    std::optional<FaultType> type;
    if (const auto name = r.string("type", kRequired)) {
      type = model::fault_type_from_string(*name);
      if (!type) {
        std::vector<std::string> names;
        for (std::size_t t = 0; t < model::kFaultTypeCount; ++t) {
          names.emplace_back(model::to_string(static_cast<FaultType>(t)));
        }
        problems_.add(r.pointer_to("type"), "unknown fault type " + in_quotes(*name) +
                                                " (expected one of: " + join_names(names) + ")");
      }
    }
    if (type) {
      fault.type = *type;
      const auto& parameters = kParameters.at(*type);
      keys.insert(keys.end(), parameters.begin(), parameters.end());
      r.check_keys(keys, std::string("for fault type ") + in_quotes(model::to_string(*type)));
    } else {
      // Unknown type: accept any parameter some type takes, so only the type is reported.
      for (const auto& [t, parameters] : kParameters) {
        for (const auto p : parameters) {
          if (std::find(keys.begin(), keys.end(), p) == keys.end()) keys.push_back(p);
        }
      }
      r.check_keys(keys);
    }
    if (form == FaultForm::Scheduled) read_schedule(r, pointer, fault, schedule_index);
    if (!type) return;
    read_fault_parameters(r, pointer, fault, *type, kParameters.at(*type));
  }

  void read_schedule(const ObjectReader& r, const std::string& pointer, model::Fault& fault,
                     std::size_t index) {
    if (auto id = r.name("id", kRequired)) {
      faults_.add(*id, index, pointer, r.pointer_to("id"), problems_);
      fault.id = std::move(*id);
    }
    const auto start =
        r.duration("start_min", kRequired, TimeUnit::Minutes, ranges::run_offset_min());
    if (start) {
      fault.start = *start;
      if (duration_min_ && *start >= scenario_.run.duration) {
        problems_.add(r.pointer_to("start_min"), "must be < the run's duration_min (" +
                                                     format_number(*duration_min_) + "), got " +
                                                     r.find("start_min")->dump());
      }
    }
    if (!r.is_null("end_min")) {
      if (const auto end =
              r.duration("end_min", kOptional, TimeUnit::Minutes, ranges::run_offset_min())) {
        fault.end = *end;
        if (start && *end <= *start) {
          problems_.add(r.pointer_to("end_min"), "must be > start_min (" +
                                                     r.find("start_min")->dump() + "), got " +
                                                     r.find("end_min")->dump());
        }
      }
    }
  }

  void read_fault_parameters(const ObjectReader& r, const std::string& pointer,
                             model::Fault& fault, model::FaultType type,
                             const std::vector<std::string_view>& parameters) {
    using model::FaultType;
    const auto takes = [&parameters](std::string_view key) {
      return std::find(parameters.begin(), parameters.end(), key) != parameters.end();
    };
    std::optional<std::size_t> service;
    if (takes("service")) {
      if (const auto name = r.name("service", kRequired)) {
        service = services_.resolve(*name, r.pointer_to("service"), problems_);
        if (service) fault.service = *service;
      }
    }
    switch (type) {
      case FaultType::CrashReplicas:
        if (const auto n = read_int(r, "replicas", kRequired, ranges::replicas())) {
          fault.replicas = *n;
          if (service && service_replicas_[*service] && *n > *service_replicas_[*service]) {
            problems_.add(r.pointer_to("replicas"),
                          "must be <= the replicas of " +
                              in_quotes(scenario_.services[*service].name) + " (" +
                              std::to_string(*service_replicas_[*service]) + "), got " +
                              std::to_string(*n));
          }
        }
        break;
      case FaultType::ErrorRate:
      case FaultType::CallFailure:
        if (const auto e = r.number("error_ratio", kRequired, Range::share())) {
          fault.error_ratio = *e;
        }
        break;
      case FaultType::Latency:
        if (const auto l = r.number("latency_ms", kRequired, ranges::positive_latency_ms())) {
          fault.latency_ms = *l;
        }
        break;
      case FaultType::BadDeploy:
      case FaultType::BadConfig: {
        const auto e = r.number("error_ratio", kOptional, Range::probability());
        const auto l = r.number("latency_ms", kOptional, ranges::latency_ms());
        if (e) fault.error_ratio = *e;
        if (l) fault.latency_ms = *l;
        const bool readable = (e || !r.has("error_ratio")) && (l || !r.has("latency_ms"));
        if (readable && fault.error_ratio <= 0.0 && fault.latency_ms <= 0.0) {
          problems_.add(pointer, std::string("a ") + model::to_string(type) +
                                     " needs error_ratio > 0 or latency_ms > 0");
        }
        if (type == FaultType::BadDeploy) read_rollout(r, fault);
        break;
      }
      case FaultType::ThirdPartyOutage:
        fault.error_ratio = 1.0;
        if (const auto e = r.number("error_ratio", kOptional, Range::share())) {
          fault.error_ratio = *e;
        }
        if (service && !scenario_.services[*service].external) {
          problems_.add(r.pointer_to("service"),
                        "must be an external service (\"external\": true), got " +
                            in_quotes(scenario_.services[*service].name));
        }
        break;
      case FaultType::ResourceExhaustion:
      case FaultType::DatastoreFailover:
      case FaultType::MemoryLeak:
        if (const auto f = r.number("capacity_factor", kRequired, ranges::capacity_factor())) {
          fault.capacity_factor = *f;
        }
        if (type == FaultType::DatastoreFailover) {
          if (const auto d =
                  r.duration("outage_s", kOptional, TimeUnit::Seconds, ranges::outage_s())) {
            fault.outage_duration = *d;
          }
        }
        if (type == FaultType::MemoryLeak) {
          if (const auto d = r.duration("leak_period_min", kRequired, TimeUnit::Minutes,
                                        ranges::leak_period_min())) {
            fault.leak_period = *d;
          }
          if (const auto d =
                  r.duration("restart_s", kOptional, TimeUnit::Seconds, ranges::outage_s())) {
            fault.restart_duration = *d;
          }
        }
        break;
      case FaultType::NetworkPartition:
        if (const auto name = r.name("peer_service", kRequired)) {
          if (const auto peer = services_.resolve(*name, r.pointer_to("peer_service"), problems_)) {
            fault.peer_service = *peer;
            if (service && *peer == *service) {
              problems_.add(r.pointer_to("peer_service"),
                            "must differ from service, got " + in_quotes(*name));
            }
          }
        }
        break;
      case FaultType::ZoneOutage:
        if (auto zone = r.name("zone", kRequired)) {
          if (!zones_.contains(*zone)) {
            problems_.add(r.pointer_to("zone"), "unknown zone " + in_quotes(*zone) +
                                                    " (no service lists it in its zones)");
          }
          fault.zone = std::move(*zone);
        }
        break;
      case FaultType::Outage:
      case FaultType::CertificateExpiry:
        break;
      case FaultType::TrafficSurge:
        if (const auto m = r.number("multiplier", kRequired, ranges::surge_multiplier())) {
          fault.multiplier = *m;
        }
        if (const auto name = r.name("journey", kOptional)) {
          fault.journey = journeys_.resolve(*name, r.pointer_to("journey"), problems_);
        }
        break;
    }
    if (type == FaultType::CallFailure) {
      if (const json* call = r.find("call", kRequired)) {
        if (const auto c = resolve_call(*call, r.pointer_to("call"))) fault.call = *c;
      }
    }
  }

  // "fault_processes": [{"id", "fault": {type and parameters}, "mttf_h", "mttr_min",
  // "per_replica"}]
  void read_fault_processes(const ObjectReader& root) {
    const json* processes = root.array("fault_processes", kOptional);
    if (processes == nullptr) return;
    scenario_.fault_processes.resize(processes->size());
    for (std::size_t k = 0; k < processes->size(); ++k) {
      const std::string pointer = child_pointer(root.pointer_to("fault_processes"), k);
      const ObjectReader r((*processes)[k], pointer, problems_);
      r.check_keys({"id", "fault", "mttf_h", "mttr_min", "per_replica"});
      model::FaultProcess& p = scenario_.fault_processes[k];
      if (auto id = r.name("id", kRequired)) {
        process_ids_.add(*id, k, pointer, r.pointer_to("id"), problems_);
        p.id = std::move(*id);
      }
      if (const json* fault = r.object("fault", kRequired)) {
        read_fault(*fault, r.pointer_to("fault"), p.fault, FaultForm::Drawn);
      }
      const auto mttf = r.duration("mttf_h", kRequired, TimeUnit::Hours, ranges::mttf_h());
      if (mttf) p.mttf = *mttf;
      const auto mttr = r.duration("mttr_min", kRequired, TimeUnit::Minutes, ranges::mttr_min());
      if (mttr) p.mttr = *mttr;
      if (const auto per = r.boolean("per_replica", kOptional)) {
        p.per_replica = *per;
        if (*per && p.fault.type != model::FaultType::CrashReplicas) {
          problems_.add(r.pointer_to("per_replica"),
                        "only a crash_replicas process can run per replica, got fault type " +
                            in_quotes(model::to_string(p.fault.type)));
        }
      }
      // Each drawn fault is two events and two recomputes of the flow: their number is bounded.
      const bool per_replica = p.per_replica && p.fault.type == model::FaultType::CrashReplicas;
      const std::optional<int> copies = !per_replica ? std::optional<int>(1)
                                        : p.fault.service < service_replicas_.size()
                                            ? service_replicas_[p.fault.service]
                                            : std::nullopt;
      if (mttf && mttr && copies && duration_min_) {
        const double expected = *copies * engine::to_seconds(scenario_.run.duration) /
                                engine::to_seconds(*mttf + *mttr);
        if (expected > ranges::kMaxExpectedFaultsPerProcess) {
          problems_.add(r.pointer_to("mttf_h"),
                        "the process would draw about " + format_number(std::round(expected)) +
                            " faults over the run (" +
                            (per_replica ? std::to_string(*copies) + " replicas * " : "") +
                            "run duration / (mttf + mttr)), more than " +
                            format_number(ranges::kMaxExpectedFaultsPerProcess) +
                            ": raise mttf_h or shorten the run");
        }
      }
    }
  }

  // "change_processes": [{"id", "service", "deploys_per_day", "change_failure_rate",
  // "error_ratio", "latency_ms"}]
  void read_change_processes(const ObjectReader& root) {
    const json* processes = root.array("change_processes", kOptional);
    if (processes == nullptr) return;
    scenario_.change_processes.resize(processes->size());
    for (std::size_t k = 0; k < processes->size(); ++k) {
      const std::string pointer = child_pointer(root.pointer_to("change_processes"), k);
      const ObjectReader r((*processes)[k], pointer, problems_);
      r.check_keys({"id", "service", "deploys_per_day", "change_failure_rate", "error_ratio",
                    "latency_ms"});
      model::ChangeProcess& c = scenario_.change_processes[k];
      if (auto id = r.name("id", kRequired)) {
        process_ids_.add(*id, scenario_.fault_processes.size() + k, pointer, r.pointer_to("id"),
                         problems_);
        c.id = std::move(*id);
      }
      if (const auto name = r.name("service", kRequired)) {
        if (const auto s = services_.resolve(*name, r.pointer_to("service"), problems_)) {
          c.service = *s;
        }
      }
      if (const auto d = r.number("deploys_per_day", kRequired, ranges::deploys_per_day())) {
        c.deploys_per_day = *d;
      }
      if (const auto f = r.number("change_failure_rate", kRequired, Range::probability())) {
        c.change_failure_rate = *f;
      }
      const auto e = r.number("error_ratio", kOptional, Range::probability());
      const auto l = r.number("latency_ms", kOptional, ranges::latency_ms());
      if (e) c.error_ratio = *e;
      if (l) c.latency_ms = *l;
      if ((e || !r.has("error_ratio")) && (l || !r.has("latency_ms")) && c.error_ratio <= 0.0 &&
          c.latency_ms <= 0.0) {
        problems_.add(pointer, "a failed change needs error_ratio > 0 or latency_ms > 0");
      }
    }
  }

  // "changes": [{"id", "service", "at_min"}]: harmless deploys and config pushes.
  void read_changes(const ObjectReader& root) {
    const json* changes = root.array("changes", kOptional);
    if (changes == nullptr) return;
    NameIndex ids{"change", "change id"};
    for (std::size_t k = 0; k < changes->size(); ++k) {
      const std::string pointer = child_pointer(root.pointer_to("changes"), k);
      const ObjectReader r((*changes)[k], pointer, problems_);
      r.check_keys({"id", "service", "at_min"});
      model::Change& c = scenario_.changes.emplace_back();
      if (auto id = r.name("id", kRequired)) {
        ids.add(*id, k, pointer, r.pointer_to("id"), problems_);
        c.id = std::move(*id);
      }
      if (const auto name = r.name("service", kRequired)) {
        if (const auto s = services_.resolve(*name, r.pointer_to("service"), problems_)) {
          c.service = *s;
        }
      }
      if (const auto at =
              r.duration("at_min", kRequired, TimeUnit::Minutes, ranges::run_offset_min())) {
        c.at = *at;
      }
    }
  }

  // "automation": [{"name", "type", "service"?, "delay_s", "success_probability",
  // "max_attempts", "error_ratio_threshold", "analysis_interval_s", "failure_limit"}]; the last
  // three only for rollback_failing_canary, max_attempts only for restart_on_crash.
  void read_automation(const ObjectReader& root) {
    const json* rules = root.array("automation", kOptional);
    if (rules == nullptr) return;
    NameIndex names{"automation rule", "automation rule name"};
    for (std::size_t k = 0; k < rules->size(); ++k) {
      const std::string pointer = child_pointer(root.pointer_to("automation"), k);
      const ObjectReader r((*rules)[k], pointer, problems_);
      model::AutomationRule& rule = scenario_.automation.emplace_back();
      if (auto name = r.name("name", kRequired)) {
        names.add(*name, k, pointer, r.pointer_to("name"), problems_);
        rule.name = std::move(*name);
      }
      std::optional<model::AutomationKind> kind;
      if (const auto type = r.string("type", kRequired)) {
        kind = model::automation_kind_from_string(*type);
        if (!kind) {
          problems_.add(r.pointer_to("type"), "unknown automation type " + in_quotes(*type) +
                                                  " (expected one of: restart_on_crash, "
                                                  "rollback_failing_canary)");
        }
      }
      const bool canary = kind == model::AutomationKind::RollbackFailingCanary;
      std::vector<std::string_view> keys{"name", "type", "service", "delay_s",
                                         "success_probability"};
      if (kind && canary) {
        keys.insert(keys.end(), {"error_ratio_threshold", "analysis_interval_s", "failure_limit"});
      } else if (kind) {
        keys.push_back("max_attempts");
      }
      if (kind) {
        rule.kind = *kind;
        r.check_keys(keys, std::string("for automation type ") + in_quotes(model::to_string(*kind)));
      }
      if (const auto name = r.name("service", kOptional)) {
        rule.service = services_.resolve(*name, r.pointer_to("service"), problems_);
      }
      if (const auto d =
              r.duration("delay_s", kOptional, TimeUnit::Seconds, ranges::automation_delay_s())) {
        rule.delay = *d;
      }
      if (const auto p = r.number("success_probability", kOptional, Range::probability())) {
        rule.success_probability = *p;
      }
      if (const auto n = read_int(r, "max_attempts", kOptional, ranges::max_attempts()))
        rule.max_attempts = *n;
      if (const auto t = r.number("error_ratio_threshold", kOptional, Range::open_fraction())) {
        rule.error_ratio_threshold = *t;
      }
      if (const auto d = r.duration("analysis_interval_s", kOptional, TimeUnit::Seconds,
                                    ranges::analysis_interval_s())) {
        rule.analysis_interval = *d;
      }
      if (const auto n = read_int(r, "failure_limit", kOptional, ranges::failure_limit()))
        rule.failure_limit = *n;
    }
  }

  // Each multiplier of a journey's rate is bounded, but together they multiply: the largest
  // profile step, hourly and weekend multipliers and every surge and traffic_surge fault that
  // may act on the journey (all at once, an upper bound) must leave a rate that the model's
  // counts and money hold exactly (value_ranges.hpp).
  void check_peak_rates(const ObjectReader& root) {
    const auto at_least_one = [](double m) { return std::max(1.0, m); };
    for (std::size_t j = 0; j < scenario_.journeys.size(); ++j) {
      const model::Journey& journey = scenario_.journeys[j];
      double peak = journey.rate_rps;
      double profile = 1.0;
      for (const model::RateStep& step : journey.rate_profile)
        profile = std::max(profile, step.multiplier);
      peak *= profile;
      if (journey.calendar) {
        peak *= *std::max_element(journey.calendar->hourly.begin(), journey.calendar->hourly.end());
        peak *= at_least_one(journey.calendar->weekend_multiplier);
        for (const model::NamedSurge& surge : journey.calendar->surges)
          peak *= at_least_one(surge.multiplier);
      }
      const auto surges_here = [j](const model::Fault& f) {
        return f.type == model::FaultType::TrafficSurge && (!f.journey || *f.journey == j);
      };
      for (const model::Fault& f : scenario_.faults)
        if (surges_here(f)) peak *= at_least_one(f.multiplier);
      for (const model::FaultProcess& p : scenario_.fault_processes)
        if (surges_here(p.fault)) peak *= at_least_one(p.fault.multiplier);
      if (peak > ranges::kMaxPeakRateRps) {
        problems_.add(child_pointer(root.pointer_to("journeys"), j),
                      "its rate could reach " +
                          (std::isfinite(peak) ? format_number(peak) : "more than 1e+308") +
                          " req/s (rate_rps times the largest profile, hourly and weekend "
                          "multipliers and every surge and traffic_surge multiplier), more than " +
                          format_number(ranges::kMaxPeakRateRps));
      }
    }
  }

  // A progressive rollout: [{"share": fraction, "bake_min": minutes}, ...], shares strictly
  // increasing, the last one 1 (the whole fleet).
  void read_rollout(const ObjectReader& r, model::Fault& fault) {
    const json* stages = r.array("rollout", kOptional, /*non_empty=*/true);
    if (stages == nullptr) return;
    for (std::size_t i = 0; i < stages->size(); ++i) {
      const ObjectReader st((*stages)[i], child_pointer(r.pointer_to("rollout"), i), problems_);
      st.check_keys({"share", "bake_min"});
      model::RolloutStage stage;
      const auto share = st.number("share", kRequired, Range::share());
      if (share) stage.share = *share;
      const bool last = i + 1 == stages->size();
      if (const auto bake = st.duration("bake_min", last ? kOptional : kRequired, TimeUnit::Minutes,
                                        ranges::bake_min())) {
        stage.bake = *bake;
      }
      if (share && !fault.rollout.empty() && *share <= fault.rollout.back().share) {
        problems_.add(st.pointer_to("share"),
                      "must be > the previous stage's share (" +
                          format_number(fault.rollout.back().share) + "), got " +
                          format_number(*share));
      }
      if (share && last && *share != 1.0) {
        problems_.add(st.pointer_to("share"),
                      "the last stage must reach the whole fleet (1), got " +
                          format_number(*share));
      }
      fault.rollout.push_back(stage);
    }
  }

  Problems& problems_;
  model::Scenario scenario_;
  std::set<std::string> zones_;  // every zone some service lists
  std::optional<date::sys_seconds> run_start_;
  std::optional<double> duration_min_;  // as written, for messages; set when valid
  NameIndex services_{"service", "service name"};
  NameIndex teams_{"team", "team name"};
  NameIndex journeys_{"journey", "journey name"};
  NameIndex rules_{"alert rule", "alert rule name"};
  NameIndex faults_{"fault", "fault id"};
  NameIndex process_ids_{"fault or change process", "process id"};
  std::size_t rule_count_ = 0;
  std::vector<NameIndex> people_;                     // per team
  std::set<std::pair<std::size_t, std::size_t>> own_working_hours_;  // (team, person)
  std::vector<NameIndex> schedules_;                  // per team
  std::vector<std::size_t> pagerduty_people_;  // the team being read: import's user → person
  FileScope scope_;  // where the files the scenario names are found, and may lie
  std::vector<std::optional<int>> service_replicas_;  // when valid
  // People's "familiar_with" lists, resolved once the services are read.
  struct PendingFamiliarity {
    std::size_t team;
    std::size_t person;
    const json* names;
    std::string pointer;
  };
  std::vector<PendingFamiliarity> familiarity_;
  std::vector<std::optional<double>> journey_objective_;
  // "caller->callee" as written → index; nullopt when the call is itself invalid (reported).
  std::map<std::string, std::optional<std::size_t>> calls_;
};

}  // namespace

namespace internal {

model::Fault read_injected_fault(const json& value, const std::string& pointer,
                                 const model::Scenario& scenario, SimTime at,
                                 const std::vector<std::string>& taken_ids, Problems& problems) {
  Problems own(problems.source());
  Loader loader(own, {});
  loader.know(scenario);
  model::Fault fault = loader.read_injected(value, pointer, at, taken_ids);
  problems.append(own.take());
  return fault;
}

}  // namespace internal

ScenarioError::ScenarioError(std::vector<Problem> problems)
    : std::runtime_error(format_what(problems)), problems_(std::move(problems)) {}


namespace {

// Reads the JSON file that `name`, written at `pointer`, refers to: inside `scope` (else a
// problem at `pointer`), with the file's path as the source of its own problems.
std::optional<json> read_reference(const FileScope& scope, const std::string& name,
                                   const std::string& pointer, Problems& problems) {
  const std::string source = (scope.base_dir / name).lexically_normal().string();
  try {
    return internal::read_json_file(resolve_reference(scope, name), source, pointer, problems);
  } catch (const InputFileError& e) {
    problems.add(pointer, "cannot read " + in_quotes(source) + ": " + e.what());
  }
  return std::nullopt;
}

// Merges the members of each file of the document's "include" (an array of paths) into it, and
// replaces a "policy" given as a path by that file's response policy (its "policy" member when
// it is a policy file, else the whole object). A member defined twice is a problem, and so is an
// included file's own "include": includes do not nest.
void resolve_files(json& document, const FileScope& scope, Problems& problems) {
  if (!document.is_object()) return;
  if (const auto it = document.find("include"); it != document.end()) {
    if (!it->is_array()) {
      problems.add("/include", "must be an array of file paths, got " +
                                   internal::describe(*it));
    } else {
      const json files = std::move(*it);
      document.erase("include");
      std::map<std::string, std::string> defined_in;  // member → the file defining it
      for (std::size_t k = 0; k < files.size(); ++k) {
        const std::string pointer = child_pointer("/include", k);
        if (!files[k].is_string()) {
          problems.add(pointer, "must be a file path, got " + internal::describe(files[k]));
          continue;
        }
        const std::string name = files[k].get<std::string>();
        const auto included = read_reference(scope, name, pointer, problems);
        if (!included) continue;
        if (!included->is_object()) {
          problems.add(pointer, in_quotes(name) + " must hold a JSON object, got " +
                                    internal::describe(*included));
          continue;
        }
        for (const auto& [key, value] : included->items()) {
          if (key == "include") {
            problems.add(pointer, in_quotes(name) +
                                      " has an \"include\" of its own: includes do not nest; "
                                      "include its files from the scenario instead");
            continue;
          }
          if (document.contains(key)) {
            const auto first = defined_in.find(key);
            problems.add(child_pointer("", key),
                         "defined twice: in " +
                             (first == defined_in.end() ? std::string("the scenario")
                                                        : in_quotes(first->second)) +
                             " and in " + in_quotes(name));
            continue;
          }
          document[key] = value;
          defined_in[key] = name;
        }
      }
    }
  }
  if (const auto it = document.find("policy"); it != document.end() && it->is_string()) {
    if (auto file = read_reference(scope, it->get<std::string>(), "/policy", problems)) {
      *it = file->is_object() && file->contains("policy") ? (*file)["policy"] : *file;
    } else {
      document.erase(it);  // reported; the scenario's default policy stands in
    }
  }
}

// Sets `setting` in `document`; reports a bad pointer or a missing parent under `source`.
void apply_setting(json& document, const Setting& setting, const std::string& source,
                   Problems& problems) {
  const auto fail = [&](std::string message) {
    problems.append({Problem{source, setting.pointer, std::move(message)}});
  };
  if (!internal::is_utf8(setting.pointer) || !internal::is_utf8(setting.value)) {
    fail("cannot set it: the pointer and the value must be UTF-8 text");
    return;
  }
  json::json_pointer pointer;
  try {
    pointer = json::json_pointer(setting.pointer);
  } catch (const json::exception& e) {
    fail("not a JSON pointer: " + without_exception_id(e.what()));
    return;
  }
  if (pointer.empty()) {
    fail("cannot set the whole scenario; name a value inside it");
    return;
  }
  try {
    const json::json_pointer parent = pointer.parent_pointer();
    if (!document.contains(parent)) {
      fail("cannot set it: " +
           (parent.empty() ? std::string("the document") : parent.to_string()) +
           " does not exist");
      return;
    }
    json& container = document[parent];
    const std::string& last = pointer.back();
    if (container.is_array()) {
      // RFC 6901: an index is "0" or digits without a leading zero.
      const bool index = !last.empty() && last.size() <= 9 &&
                         last.find_first_not_of("0123456789") == std::string::npos &&
                         (last == "0" || last[0] != '0');
      if (!index || std::stoul(last) >= container.size()) {
        fail("cannot set it: " + parent.to_string() + " has " +
             std::to_string(container.size()) + " elements, and " + in_quotes(last) +
             " is not one of their indices");
        return;
      }
    } else if (!container.is_object()) {
      fail("cannot set it: " + parent.to_string() + " is " + internal::describe(container) +
           ", not an object or array");
      return;
    }
    Problems parse_problems(source);
    std::optional<json> value = internal::parse_document(setting.value, source, parse_problems);
    document[pointer] = value ? std::move(*value) : json(setting.value);  // else a plain string
  } catch (const json::exception& e) {  // e.g. an index in the parent beyond size_t
    fail("cannot set it: " + without_exception_id(e.what()));
  }
}

// Applies `variant`'s policy file and settings to `document`; returns the policy's name.
std::string apply_variant(json& document, const Variant& variant, Problems& problems) {
  std::string name = "scenario";
  if (variant.policy_file) {
    const std::string source = variant.policy_file->string();
    const auto file = internal::read_json_file(*variant.policy_file, source, "", problems);
    if (!file) return name;
    Problems file_problems(source);
    const ObjectReader r(*file, "", file_problems);
    r.check_keys({"name", "purpose", "policy", "set"});
    name = r.name("name", kOptional).value_or(variant.policy_file->stem().string());
    r.string("purpose", kOptional);
    if (const json* policy = r.object("policy", kOptional)) document["policy"] = *policy;
    if (const json* set = r.object("set", kOptional)) {
      for (const auto& [pointer, value] : set->items())
        apply_setting(document, {pointer, value.dump()}, source, file_problems);
    }
    problems.append(file_problems.take());
  }
  for (const Setting& s : variant.settings) apply_setting(document, s, "--set", problems);
  return name;
}

}  // namespace

model::Scenario parse_scenario(std::string_view text, const std::string& source,
                               const FileScope& scope, const Variant& variant) {
  Problems problems(source);
  std::optional<json> parsed = internal::parse_document(text, source, problems);
  if (!parsed) throw ScenarioError(problems.take());
  json& document = *parsed;
  resolve_files(document, scope, problems);
  const std::string policy_name = apply_variant(document, variant, problems);
  model::Scenario scenario;
  try {
    scenario = Loader(problems, scope).load(document);
    scenario.policy_name = policy_name;
  } catch (const json::exception& e) {
    // A backstop: the loader checks types before every read, so this is a loader bug. With
    // JSON_DIAGNOSTICS the message names the offending value's pointer.
    problems.add("", "unexpected JSON error: " + without_exception_id(e.what()));
  }
  if (!problems.empty()) {
    std::vector<Problem> found = problems.take();
    sort_by_section(found, source);
    throw ScenarioError(std::move(found));
  }
  return scenario;
}

model::Fault parse_injected_fault(std::string_view text, const model::Scenario& scenario,
                                  SimTime at, const std::vector<std::string>& taken_ids,
                                  const std::string& source) {
  Problems problems(source);
  const std::optional<json> value = internal::parse_document(text, source, problems);
  if (!value) throw ScenarioError(problems.take());
  model::Fault fault =
      internal::read_injected_fault(*value, "", scenario, at, taken_ids, problems);
  if (!problems.empty()) throw ScenarioError(problems.take());
  return fault;
}

model::Scenario load_scenario(const std::filesystem::path& file, const Variant& variant,
                              const std::vector<std::filesystem::path>& allowed_dirs) {
  const std::string source = file.string();
  std::string text;
  try {
    text = read_input_file(file);
  } catch (const InputFileError& e) {
    throw ScenarioError({Problem{source, "", std::string("cannot read the file: ") + e.what()}});
  }
  return parse_scenario(text, source, FileScope(file.parent_path(), allowed_dirs), variant);
}

}  // namespace firedrill::scenario
