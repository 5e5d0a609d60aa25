#include "sim/model/customers.hpp"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>
#include <cstdint>
#include <string>

namespace firedrill::model::world {
namespace {

// Spread of support's lognormal escalation delay around its median.
constexpr double kSupportSigma = 0.5;

engine::RandomStreams::Engine& stream(Context& ctx, const char* prefix, std::size_t journey) {
  return ctx.streams.get(std::string(prefix) + ctx.scenario.journeys[journey].name);
}

double unit_exponential(engine::RandomStreams::Engine& rng) {
  return boost::random::exponential_distribution<double>(1.0)(rng);
}

// Returns a Poisson draw with mean `mean` >= 0. Above 1e12 the mean itself, rounded: the draw's
// relative spread, 1/√mean, is then below 1e-6, and Boost's sampler would not fit its type.
std::uint64_t poisson(engine::RandomStreams::Engine& rng, double mean) {
  if (!(mean > 0.0)) return 0;
  if (mean > 1e12) return static_cast<std::uint64_t>(std::llround(std::min(mean, 1e18)));
  return boost::random::poisson_distribution<std::uint64_t, double>(mean)(rng);
}

}  // namespace

Customers::Customers(Context& ctx)
    : ctx_(&ctx), model_(ctx.scenario.customers), journeys_(ctx.scenario.journeys.size()) {
  for (std::size_t j = 0; j < journeys_.size(); ++j) {
    journeys_[j].report.left = unit_exponential(stream(*ctx_, "reports/", j));
    journeys_[j].ticket.left = unit_exponential(stream(*ctx_, "tickets/", j));
  }
}

double Customers::report_rate(const JourneyCustomers& c) const {
  return c.failing && !c.reported ? c.failed_rps * model_.report_probability : 0.0;
}

double Customers::ticket_base_rate(const JourneyCustomers& c) const {
  return c.failing ? c.failed_rps * model_.ticket_probability : 0.0;
}

SimTime Customers::silence_start(const JourneyCustomers& c) const {
  return last_update_ ? std::max(*last_update_, c.failing_since) : c.failing_since;
}

void Customers::advance(std::size_t j) {
  JourneyCustomers& c = journeys_[j];
  const SimTime now = ctx_->now();
  c.report.left -= report_rate(c) * engine::to_seconds(now - c.report.since);
  c.report.since = now;
  // ∫ r (1 + σ(t) / D) dt over Δ, the silence σ growing from σ0: r Δ (1 + (2σ0 + Δ) / 2D).
  const double r = ticket_base_rate(c);
  if (r > 0.0) {
    const double dt = engine::to_seconds(now - c.ticket.since);
    const double sigma0 = engine::to_seconds(c.ticket.since - silence_start(c));
    const double d = engine::to_seconds(model_.silence_doubling);
    const double arrivals = r * dt * (1.0 + (2.0 * sigma0 + dt) / (2.0 * d));
    if (c.batching) {
      c.batch_mean += arrivals;
    } else {
      c.ticket.left -= arrivals;
    }
  }
  c.ticket.since = now;
}

void Customers::schedule(Process& p, std::optional<double> in_s, WorldEvent e) {
  if (p.due) ctx_->queue.cancel(*p.due);
  p.due.reset();
  if (!in_s) return;
  const SimTime now = ctx_->now();
  const double left_s = engine::to_seconds(ctx_->scenario.run.duration - now);
  if (!(*in_s < left_s)) return;  // after the run (or never)
  // Whole milliseconds, rounded up: the arrival never comes before its integrated rate is due.
  const auto ms = static_cast<SimTime::rep>(std::ceil(std::max(0.0, *in_s) * 1000.0));
  p.due = ctx_->queue.schedule_at(now + SimTime{ms}, std::move(e), kPeople);
}

void Customers::reschedule(std::size_t j) {
  JourneyCustomers& c = journeys_[j];
  const double report = report_rate(c);
  schedule(c.report,
           report > 0.0 ? std::optional(std::max(0.0, c.report.left) / report) : std::nullopt,
           wev::CustomerReportDue{j});
  if (c.batching) return;  // the open window ends when it was to
  // The Δ solving r/(2D) Δ² + r (1 + σ0/D) Δ = left, in the form that keeps its precision.
  const double r = ticket_base_rate(c);
  std::optional<double> ticket;
  if (r > 0.0) {
    const double d = engine::to_seconds(model_.silence_doubling);
    const double sigma0 = engine::to_seconds(ctx_->now() - silence_start(c));
    const double b = r * (1.0 + sigma0 / d);  // the rate now
    if (b >= kTicketBatchRate) {
      // Too many to draw one by one: count them over a window from now (Poisson arrivals
      // forget the past, so what was left of the single draw is simply dropped).
      c.batching = true;
      c.batch_mean = 0.0;
      c.closed_silence.reset();
      // The last window ends with the run's last millisecond, so that it is counted (none
      // opens in that millisecond itself: a window takes time).
      const SimTime end =
          std::min(ctx_->now() + kTicketBatchWindow, ctx_->scenario.run.duration - SimTime{1});
      if (c.ticket.due) ctx_->queue.cancel(*c.ticket.due);
      c.ticket.due.reset();
      if (end > ctx_->now())
        c.ticket.due = ctx_->queue.schedule_at(end, wev::SupportTicketDue{j}, kPeople);
      return;
    }
    const double a = r / (2.0 * d);
    const double left = std::max(0.0, c.ticket.left);
    ticket = 2.0 * left / (b + std::sqrt(b * b + 4.0 * a * left));
  }
  schedule(c.ticket, ticket, wev::SupportTicketDue{j});
}

void Customers::close_batch(std::size_t j) {
  JourneyCustomers& c = journeys_[j];
  if (!c.batching || c.closed_silence) return;
  c.closed_silence = ctx_->now() - silence_start(c);
  schedule(c.ticket, 0.0, wev::SupportTicketDue{j});
}

void Customers::on_flow_changed(const Segment& open) {
  for (std::size_t j = 0; j < journeys_.size(); ++j) {
    const JourneyFlow& flow = open.journeys[j];
    const double failed_rps = std::max(0.0, flow.offered_rps - flow.good_rps);
    const bool failing =
        flow.offered_rps > 0.0 &&
        failed_rps > flow.offered_rps * (1.0 - ctx_->scenario.journeys[j].slo.objective);
    JourneyCustomers& c = journeys_[j];
    const double rate = failing ? failed_rps : 0.0;
    if (failing == c.failing && rate == c.failed_rps) continue;
    advance(j);
    if (!failing) close_batch(j);
    if (failing && !c.failing) {
      c.failing_since = ctx_->now();
      c.reported = false;
    }
    c.failing = failing;
    c.failed_rps = rate;
    reschedule(j);
  }
}

void Customers::on_status_update() {
  for (std::size_t j = 0; j < journeys_.size(); ++j) {
    if (!journeys_[j].failing) continue;
    advance(j);  // at the old silence
    close_batch(j);
  }
  last_update_ = ctx_->now();
  for (std::size_t j = 0; j < journeys_.size(); ++j)
    if (journeys_[j].failing) reschedule(j);
}

void Customers::on_report(const wev::CustomerReportDue& e, std::optional<std::size_t> incident) {
  JourneyCustomers& c = journeys_[e.journey];
  c.report.due.reset();
  advance(e.journey);
  c.reported = true;
  ctx_->publish(ev::CustomerReported{e.journey, incident});
  auto& rng = stream(*ctx_, "reports/", e.journey);
  ctx_->schedule_in(lognormal(rng, model_.support_escalation_median, kSupportSigma),
                    wev::SupportEscalation{e.journey});
  c.report.left = unit_exponential(rng);
  reschedule(e.journey);
}

void Customers::on_ticket(const wev::SupportTicketDue& e, std::optional<std::size_t> incident) {
  JourneyCustomers& c = journeys_[e.journey];
  c.ticket.due.reset();
  advance(e.journey);
  auto& rng = stream(*ctx_, "tickets/", e.journey);
  if (!c.batching) {
    ctx_->publish(ev::SupportTicketOpened{e.journey, incident, ctx_->now() - silence_start(c)});
  } else {
    const std::uint64_t count = poisson(rng, c.batch_mean);
    if (count > 0) {
      ctx_->publish(ev::SupportTicketOpened{
          e.journey, incident, c.closed_silence.value_or(ctx_->now() - silence_start(c)), count});
    }
    c.batching = false;
  }
  c.ticket.left = unit_exponential(rng);
  reschedule(e.journey);
}

}  // namespace firedrill::model::world
