// Reads a history file in any supported format (incident_history.hpp).

#include "import/incident_history.hpp"

#include "import/history_fields.hpp"
#include "sim/scenario/input_file.hpp"

namespace firedrill::import {

using nlohmann::json;

std::optional<HistoryFormat> history_format_from_string(const std::string& name) {
  if (name == "auto") return HistoryFormat::Auto;
  if (name == "pagerduty") return HistoryFormat::PagerDutyIncidents;
  if (name == "pagerduty-analytics") return HistoryFormat::PagerDutyAnalytics;
  if (name == "incident-io") return HistoryFormat::IncidentIo;
  if (name == "firehydrant") return HistoryFormat::FireHydrant;
  if (name == "csv") return HistoryFormat::Csv;
  return std::nullopt;
}

namespace {

HistoryFormat detect(const json& document) {
  const auto first_has = [&](const char* array, const char* key) {
    const auto it = document.find(array);
    return it != document.end() && it->is_array() && !it->empty() && (*it)[0].is_object() &&
           (*it)[0].contains(key);
  };
  if (document.is_object() && document.contains("incidents"))
    return first_has("incidents", "incident_timestamp_values") ? HistoryFormat::IncidentIo
                                                               : HistoryFormat::PagerDutyIncidents;
  return first_has("data", "milestones") ? HistoryFormat::FireHydrant
                                         : HistoryFormat::PagerDutyAnalytics;
}

}  // namespace

std::vector<IncidentRecord> read_incident_history(const std::filesystem::path& file,
                                                  HistoryFormat format,
                                                  const std::string& time_zone) {
  std::string text;
  try {
    text = scenario::read_input_file(file);
  } catch (const scenario::InputFileError& e) {
    internal::HistoryProblems problems(file.string());
    problems.add("", std::string("cannot read the file: ") + e.what());
    problems.throw_if_any();
  }
  if (format == HistoryFormat::Auto && file.extension() == ".csv") format = HistoryFormat::Csv;
  return parse_incident_history(text, file.string(), format, time_zone);
}

std::vector<IncidentRecord> parse_incident_history(const std::string& text,
                                                   const std::string& file_name,
                                                   HistoryFormat format,
                                                   const std::string& time_zone) {
  internal::HistoryProblems problems(file_name);
  std::vector<IncidentRecord> records;
  if (format == HistoryFormat::Csv) {
    records = internal::read_incident_csv(text, time_zone, problems);
  } else {
    const json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded()) {
      problems.add("", "not valid JSON");
      problems.throw_if_any();
    }
    if (format == HistoryFormat::Auto) format = detect(document);
    switch (format) {
      case HistoryFormat::PagerDutyIncidents:
        records = internal::read_pagerduty_incidents(document, time_zone, problems);
        break;
      case HistoryFormat::PagerDutyAnalytics:
        records = internal::read_pagerduty_analytics(document, time_zone, problems);
        break;
      case HistoryFormat::IncidentIo:
        records = internal::read_incident_io(document, time_zone, problems);
        break;
      case HistoryFormat::FireHydrant:
        records = internal::read_firehydrant(document, time_zone, problems);
        break;
      default:
        break;
    }
  }
  problems.throw_if_any();
  return records;
}

}  // namespace firedrill::import
