// The plain CSV history (docs/calibration.md): a header row, then one incident per row; fields
// as RFC 4180 has them (commas, double-quoted fields with "" for a quote, CRLF or LF).

#include <array>
#include <map>

#include "import/history_fields.hpp"

namespace firedrill::import::internal {

namespace {

struct Row {
  std::size_t line = 0;  // 1-based line where the row starts
  std::vector<std::string> fields;
};

// Splits `text` into rows; a problem (and the rows so far) on an unterminated quote.
std::vector<Row> split_rows(const std::string& text, HistoryProblems& problems) {
  std::vector<Row> rows;
  Row row{1, {}};
  std::string field;
  std::size_t line = 1;
  bool quoted = false, field_started = false;
  const auto end_row = [&] {
    row.fields.push_back(std::move(field));
    field.clear();
    field_started = false;
    const bool blank = row.fields.size() == 1 && row.fields[0].empty();
    if (!blank) rows.push_back(std::move(row));
    row = Row{line, {}};
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
    } else if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (c == ',') {
      row.fields.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      end_row();
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  if (quoted) {
    problems.add("line " + std::to_string(row.line), "a quoted field is never closed");
    return rows;
  }
  if (!field.empty() || !row.fields.empty()) end_row();
  return rows;
}

constexpr std::array<const char*, 8> kColumns{"started",  "detected", "acknowledged", "mitigated",
                                              "resolved", "severity", "time_zone",    "escalated"};

}  // namespace

std::vector<IncidentRecord> read_incident_csv(const std::string& text, const std::string& time_zone,
                                              HistoryProblems& problems) {
  std::vector<IncidentRecord> records;
  const std::vector<Row> rows = split_rows(text, problems);
  if (rows.empty()) {
    problems.add("line 1", "expected a header row naming the columns (docs/calibration.md)");
    return records;
  }
  std::map<std::string, std::size_t> column;  // name → 0-based index
  for (std::size_t c = 0; c < rows[0].fields.size(); ++c) {
    std::string name = rows[0].fields[c];
    if (c == 0 && name.starts_with("\xEF\xBB\xBF")) name.erase(0, 3);  // a UTF-8 BOM
    for (const char* known : kColumns) {
      if (name != known) continue;
      if (column.contains(name)) {
        problems.add("line 1, column " + std::to_string(c + 1), "column \"" + name + "\" twice");
      }
      column[name] = c;
    }
  }
  if (!column.contains("detected") && !column.contains("started")) {
    problems.add("line 1", "needs a \"detected\" or a \"started\" column (docs/calibration.md)");
    return records;
  }
  for (std::size_t k = 1; k < rows.size(); ++k) {
    const Row& row = rows[k];
    const std::string at = "line " + std::to_string(row.line);
    const auto cell = [&](const char* name) -> std::optional<std::string> {
      const auto it = column.find(name);
      if (it == column.end() || it->second >= row.fields.size()) return std::nullopt;
      if (row.fields[it->second].empty()) return std::nullopt;
      return row.fields[it->second];
    };
    const auto where = [&](const char* name) {
      return at + ", column " + std::to_string(column.at(name) + 1) + " (" + name + ")";
    };
    bool bad = false;
    const auto time = [&](const char* name) -> std::optional<WallTime> {
      const auto text_value = cell(name);
      if (!text_value) return std::nullopt;
      if (auto t = parse_wall_time(*text_value)) return t;
      problems.add(where(name),
                   "must be an ISO 8601 time with a zone (\"2024-03-01T02:15:07Z\"), "
                   "got \"" +
                       *text_value + "\"");
      bad = true;
      return std::nullopt;
    };
    IncidentRecord r;
    r.started = time("started");
    const auto detected = time("detected");
    r.acknowledged = time("acknowledged");
    r.mitigated = time("mitigated");
    r.resolved = time("resolved");
    if (const auto s = cell("severity")) {
      r.severity = parse_severity(*s);
      if (!r.severity) {
        problems.add(where("severity"), "must be P1–P4 or SEV1–SEV4, got \"" + *s + "\"");
        bad = true;
      }
    }
    if (const auto e = cell("escalated")) {
      if (*e == "true" || *e == "1" || *e == "yes") {
        r.escalated = true;
      } else if (*e == "false" || *e == "0" || *e == "no") {
        r.escalated = false;
      } else {
        problems.add(where("escalated"), "must be true or false, got \"" + *e + "\"");
        bad = true;
      }
    }
    if (!detected && !r.started) {
      if (!bad) problems.add(at, "needs a detected or a started time");
      continue;
    }
    if (bad) continue;
    r.paged = detected ? *detected : *r.started;
    finish_record(r, cell("time_zone").value_or(time_zone), at, problems);
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace firedrill::import::internal
