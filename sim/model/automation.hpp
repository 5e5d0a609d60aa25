#pragma once
// Auto-remediation: the scenario's automation rules act on faults without people, with their
// own delays and failure modes (AutomationRule).

#include <cstddef>

#include "sim/model/world_context.hpp"

namespace firedrill::model::world {

class Automation {
 public:
  Automation(Context& ctx, System& system) : ctx_(&ctx), system_(&system) {}

  // After the world that owns it was copied (a fork): points at the copy's context and system.
  void rebind(Context& ctx, System& system) {
    ctx_ = &ctx;
    system_ = &system;
  }

  // Starts every rule that watches run fault `fault`: a crash's restart, a rollout's analysis.
  void on_fault_started(std::size_t fault);

  void handle(const wev::AutoRestart& e);
  void handle(const wev::CanaryAnalysis& e);
  void handle(const wev::CanaryRollbackDone& e);

 private:
  // Returns true iff rule `rule` watches the target service of run fault `fault`.
  bool watches(std::size_t rule, std::size_t fault) const;
  // Attempt `attempt` of `action` by rule `rule` on the fault's service: draws its success from
  // stream "automation/<name>", publishes it and, if it worked, removes the fault. Returns success.
  bool act(std::size_t rule, std::size_t fault, MitigationAction action, int attempt);

  Context* ctx_;
  System* system_;
};

}  // namespace firedrill::model::world
