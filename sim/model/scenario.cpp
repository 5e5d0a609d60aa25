#include "sim/model/scenario.hpp"

#include <algorithm>
#include <iterator>

namespace firedrill::model {
namespace {

constexpr std::array<const char*, kFaultTypeCount> kFaultTypeNames{
    "crash_replicas", "error_rate",         "latency",          "bad_deploy",
    "traffic_surge",  "call_failure",       "outage",           "resource_exhaustion",
    "memory_leak",    "bad_config",         "network_partition", "zone_outage",
    "third_party_outage", "certificate_expiry", "datastore_failover"};
constexpr std::array<const char*, kMitigationActionCount> kMitigationNames{
    "rollback", "restart", "scale_out", "disable_call", "failover", "switch_provider",
    "renew_certificate", "shed_load", "drain_zone"};
constexpr std::array<const char*, 3> kMetricNames{"error_ratio", "latency_ms", "utilisation"};
constexpr std::array<const char*, 4> kAlertLabelNames{"alertname", "service", "journey",
                                                      "severity"};
constexpr std::array<const char*, 2> kAlertSeverityNames{"page", "ticket"};
constexpr std::array<const char*, 2> kDiagnosisNames{"follow_traces", "follow_alerts"};
constexpr std::array<const char*, 2> kAutomationNames{"restart_on_crash",
                                                      "rollback_failing_canary"};
constexpr std::array<const char*, 3> kRoleNames{"incident_commander", "comms_lead", "scribe"};

template <typename Enum, std::size_t N>
std::optional<Enum> from_name(const std::array<const char*, N>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) return std::nullopt;
  return static_cast<Enum>(std::distance(names.begin(), it));
}

}  // namespace

const char* to_string(Severity s) {
  constexpr std::array<const char*, kSeverityCount> kNames{"P1", "P2", "P3", "P4"};
  return kNames[static_cast<std::size_t>(s)];
}
const char* to_string(FaultType t) { return kFaultTypeNames[static_cast<std::size_t>(t)]; }
const char* to_string(MitigationAction a) { return kMitigationNames[static_cast<std::size_t>(a)]; }
const char* to_string(MetricKind m) { return kMetricNames[static_cast<std::size_t>(m)]; }
const char* to_string(AlertSeverity s) {
  return kAlertSeverityNames[static_cast<std::size_t>(s)];
}

const char* to_string(Role r) { return kRoleNames[static_cast<std::size_t>(r)]; }
const char* to_string(DiagnosisStrategy d) { return kDiagnosisNames[static_cast<std::size_t>(d)]; }
const char* to_string(AutomationKind k) { return kAutomationNames[static_cast<std::size_t>(k)]; }
const char* to_string(AlertLabel l) { return kAlertLabelNames[static_cast<std::size_t>(l)]; }

std::optional<FaultType> fault_type_from_string(const std::string& name) {
  return from_name<FaultType>(kFaultTypeNames, name);
}
std::optional<MitigationAction> mitigation_action_from_string(const std::string& name) {
  return from_name<MitigationAction>(kMitigationNames, name);
}
std::optional<MetricKind> metric_kind_from_string(const std::string& name) {
  return from_name<MetricKind>(kMetricNames, name);
}
std::optional<AlertLabel> alert_label_from_string(const std::string& name) {
  return from_name<AlertLabel>(kAlertLabelNames, name);
}
std::optional<AlertSeverity> alert_severity_from_string(const std::string& name) {
  return from_name<AlertSeverity>(kAlertSeverityNames, name);
}

std::optional<DiagnosisStrategy> diagnosis_strategy_from_string(const std::string& name) {
  return from_name<DiagnosisStrategy>(kDiagnosisNames, name);
}
std::optional<AutomationKind> automation_kind_from_string(const std::string& name) {
  return from_name<AutomationKind>(kAutomationNames, name);
}

std::vector<MitigationAction> fixes_for(FaultType t) {
  using enum MitigationAction;
  switch (t) {
    case FaultType::BadDeploy:
    case FaultType::BadConfig:
    case FaultType::MemoryLeak:
      return {Rollback};
    case FaultType::CrashReplicas:
    case FaultType::ErrorRate:
    case FaultType::Latency:
    case FaultType::Outage:
    case FaultType::ResourceExhaustion:
      return {Restart};
    case FaultType::TrafficSurge:
    case FaultType::DatastoreFailover:
      return {ScaleOut};
    case FaultType::CallFailure:
      return {DisableCall, Failover};
    case FaultType::NetworkPartition:
      return {Failover};
    case FaultType::ZoneOutage:
      return {DrainZone};
    case FaultType::ThirdPartyOutage:
      return {SwitchProvider, DisableCall};
    case FaultType::CertificateExpiry:
      return {RenewCertificate};
  }
  return {};
}

}  // namespace firedrill::model
