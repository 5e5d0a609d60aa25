// Shared pieces of the history readers (history_fields.hpp).

#include "import/history_fields.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <cctype>
#include <regex>
#include <sstream>

namespace firedrill::import::internal {

using nlohmann::json;

namespace {

// Returns the array at member `key` of the document's root, or nullptr after a problem.
const json* root_array(const json& document, const char* key, HistoryProblems& problems) {
  if (!document.is_object() || !document.contains(key)) {
    problems.add("", std::string("expected a JSON object with an array \"") + key + "\"");
    return nullptr;
  }
  const json& array = document[key];
  if (!array.is_array()) {
    problems.add(std::string("/") + key, "must be an array of incidents, got " + array.dump());
    return nullptr;
  }
  return &array;
}

}  // namespace

void HistoryProblems::add(std::string pointer, std::string message) {
  problems_.push_back({source_, std::move(pointer), std::move(message)});
}

void HistoryProblems::throw_if_any() const {
  if (!problems_.empty()) throw scenario::ScenarioError(problems_);
}

std::optional<WallTime> parse_wall_time(const std::string& text) {
  // The shape first: date::parse reads a malformed time field (2025-02-22T159Z) through a
  // floating-point NaN into an integer, undefined behaviour the history fuzz target found.
  static const std::regex kShape(
      R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:?\d{2}))");
  if (!std::regex_match(text, kShape)) return std::nullopt;
  // date::parse reads fractions of a second to the precision of the target: microseconds take
  // incident.io's six digits. An offset without its colon (+0200) gets one, for %Ez.
  const bool colon = text.back() == 'Z' || text.back() == 'z' || text[text.size() - 3] == ':';
  date::sys_time<std::chrono::microseconds> parsed;
  std::istringstream in(
      colon ? text : text.substr(0, text.size() - 2) + ":" + text.substr(text.size() - 2));
  if (!text.empty() && (text.back() == 'Z' || text.back() == 'z')) {
    in >> date::parse("%FT%T", parsed);
    if (in.fail() || in.get() == std::char_traits<char>::eof()) return std::nullopt;
  } else {
    in >> date::parse("%FT%T%Ez", parsed);
    if (in.fail()) return std::nullopt;
  }
  if (in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return std::chrono::floor<std::chrono::milliseconds>(parsed);
}

std::optional<model::Severity> parse_severity(std::string_view text) {
  std::string s;
  for (const char c : text) {
    if (c == ' ' || c == '-' || c == '_') continue;
    s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  std::string_view digits = s;
  if (digits.starts_with("SEV")) {
    digits.remove_prefix(3);
  } else if (digits.starts_with("P")) {
    digits.remove_prefix(1);
  } else {
    return std::nullopt;
  }
  if (digits.size() != 1 || digits[0] < '1' || digits[0] > '4') return std::nullopt;
  return static_cast<model::Severity>(digits[0] - '1');
}

std::optional<int> local_hour(WallTime time, const std::string& time_zone) {
  try {
    const auto local = date::make_zoned(time_zone, time).get_local_time();
    const auto day = date::floor<date::days>(local);
    return static_cast<int>(date::floor<std::chrono::hours>(local - day).count());
  } catch (const std::exception&) {
    return std::nullopt;  // date throws std::runtime_error for an unknown zone
  }
}

std::string JsonFields::pointer_to(std::string_view key) const {
  return pointer_ + "/" + std::string(key);
}

const json* JsonFields::member(std::string_view key) const {
  if (!object_.is_object()) return nullptr;
  const auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<WallTime> JsonFields::time(std::string_view key, bool required) const {
  const json* value = member(key);
  if (value == nullptr) {
    if (required) problems_.add(pointer_to(key), "missing: the incident needs this time");
    return std::nullopt;
  }
  if (value->is_string()) {
    if (auto t = parse_wall_time(value->get<std::string>())) return t;
  }
  problems_.add(
      pointer_to(key),
      "must be an ISO 8601 time with a zone (\"2024-03-01T02:15:07Z\"), got " + value->dump());
  return std::nullopt;
}

std::optional<std::string> JsonFields::string(std::string_view key) const {
  const json* value = member(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    problems_.add(pointer_to(key), "must be a string, got " + value->dump());
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<double> JsonFields::seconds(std::string_view key) const {
  const json* value = member(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number() || value->get<double>() < 0.0) {
    problems_.add(pointer_to(key), "must be a number of seconds >= 0, got " + value->dump());
    return std::nullopt;
  }
  return value->get<double>();
}

void finish_record(IncidentRecord& record, const std::string& time_zone, const std::string& pointer,
                   HistoryProblems& problems) {
  record.where = problems.source() + ": " + pointer;
  record.time_zone = time_zone;
  if (const auto hour = local_hour(record.paged, time_zone)) {
    record.local_hour = *hour;
  } else {
    problems.add(pointer, "unknown IANA time zone \"" + time_zone + "\"");
  }
  const auto check = [&](const std::optional<WallTime>& t, const char* name) {
    if (t && *t < record.paged) problems.add(pointer, std::string(name) + " is before the page");
  };
  check(record.acknowledged, "the acknowledgement");
  check(record.mitigated, "the mitigation");
  check(record.resolved, "the resolution");
  if (record.started && *record.started > record.paged)
    problems.add(pointer, "the impact starts after the page");
}

std::vector<IncidentRecord> read_incidents(
    const json& document, const char* key, const std::string& time_zone, HistoryProblems& problems,
    const std::function<void(const JsonFields&, IncidentRecord&)>& read) {
  std::vector<IncidentRecord> records;
  const json* incidents = root_array(document, key, problems);
  if (incidents == nullptr) return records;
  for (std::size_t i = 0; i < incidents->size(); ++i) {
    const std::string pointer = std::string("/") + key + "/" + std::to_string(i);
    if (!(*incidents)[i].is_object()) {
      problems.add(pointer, "must be an incident object, got " + (*incidents)[i].dump());
      continue;
    }
    const JsonFields f((*incidents)[i], pointer, problems);
    const auto created = f.time("created_at", true);
    if (!created) continue;
    IncidentRecord r;
    r.paged = *created;
    read(f, r);
    finish_record(r, time_zone, pointer, problems);
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace firedrill::import::internal
