#pragma once
// Private to the scenario loader: typed, range-checked reads of JSON values that record every
// problem (with its JSON pointer) instead of stopping at the first.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/sim_time.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace firedrill::scenario::internal {

using nlohmann::json;

// The problems found in one source, in the order they were found.
class Problems {
 public:
  explicit Problems(std::string source) : source_(std::move(source)) {}

  void add(std::string pointer, std::string message);
  // Adds problems found in another source (a file the scenario refers to), keeping their source.
  void append(std::vector<Problem> problems);
  const std::string& source() const { return source_; }
  bool empty() const { return problems_.empty(); }
  std::vector<Problem> take() { return std::move(problems_); }

 private:
  std::string source_;
  std::vector<Problem> problems_;
};

// RFC 6901 pointers: `parent` extended by one reference token ("~" and "/" escaped).
std::string child_pointer(const std::string& parent, std::string_view key);
std::string child_pointer(const std::string& parent, std::size_t index);

// What a value is, for "got ..." in messages: `string "abc"`, `number -5`, `null`, `array`.
std::string describe(const json& value);

// Whether `text` is valid UTF-8, as JSON text must be.
bool is_utf8(const std::string& text);

// `value` as written in messages: numbers in their shortest round-trip form ("0.35", "-5").
std::string format_number(double value);

// Quotes `text` as a JSON string: "frontend".
std::string in_quotes(std::string_view text);
// Drops nlohmann's "[json.exception.parse_error.101] " prefix from an exception message.
std::string without_exception_id(const std::string& what);

// The deepest nesting of arrays and objects firedrill reads: the scenario format needs 8 levels;
// the bound keeps every recursive walk of a document (copies, comparisons, dumps) off the
// stack's limit (docs/limits.md).
inline constexpr std::size_t kMaxJsonDepth = 64;

// Parses `text` as one JSON document. A syntax error, a number beyond a double, or nesting
// deeper than kMaxJsonDepth is one problem for the whole document, with `source` as its source,
// and returns nullopt; its message gives the byte, line and column but never the text read
// there, so a file that is not JSON has none of its bytes echoed. Each duplicate object key
// (which JSON parsers resolve silently to the last value) is a problem at its pointer.
std::optional<json> parse_document(std::string_view text, const std::string& source,
                                   Problems& problems);

// Reads (read_input_file) and parses (parse_document) the JSON file `path`, named `source` in
// messages. A file that cannot be read is reported at `pointer` of the document that names it;
// one that is not JSON, with the file as its source. Returns nullopt after reporting.
std::optional<json> read_json_file(const std::filesystem::path& path, const std::string& source,
                                   const std::string& pointer, Problems& problems);

// An interval of allowed numbers; either end may be open, closed or unbounded. With `or_zero`, 0
// is allowed too (a rate that may be off, but when on must keep its gaps representable). The
// named range of every scenario field is in sim/scenario/value_ranges.hpp.
struct Range {
  std::optional<double> min;
  bool min_inclusive = true;
  std::optional<double> max;
  bool max_inclusive = true;
  bool or_zero = false;

  static Range any() { return {}; }
  static Range positive() { return {0.0, false, std::nullopt, true}; }       // > 0
  static Range non_negative() { return {0.0, true, std::nullopt, true}; }    // >= 0
  static Range at_least(double v) { return {v, true, std::nullopt, true}; }  // >= v
  static Range probability() { return {0.0, true, 1.0, true}; }              // [0, 1]
  static Range open_fraction() { return {0.0, false, 1.0, false}; }          // (0, 1)
  static Range share() { return {0.0, false, 1.0, true}; }                   // (0, 1]
  static Range closed(double lo, double hi) { return {lo, true, hi, true}; }  // [lo, hi]
  static Range above(double lo, double hi) { return {lo, false, hi, true}; }  // (lo, hi]

  bool contains(double v) const;
  // "must be > 0", "must be in [0, 1]", "must be 0 or in [0.001, 1000]", ...
  std::string requirement() const;
};

enum class Presence { Required, Optional };

// A time unit of a JSON key ("_min", "_s", ...), as milliseconds per unit.
enum class TimeUnit : std::int64_t {
  Seconds = 1000,
  Minutes = 60 * 1000,
  Hours = 60 * 60 * 1000,
  Days = 24 * 60 * 60 * 1000
};

// One JSON object at `pointer`. Every read reports its own problems (missing, wrong type, out of
// range) to `problems` and returns nullopt (or nullptr) for an absent or invalid value, so the
// caller only decides what to do with good values. A reader built on a non-object reports that
// once; all its reads then return nothing and report nothing.
class ObjectReader {
 public:
  ObjectReader(const json& value, std::string pointer, Problems& problems);

  bool ok() const { return object_ != nullptr; }
  const std::string& pointer() const { return pointer_; }
  std::string pointer_to(std::string_view key) const { return child_pointer(pointer_, key); }
  Problems& problems() const { return *problems_; }

  // Reports every key not in `allowed` (listed in the message in the given order);
  // `context` is appended to "unknown key "x"", e.g. `for fault type "latency"`.
  void check_keys(const std::vector<std::string_view>& allowed,
                  std::string_view context = {}) const;
  void check_keys(std::initializer_list<std::string_view> allowed) const {
    check_keys(std::vector<std::string_view>(allowed));
  }

  // Returns the member `key`, or nullptr when absent (reported when required).
  const json* find(std::string_view key, Presence presence = Presence::Optional) const;
  bool has(std::string_view key) const { return find(key) != nullptr; }
  bool is_null(std::string_view key) const;

  std::optional<std::string> string(std::string_view key, Presence presence) const;
  // A string that must not be empty.
  std::optional<std::string> name(std::string_view key, Presence presence) const;
  std::optional<bool> boolean(std::string_view key, Presence presence) const;
  std::optional<double> number(std::string_view key, Presence presence,
                               const Range& range = Range::any()) const;
  // A number with no fractional part that fits `range` (and an int64).
  std::optional<std::int64_t> integer(std::string_view key, Presence presence,
                                      const Range& range = Range::any()) const;
  // A non-negative integer up to 2^64 − 1.
  std::optional<std::uint64_t> unsigned_integer(std::string_view key, Presence presence) const;
  // A number of `unit`s in `range`, converted to milliseconds (engine::from_seconds rounding).
  // A positive range also rejects values that round to 0 ms; |value| is at most 100 years.
  std::optional<engine::SimTime> duration(std::string_view key, Presence presence, TimeUnit unit,
                                          const Range& range) const;
  // An ISO 8601 date-time with "Z" or a numeric offset, as parse_date_time, from 1970 to the end
  // of 2199 (value_ranges.hpp).
  std::optional<model::UnixTime> date_time(std::string_view key, Presence presence) const;
  // An IANA time zone name, checked against the tz database.
  std::optional<std::string> time_zone(std::string_view key, Presence presence) const;
  // A local time of day "HH:MM:SS" (00:00:00 … 23:59:59), as seconds since midnight.
  std::optional<std::chrono::seconds> time_of_day(std::string_view key, Presence presence) const;
  // An array member; with `non_empty`, [] is reported too (and nullptr returned).
  const json* array(std::string_view key, Presence presence, bool non_empty = false) const;
  // An object member (its keys are the caller's to check).
  const json* object(std::string_view key, Presence presence) const;

 private:
  const json* object_ = nullptr;
  std::string pointer_;
  Problems* problems_;
};

// Checks a value standing alone (an array element) the way ObjectReader checks members.
std::optional<std::string> read_name(const json& value, const std::string& pointer,
                                     Problems& problems);
// Parses "2026-11-27T17:00:00Z" or "2026-11-27T12:00:00-05:00" (RFC 3339 with whole seconds:
// every field two digits, the year four; a real date; an offset of at most ±14:00 with minutes
// < 60, applied), or returns nullopt. The whole text must match.
std::optional<model::UnixTime> parse_date_time(const std::string& text);
// Parses "HH:MM:SS" (each field two digits, 00:00:00 … 23:59:59), or returns nullopt.
std::optional<std::chrono::seconds> parse_time_of_day(std::string_view text);

// Converts `value` × `unit` to milliseconds, or nullopt when out of the 100-year bound.
std::optional<engine::SimTime> to_sim_time(double value, TimeUnit unit);

}  // namespace firedrill::scenario::internal
