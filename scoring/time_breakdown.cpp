#include "scoring/time_breakdown.hpp"

#include <algorithm>
#include <variant>

#include "scoring/impact_start.hpp"
#include "scoring/incident_metrics.hpp"
#include "scoring/overloaded.hpp"

namespace firedrill::scoring {
namespace {

namespace ev = model::ev;
using model::PersonRef;
using model::SimTime;

// A phase in simulated time, with the scenario's indices; named on the way out.
struct Span {
  PhaseKind kind = PhaseKind::Undetected;
  SimTime start{0};
  SimTime end{0};
  std::optional<std::size_t> team;
  std::optional<std::size_t> level;  // from 0, as the record counts
  std::vector<PersonRef> people;
  std::optional<std::size_t> service;
  std::optional<model::MitigationAction> action;
  SimTime overhead{0};
  std::size_t responders = 0;

  bool same_subject(const Span& o) const {
    return kind == o.kind && team == o.team && level == o.level && people == o.people &&
           service == o.service && action == o.action;
  }
};

bool is_step_work(PhaseKind kind) {
  return kind == PhaseKind::Diagnosis || kind == PhaseKind::RedHerring;
}

// Reads one incident's critical path off the timeline (the rules are in the header). One
// instance per incident; read() once.
class CriticalPath {
 public:
  CriticalPath(const model::Scenario& scenario, const model::RunRecord& record, std::size_t id)
      : scenario_(scenario), record_(record), id_(id) {}

  TimeToMitigateBreakdown read() {
    const auto& timeline = record_.timeline;
    for (std::size_t i = 0; i < timeline.size() && stage_ != Stage::Over; ++i) {
      const model::TimelineEvent& event = timeline[i];
      if (incident_of(event.payload) != id_) continue;
      next_index_ = i + 1;
      std::visit([this, &event](const auto& e) { on(event.at, e); }, event.payload);
    }
    if (stage_ != Stage::Over && stage_ != Stage::NotOpened) finish(record_.duration);
    return named();
  }

 private:
  enum class Stage {
    NotOpened,
    Undetected,
    Paging,
    Exhausted,
    Keyboard,
    Triage,
    Diagnosis,
    WaitingForTeam,
    Mitigation,
    Over,
  };

  // ---- Events --------------------------------------------------------------------------------

  void on(SimTime at, const ev::IncidentOpened&) {
    if (stage_ != Stage::NotOpened) return;
    start_ = at;
    stage_ = Stage::Undetected;
    open(PhaseKind::Undetected, at);
  }

  void on(SimTime at, const ev::IncidentDetected&) {
    if (stage_ != Stage::Undetected) return;
    stage_ = Stage::Paging;
    open(PhaseKind::AwaitingAcknowledgement, at).level = 0;
  }

  void on(SimTime, const ev::PageSent& e) {
    woke_.emplace_back(e.to, e.woke);
    if (stage_ != Stage::Paging) return;
    set_paging_team(e.to.team);
    if (e.to.team == *paging_team_ && current_->level == e.level) current_->people.push_back(e.to);
  }

  void on(SimTime at, const ev::PageEscalated& e) {
    if (stage_ != Stage::Paging) return;
    set_paging_team(e.team);
    if (e.team != *paging_team_) return;
    Span& span = open(PhaseKind::AwaitingAcknowledgement, at);
    span.team = e.team;
    span.level = e.to_level;
  }

  void on(SimTime at, const ev::EscalationExhausted& e) {
    if (stage_ != Stage::Paging) return;
    set_paging_team(e.team);
    if (e.team != *paging_team_) return;
    stage_ = Stage::Exhausted;
    open(PhaseKind::EscalationExhausted, at).team = e.team;
  }

  void on(SimTime at, const ev::PageAcknowledged& e) {
    if (stage_ != Stage::Paging && stage_ != Stage::Exhausted) return;
    lead_ = investigator_ = e.by;
    stage_ = woke(e.by) ? Stage::Keyboard : Stage::Triage;
    open(stage_ == Stage::Keyboard ? PhaseKind::GettingToKeyboard : PhaseKind::Triage, at)
        .people = {e.by};
  }

  void on(SimTime at, const ev::ResponderChanged& e) {
    using S = model::ResponderState;
    if (e.state == S::Triaging || e.state == S::Investigating) add_responder(e.who);
    // After a handoff the incoming investigator takes up what the outgoing one was doing.
    if (current_ && current_->kind == PhaseKind::Handoff && e.who == investigator_ &&
        e.state != S::HandingOff) {
      open(e.state == S::Communicating ? PhaseKind::DraftingStatusUpdate
           : stage_ == Stage::Triage   ? PhaseKind::Triage
                                       : PhaseKind::Diagnosis,
           at)
          .people = {e.who};
      return;
    }
    switch (stage_) {
      case Stage::Keyboard:
        if (e.who != lead_) return;
        if (e.state == S::Triaging) {
          stage_ = Stage::Triage;
          open(PhaseKind::Triage, at).people = {e.who};
        }
        return;
      case Stage::Triage:
        if (e.who == lead_ && e.state == S::Investigating) begin_diagnosis(at);
        return;
      case Stage::Diagnosis:
        if (e.who != investigator_) return;
        if (e.state == S::Communicating && current_->kind != PhaseKind::DraftingStatusUpdate) {
          open(PhaseKind::DraftingStatusUpdate, at).people = {e.who};
        } else if (e.state == S::Investigating &&
                   current_->kind == PhaseKind::DraftingStatusUpdate) {
          open(PhaseKind::Diagnosis, at).people = {e.who};
        }
        return;
      case Stage::WaitingForTeam:
        if (e.who.team != waiting_for_ || e.state != S::Investigating) return;
        current_->people = {e.who};
        investigator_ = e.who;
        stage_ = Stage::Diagnosis;
        begin_step(at);
        return;
      default:
        return;
    }
  }

  void on(SimTime at, const ev::SeverityDeclared&) {
    if (stage_ == Stage::Triage || stage_ == Stage::Keyboard) begin_diagnosis(at);
  }

  // The investigator's update is out: their diagnosis resumes. (Their state normally turns
  // Investigating at the same moment; the post is the surer sign.)
  void on(SimTime at, const ev::StatusUpdatePosted& e) {
    if (stage_ == Stage::Diagnosis && current_->kind == PhaseKind::DraftingStatusUpdate &&
        e.by == investigator_) {
      open(PhaseKind::Diagnosis, at).people = {*investigator_};
    }
  }

  void on(SimTime, const ev::RoleAssigned& e) {
    if (e.role == model::Role::IncidentCommander) commander_ = true;
  }

  void on(SimTime at, const ev::DiagnosisStep& e) {
    if (stage_ != Stage::Diagnosis) return;
    if (e.red_herring) {
      // With an incident commander another responder checks the wrong branch while the
      // investigator's step succeeds at the same moment: that costs the incident nothing.
      if (useful_step_follows(at)) return;
      end_step(at, e.service);
    } else {
      investigator_ = e.by;
      end_step(at, std::nullopt);
      last_useful_step_ = at;
    }
    begin_step(at);
  }

  void on(SimTime at, const ev::TeamEngaged& e) {
    // Experts paged at triage keep nobody waiting; a team engaged as a useful step ends does.
    if (stage_ != Stage::Diagnosis || last_useful_step_ != at) return;
    stage_ = Stage::WaitingForTeam;
    waiting_for_ = e.team;
    open(PhaseKind::WaitingForTeam, at).team = e.team;
  }

  void on(SimTime at, const ev::MitigationStarted& e) {
    if (stage_ == Stage::Diagnosis) end_step(at, std::nullopt);
    if (stage_ == Stage::Over) return;
    stage_ = Stage::Mitigation;
    using R = model::MitigationReason;
    Span& span = open(e.reason == R::WrongGuess      ? PhaseKind::WrongMitigation
                      : e.reason == R::MitigateFirst ? PhaseKind::RollbackInVain
                                                     : PhaseKind::Mitigation,
                      at);
    span.action = e.action;
    span.service = e.service;
    if (investigator_) span.people = {*investigator_};
  }

  void on(SimTime at, const ev::MitigationFinished& e) {
    if (stage_ != Stage::Mitigation) return;
    if (!e.success && current_->kind == PhaseKind::Mitigation) {
      current_->kind = PhaseKind::FailedMitigation;
    }
    // Mitigate first, or the facilitator's order: unless the action ended the incident
    // (IncidentMitigated, at this moment, turns it into the mitigation), the diagnosis starts
    // (or goes on) now.
    if (e.reason == model::MitigationReason::MitigateFirst ||
        e.reason == model::MitigationReason::Ordered)
      begin_diagnosis(at);
  }

  void on(SimTime at, const ev::MitigationUnavailable& e) {
    if (stage_ == Stage::Diagnosis) end_step(at, std::nullopt);
    stage_ = Stage::Mitigation;
    open(PhaseKind::NoMitigation, at).service = e.service;
  }

  // The outgoing investigator briefs the incoming one; their work waits (response.cpp delays
  // only the investigator's triage or diagnosis; a mitigation under way runs on).
  void on(SimTime at, const ev::Handoff& e) {
    if (e.from != investigator_ || (stage_ != Stage::Triage && stage_ != Stage::Diagnosis)) return;
    open(PhaseKind::Handoff, at).people = {e.from, e.to};
    if (lead_ == e.from) lead_ = e.to;
    investigator_ = e.to;
  }

  void on(SimTime at, const ev::IncidentMitigated&) {
    if (stage_ == Stage::NotOpened) return;
    if (!spans_.empty() && spans_.back().end == at &&
        spans_.back().kind == PhaseKind::RollbackInVain) {
      spans_.back().kind = PhaseKind::Mitigation;
    }
    mitigated_ = true;
    finish(at);
  }

  void on(SimTime, const auto&) {}

  // ---- Phases --------------------------------------------------------------------------------

  // Closes the current phase at `at` (dropped if empty) and opens one of `kind` there.
  Span& open(PhaseKind kind, SimTime at) {
    close(at);
    current_.emplace();
    current_->kind = kind;
    current_->start = at;
    return *current_;
  }

  void close(SimTime at) {
    if (!current_) return;
    current_->end = at;
    if (current_->end > current_->start) spans_.push_back(std::move(*current_));
    current_.reset();
  }

  void finish(SimTime at) {
    if (stage_ == Stage::Diagnosis) {
      end_step(at, std::nullopt);
    } else {
      close(at);
    }
    end_ = at;
    stage_ = Stage::Over;
  }

  void begin_diagnosis(SimTime at) {
    stage_ = Stage::Diagnosis;
    begin_step(at);
  }

  // A diagnosis step begins: the model fixes its coordination overhead now (response.cpp,
  // schedule_diagnosis_step), from the responders working at this moment.
  void begin_step(SimTime at) {
    Span& span = open(PhaseKind::Diagnosis, at);
    if (investigator_) span.people = {*investigator_};
    step_first_ = spans_.size();
    step_responders_ = responders_.size();
    const double extra = static_cast<double>(std::max<std::size_t>(1, step_responders_) - 1);
    step_factor_ =
        commander_ ? 1.0 : 1.0 + scenario_.policy.coordination_overhead_per_responder * extra;
  }

  // The step under way ends at `at`: a red herring if `herring` names the service it inspected.
  // Its working pieces carry its coordination overhead, counted from its end backwards.
  void end_step(SimTime at, std::optional<std::size_t> herring) {
    close(at);
    SimTime work{0};
    for (std::size_t i = step_first_; i < spans_.size(); ++i) {
      Span& span = spans_[i];
      if (herring && span.kind == PhaseKind::Diagnosis) {
        span.kind = PhaseKind::RedHerring;
        span.service = herring;
      }
      if (!is_step_work(span.kind)) continue;
      span.responders = step_responders_;
      work += span.end - span.start;
    }
    const double share = step_factor_ > 1.0 ? (step_factor_ - 1.0) / step_factor_ : 0.0;
    SimTime overhead = engine::from_seconds(engine::to_seconds(work) * share);
    for (std::size_t i = spans_.size(); i > step_first_ && overhead > SimTime{0}; --i) {
      Span& span = spans_[i - 1];
      if (!is_step_work(span.kind)) continue;
      span.overhead = std::min(overhead, span.end - span.start);
      overhead -= span.overhead;
    }
    step_first_ = spans_.size();
  }

  // ---- Helpers -------------------------------------------------------------------------------

  void set_paging_team(std::size_t team) {
    if (paging_team_) return;
    paging_team_ = team;
    if (current_ && current_->kind == PhaseKind::AwaitingAcknowledgement) current_->team = team;
  }

  // Returns true iff the last page of this incident to `who` woke them.
  bool woke(PersonRef who) const {
    for (auto it = woke_.rbegin(); it != woke_.rend(); ++it)
      if (it->first == who) return it->second;
    return false;
  }

  void add_responder(PersonRef who) {
    if (std::find(responders_.begin(), responders_.end(), who) == responders_.end())
      responders_.push_back(who);
  }

  // Returns true iff a useful DiagnosisStep of this incident follows at time `at`.
  bool useful_step_follows(SimTime at) const {
    const auto& timeline = record_.timeline;
    for (std::size_t i = next_index_; i < timeline.size() && timeline[i].at == at; ++i) {
      const auto* step = std::get_if<ev::DiagnosisStep>(&timeline[i].payload);
      if (step != nullptr && step->incident == id_ && !step->red_herring) return true;
    }
    return false;
  }

  // Merges adjacent phases of the same kind and subject (but keeps every escalation level) and
  // names them from the scenario.
  TimeToMitigateBreakdown named() const {
    TimeToMitigateBreakdown out;
    out.start_s = engine::to_seconds(start_);
    out.end_s = engine::to_seconds(stage_ == Stage::Over ? end_ : start_);
    out.mitigated = mitigated_;
    std::vector<Span> merged;
    for (const Span& span : spans_) {
      if (!merged.empty() && merged.back().same_subject(span) &&
          span.kind != PhaseKind::AwaitingAcknowledgement && merged.back().end == span.start) {
        merged.back().end = span.end;
        merged.back().overhead += span.overhead;
        merged.back().responders = std::max(merged.back().responders, span.responders);
        continue;
      }
      merged.push_back(span);
    }
    for (const Span& span : merged) {
      Phase& phase = out.phases.emplace_back();
      phase.kind = span.kind;
      phase.start_s = engine::to_seconds(span.start);
      phase.end_s = engine::to_seconds(span.end);
      if (span.team) {
        const model::Team& team = scenario_.teams.at(*span.team);
        phase.team = team.name;
        if (span.level && *span.level < team.escalation.levels.size()) {
          phase.escalation_level = *span.level + 1;
          phase.escalation_delay_s = engine::to_seconds(team.escalation.levels[*span.level].delay);
        }
      }
      for (const PersonRef who : span.people)
        phase.people.push_back(scenario_.teams.at(who.team).people.at(who.person).name);
      if (span.service) phase.service = scenario_.services.at(*span.service).name;
      phase.action = span.action;
      phase.coordination_overhead_s = engine::to_seconds(span.overhead);
      phase.responders = span.responders;
    }
    return out;
  }

  const model::Scenario& scenario_;
  const model::RunRecord& record_;
  const std::size_t id_;
  std::size_t next_index_ = 0;  // the timeline index after the event being read

  Stage stage_ = Stage::NotOpened;
  SimTime start_{0};
  SimTime end_{0};
  bool mitigated_ = false;
  std::vector<Span> spans_;  // closed phases, in order
  std::optional<Span> current_;

  std::optional<std::size_t> paging_team_;        // the team the detection page went to
  std::vector<std::pair<PersonRef, bool>> woke_;  // every page of the incident: whether it woke
  std::optional<PersonRef> lead_;
  std::optional<PersonRef> investigator_;
  std::vector<PersonRef> responders_;  // Triaging or Investigating for the incident so far
  bool commander_ = false;
  std::size_t waiting_for_ = 0;
  std::optional<SimTime> last_useful_step_;

  std::size_t step_first_ = 0;  // index in spans_ of the current step's first closed piece
  std::size_t step_responders_ = 0;
  double step_factor_ = 1.0;
};

}  // namespace

const char* to_string(PhaseKind kind) {
  switch (kind) {
    case PhaseKind::Undetected:
      return "undetected";
    case PhaseKind::AwaitingAcknowledgement:
      return "awaiting_acknowledgement";
    case PhaseKind::EscalationExhausted:
      return "escalation_exhausted";
    case PhaseKind::GettingToKeyboard:
      return "getting_to_keyboard";
    case PhaseKind::Triage:
      return "triage";
    case PhaseKind::Diagnosis:
      return "diagnosis";
    case PhaseKind::RedHerring:
      return "red_herring";
    case PhaseKind::WaitingForTeam:
      return "waiting_for_team";
    case PhaseKind::DraftingStatusUpdate:
      return "drafting_status_update";
    case PhaseKind::FailedMitigation:
      return "failed_mitigation";
    case PhaseKind::WrongMitigation:
      return "wrong_mitigation";
    case PhaseKind::RollbackInVain:
      return "rollback_in_vain";
    case PhaseKind::Handoff:
      return "handoff";
    case PhaseKind::NoMitigation:
      return "no_mitigation";
    case PhaseKind::Mitigation:
      return "mitigation";
  }
  return "?";
}

const char* phase_title(PhaseKind kind) {
  switch (kind) {
    case PhaseKind::Undetected:
      return "Undetected";
    case PhaseKind::AwaitingAcknowledgement:
      return "Waiting for acknowledgement";
    case PhaseKind::EscalationExhausted:
      return "Escalation exhausted, nobody paged";
    case PhaseKind::GettingToKeyboard:
      return "Getting to a keyboard after being woken";
    case PhaseKind::Triage:
      return "Triage";
    case PhaseKind::Diagnosis:
      return "Diagnosis";
    case PhaseKind::RedHerring:
      return "Red herring";
    case PhaseKind::WaitingForTeam:
      return "Waiting for another team";
    case PhaseKind::DraftingStatusUpdate:
      return "Drafting a status update";
    case PhaseKind::FailedMitigation:
      return "Failed mitigation";
    case PhaseKind::WrongMitigation:
      return "Wrong action, without a runbook";
    case PhaseKind::RollbackInVain:
      return "Mitigate first: rolling back a change that was not the cause";
    case PhaseKind::Handoff:
      return "Shift handoff";
    case PhaseKind::NoMitigation:
      return "No mitigation possible";
    case PhaseKind::Mitigation:
      return "Mitigation";
  }
  return "?";
}

double TimeToMitigateBreakdown::seconds_in(PhaseKind kind) const {
  double total = 0.0;
  for (const Phase& p : phases)
    if (p.kind == kind) total += p.duration_s();
  return total;
}

double TimeToMitigateBreakdown::coordination_overhead_s() const {
  double total = 0.0;
  for (const Phase& p : phases) total += p.coordination_overhead_s;
  return total;
}

TimeToMitigateBreakdown time_to_mitigate_breakdown(const model::Scenario& scenario,
                                                   const model::RunRecord& record,
                                                   std::size_t incident) {
  TimeToMitigateBreakdown out = CriticalPath(scenario, record, incident).read();
  const std::optional<ImpactStart> impact = incident_impact_start(scenario, record, incident);
  // The critical path runs from the fault's start; the time to mitigate from the impact's. What
  // happened before users felt anything (an alert on a symptom, even a page answered) is cut.
  const double from_s = impact ? engine::to_seconds(impact->at) : out.end_s;
  std::vector<Phase> kept;
  for (Phase& p : out.phases) {
    if (p.end_s <= from_s) continue;
    if (p.start_s < from_s) {
      p.start_s = from_s;
      p.coordination_overhead_s = std::min(p.coordination_overhead_s, p.duration_s());
    }
    kept.push_back(std::move(p));
  }
  out.phases = std::move(kept);
  out.start_s = std::max(out.start_s, std::min(from_s, out.end_s));
  return out;
}

}  // namespace firedrill::scoring
