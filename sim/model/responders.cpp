#include "sim/model/responders.hpp"

#include <algorithm>

#include <boost/random/bernoulli_distribution.hpp>

namespace firedrill::model::world {
namespace {

constexpr SimTime kFatigueWindow = std::chrono::hours(24);
// A page that wakes someone counts this many times towards their fatigue.
constexpr double kWakeWeight = 2.0;

}  // namespace

Responders::Responders(Context& ctx, const LocalClocks& clocks) : ctx_(&ctx), clocks_(&clocks) {
  for (std::size_t t = 0; t < ctx.scenario.teams.size(); ++t) {
    auto& team = people_.emplace_back(ctx.scenario.teams[t].people.size());
    for (std::size_t p = 0; p < team.size(); ++p) team[p].state = rest_state({t, p});
  }
}

const WorkingHours& Responders::hours(PersonRef who) const {
  return ctx_->scenario.teams[who.team].people[who.person].working_hours;
}

ResponderState Responders::rest_state(PersonRef who) const {
  const LocalClock clock = clocks_->at(who, ctx_->now());
  if (is_night(clock)) return ResponderState::Asleep;
  return is_after_hours(clock, hours(who)) ? ResponderState::OffDuty : ResponderState::Available;
}

bool Responders::busy(PersonRef who) const {
  switch (state(who)) {
    case ResponderState::OffDuty:
    case ResponderState::Asleep:
    case ResponderState::Available:
    case ResponderState::Paged:
      return false;
    default:
      return true;
  }
}

double Responders::recent_pages(PersonRef who) const {
  double n = 0.0;
  for (const PageMark& m : people_[who.team][who.person].pages)
    if (ctx_->now() - m.at < kFatigueWindow) n += m.weight;
  return n;
}

PageOutcome Responders::page(PersonRef who, std::optional<std::size_t> incident) {
  const ResponderModel& rm = ctx_->scenario.policy.responders;
  Person& person = people_[who.team][who.person];
  while (!person.pages.empty() && ctx_->now() - person.pages.front().at >= kFatigueWindow)
    person.pages.pop_front();
  const LocalClock clock = clocks_->at(who, ctx_->now());
  const bool awake = busy(who) || person.state == ResponderState::Paged;
  PageOutcome out;
  out.after_hours = is_after_hours(clock, hours(who));
  out.woke = !awake && is_night(clock);
  const double fatigue = recent_pages(who);
  const double p_miss = std::min(
      kMaxMissedPageProbability,
      (out.woke ? rm.missed_page_probability_night : rm.missed_page_probability_day) *
          (1.0 + rm.fatigue_miss_per_page * fatigue));
  auto& rng = ctx_->streams.get("people");
  out.missed = boost::random::bernoulli_distribution<double>(p_miss)(rng);
  out.ack_delay = lognormal(rng, out.woke ? rm.ack_median_night : rm.ack_median_day, kAckSigma);
  out.ack_delay = engine::from_seconds(engine::to_seconds(out.ack_delay) *
                                       (1.0 + rm.fatigue_ack_per_page * fatigue));
  const SimTime ready = lognormal(rng, rm.ready_after_wake_median, kAckSigma);
  if (out.woke) out.ready_delay = ready;
  person.pages.push_back({ctx_->now(), out.woke ? kWakeWeight : 1.0});
  if (!busy(who)) set(who, ResponderState::Paged, incident);
  return out;
}

void Responders::set(PersonRef who, ResponderState state, std::optional<std::size_t> incident) {
  Person& person = people_[who.team][who.person];
  if (person.state == state && person.incident == incident) return;
  person.state = state;
  person.incident = incident;
  ctx_->publish(ev::ResponderChanged{who, state, incident});
}

void Responders::release(PersonRef who) { set(who, rest_state(who), std::nullopt); }

}  // namespace firedrill::model::world
