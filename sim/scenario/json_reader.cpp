#include "sim/scenario/json_reader.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <charconv>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <string_view>

namespace firedrill::scenario::internal {
namespace {

// Durations and date-time offsets beyond a century are typos (hours written as ms, say), and
// this bound keeps every conversion far from int64 overflow.
constexpr double kMaxDurationMs = 100.0 * 365.25 * 24 * 3600 * 1000;
constexpr std::size_t kMaxQuotedLength = 60;

std::string a_type_name(const char* article_and_type, const json& found) {
  return std::string("must be ") + article_and_type + ", got " + describe(found);
}

}  // namespace

void Problems::add(std::string pointer, std::string message) {
  problems_.push_back(Problem{source_, std::move(pointer), std::move(message)});
}

std::string without_exception_id(const std::string& what) {
  const auto end = what.find("] ");
  if (what.rfind("[json.exception.", 0) != 0 || end == std::string::npos) return what;
  return what.substr(end + 2);
}

std::optional<json> read_json_file(const std::filesystem::path& path, const std::string& source,
                                   const std::string& pointer, Problems& problems) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  const std::string what = "cannot read " + in_quotes(source) + ": ";
  if (!std::filesystem::exists(status)) {
    problems.add(pointer, what + "it does not exist (paths are relative to the file naming it)");
    return std::nullopt;
  }
  if (std::filesystem::is_directory(status)) {
    problems.add(pointer, what + "it is a directory, expected a JSON file");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.add(pointer, what + "opening it failed (check its permissions)");
    return std::nullopt;
  }
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    problems.append({Problem{source, "",
                             "invalid JSON (byte " + std::to_string(e.byte) +
                                 "): " + without_exception_id(e.what())}});
  } catch (const json::exception& e) {
    problems.append({Problem{source, "", "invalid JSON: " + without_exception_id(e.what())}});
  }
  return std::nullopt;
}

void Problems::append(std::vector<Problem> problems) {
  for (auto& p : problems) problems_.push_back(std::move(p));
}

// The text's shape is checked digit by digit, never with date::parse: a failed date::parse
// leaves its result uninitialised and accepts more than RFC 3339 ("+5", "+99:99", one-digit
// months). date.h only does the calendar arithmetic, on fields already known to be in range.
std::optional<model::UnixTime> parse_date_time(const std::string& text) {
  // "YYYY-MM-DDTHH:MM:SS" then "Z" or "+HH:MM" / "-HH:MM".
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (text.size() != kShape.size() + 1 && text.size() != kShape.size() + 6) return std::nullopt;
  const auto digits = [&](std::size_t at, std::size_t n) {
    int value = 0;
    for (std::size_t i = at; i < at + n; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const bool ok = kShape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(text[i])) != 0
                                     : text[i] == kShape[i];
    if (!ok) return std::nullopt;
  }
  const date::year_month_day ymd{date::year{digits(0, 4)},
                                 date::month{static_cast<unsigned>(digits(5, 2))},
                                 date::day{static_cast<unsigned>(digits(8, 2))}};
  const int hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2);
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  std::chrono::minutes offset{0};
  const std::string_view zone = std::string_view(text).substr(kShape.size());
  if (zone != "Z") {
    // RFC 3339's time-numoffset, at most 14:00 either way (the offsets in use run from
    // -12:00 to +14:00).
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' ||
        !std::isdigit(static_cast<unsigned char>(zone[1])) ||
        !std::isdigit(static_cast<unsigned char>(zone[2])) ||
        !std::isdigit(static_cast<unsigned char>(zone[4])) ||
        !std::isdigit(static_cast<unsigned char>(zone[5]))) {
      return std::nullopt;
    }
    const int offset_h = digits(kShape.size() + 1, 2), offset_min = digits(kShape.size() + 4, 2);
    if (offset_min > 59 || offset_h * 60 + offset_min > 14 * 60) return std::nullopt;
    offset = std::chrono::minutes(offset_h * 60 + offset_min);
    if (zone[0] == '-') offset = -offset;
  }
  return model::UnixTime{date::sys_days{ymd}} + std::chrono::hours(hour) +
         std::chrono::minutes(minute) + std::chrono::seconds(second) - offset;
}

std::optional<std::chrono::seconds> parse_time_of_day(std::string_view text) {
  if (text.size() != 8 || text[2] != ':' || text[5] != ':') return std::nullopt;
  int fields[3];
  for (int i = 0; i < 3; ++i) {
    const char* begin = text.data() + 3 * i;
    if (!std::isdigit(static_cast<unsigned char>(begin[0])) ||
        !std::isdigit(static_cast<unsigned char>(begin[1]))) {
      return std::nullopt;
    }
    fields[i] = (begin[0] - '0') * 10 + (begin[1] - '0');
  }
  if (fields[0] > 23 || fields[1] > 59 || fields[2] > 59) return std::nullopt;
  return std::chrono::hours(fields[0]) + std::chrono::minutes(fields[1]) +
         std::chrono::seconds(fields[2]);
}

std::optional<model::UnixTime> ObjectReader::date_time(std::string_view key,
                                                       Presence presence) const {
  const auto text = string(key, presence);
  if (!text) return std::nullopt;
  auto t = parse_date_time(*text);
  if (!t) {
    problems_->add(pointer_to(key),
                   "must be an ISO 8601 date-time with \"Z\" or a numeric offset up to "
                   "±14:00, such as \"2026-11-27T17:00:00Z\" or \"2026-11-27T12:00:00-05:00\", "
                   "got " +
                       in_quotes(*text));
  }
  return t;
}

std::optional<std::string> ObjectReader::time_zone(std::string_view key, Presence presence) const {
  auto zone = name(key, presence);
  if (!zone) return std::nullopt;
  try {
    date::locate_zone(*zone);
    return zone;
  } catch (const std::exception&) {
    problems_->add(pointer_to(key), "unknown time zone " + in_quotes(*zone) +
                                        " (expected an IANA name such as \"Europe/Berlin\")");
    return std::nullopt;
  }
}

std::optional<std::chrono::seconds> ObjectReader::time_of_day(std::string_view key,
                                                              Presence presence) const {
  const auto text = string(key, presence);
  if (!text) return std::nullopt;
  const auto t = parse_time_of_day(*text);
  if (!t) {
    problems_->add(pointer_to(key),
                   "must be a local time of day \"HH:MM:SS\" from \"00:00:00\" to "
                   "\"23:59:59\", got " + in_quotes(*text));
  }
  return t;
}

std::string child_pointer(const std::string& parent, std::string_view key) {
  std::string out = parent;
  out += '/';
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string child_pointer(const std::string& parent, std::size_t index) {
  return parent + '/' + std::to_string(index);
}

std::string format_number(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string in_quotes(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[(c >> 4) & 0xf];
      out += kHex[c & 0xf];
    } else {
      out += c;
    }
  }
  return out + '"';
}

std::string describe(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return std::string("boolean ") + (value.get<bool>() ? "true" : "false");
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "number " + value.dump();
    case json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      if (text.size() <= kMaxQuotedLength) return "string " + in_quotes(text);
      return "string " + in_quotes(text.substr(0, kMaxQuotedLength)) + "...";
    }
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    case json::value_t::binary:
    case json::value_t::discarded:
      break;
  }
  return "invalid value";
}

bool Range::contains(double v) const {
  if (!std::isfinite(v)) return false;
  if (min && (min_inclusive ? v < *min : v <= *min)) return false;
  if (max && (max_inclusive ? v > *max : v >= *max)) return false;
  return true;
}

std::string Range::requirement() const {
  if (min && max) {
    return std::string("must be in ") + (min_inclusive ? "[" : "(") + format_number(*min) + ", " +
           format_number(*max) + (max_inclusive ? "]" : ")");
  }
  if (min) return std::string("must be ") + (min_inclusive ? ">= " : "> ") + format_number(*min);
  if (max) return std::string("must be ") + (max_inclusive ? "<= " : "< ") + format_number(*max);
  return "must be a finite number";
}

std::optional<engine::SimTime> to_sim_time(double value, TimeUnit unit) {
  const double ms = value * static_cast<double>(static_cast<std::int64_t>(unit));
  if (!std::isfinite(ms) || std::abs(ms) > kMaxDurationMs) return std::nullopt;
  return engine::from_seconds(ms / 1000.0);
}

ObjectReader::ObjectReader(const json& value, std::string pointer, Problems& problems)
    : pointer_(std::move(pointer)), problems_(&problems) {
  if (value.is_object()) {
    object_ = &value;
  } else {
    problems_->add(pointer_, a_type_name("an object", value));
  }
}

void ObjectReader::check_keys(const std::vector<std::string_view>& allowed,
                              std::string_view context) const {
  if (!ok()) return;
  for (const auto& [key, value] : object_->items()) {
    bool known = false;
    for (const auto a : allowed) known = known || a == key;
    if (known) continue;
    std::string message = "unknown key " + in_quotes(key);
    if (!context.empty()) message.append(" ").append(context);
    message += " (expected one of: ";
    for (std::size_t i = 0; i < allowed.size(); ++i) {
      if (i > 0) message += ", ";
      message += allowed[i];
    }
    message += ")";
    problems_->add(pointer_to(key), std::move(message));
  }
}

const json* ObjectReader::find(std::string_view key, Presence presence) const {
  if (!ok()) return nullptr;
  const auto it = object_->find(key);
  if (it != object_->end()) return &*it;
  if (presence == Presence::Required) {
    problems_->add(pointer_, "missing required key " + in_quotes(key));
  }
  return nullptr;
}

bool ObjectReader::is_null(std::string_view key) const {
  const json* value = find(key);
  return value != nullptr && value->is_null();
}

std::optional<std::string> ObjectReader::string(std::string_view key, Presence presence) const {
  const json* value = find(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    problems_->add(pointer_to(key), a_type_name("a string", *value));
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<std::string> ObjectReader::name(std::string_view key, Presence presence) const {
  const json* value = find(key, presence);
  if (value == nullptr) return std::nullopt;
  return read_name(*value, pointer_to(key), *problems_);
}

std::optional<std::string> read_name(const json& value, const std::string& pointer,
                                     Problems& problems) {
  if (!value.is_string()) {
    problems.add(pointer, a_type_name("a string", value));
    return std::nullopt;
  }
  auto text = value.get<std::string>();
  if (text.empty()) {
    problems.add(pointer, "must not be empty");
    return std::nullopt;
  }
  return text;
}

std::optional<bool> ObjectReader::boolean(std::string_view key, Presence presence) const {
  const json* value = find(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    problems_->add(pointer_to(key), a_type_name("a boolean", *value));
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<double> ObjectReader::number(std::string_view key, Presence presence,
                                           const Range& range) const {
  const json* value = find(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number()) {
    problems_->add(pointer_to(key), a_type_name("a number", *value));
    return std::nullopt;
  }
  const double v = value->get<double>();
  if (!range.contains(v)) {
    problems_->add(pointer_to(key), range.requirement() + ", got " + value->dump());
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, Presence presence,
                                                  const Range& range) const {
  const json* value = find(key, presence);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer()) {  // signed or unsigned storage
    std::optional<std::int64_t> v;
    if (!value->is_number_unsigned()) {
      v = value->get<std::int64_t>();
    } else if (value->get<std::uint64_t>() <=
               static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      v = static_cast<std::int64_t>(value->get<std::uint64_t>());
    }
    if (!v || !range.contains(static_cast<double>(*v))) {
      problems_->add(pointer_to(key), range.requirement() + ", got " + value->dump());
      return std::nullopt;
    }
    return v;
  }
  if (value->is_number_float()) {
    // 2.0 is an integer written as a float; 1.5 is not an integer at all.
    const double v = value->get<double>();
    if (std::floor(v) == v && std::abs(v) < 9.0e15) {
      if (range.contains(v)) return static_cast<std::int64_t>(v);
      problems_->add(pointer_to(key), range.requirement() + ", got " + value->dump());
      return std::nullopt;
    }
  }
  problems_->add(pointer_to(key), a_type_name("an integer", *value));
  return std::nullopt;
}

std::optional<std::uint64_t> ObjectReader::unsigned_integer(std::string_view key,
                                                            Presence presence) const {
  const json* value = find(key, presence);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_unsigned()) return value->get<std::uint64_t>();
  if (value->is_number_integer()) {  // a negative integer
    problems_->add(pointer_to(key), "must be >= 0, got " + value->dump());
    return std::nullopt;
  }
  if (value->is_number_float()) {
    const double v = value->get<double>();
    // Integral floats up to 2^53 are exact; beyond that the digits written are already lost.
    if (std::floor(v) == v && v >= 0 && v <= 9007199254740992.0) {
      return static_cast<std::uint64_t>(v);
    }
  }
  problems_->add(pointer_to(key), a_type_name("an integer >= 0", *value));
  return std::nullopt;
}

std::optional<engine::SimTime> ObjectReader::duration(std::string_view key, Presence presence,
                                                      TimeUnit unit, const Range& range) const {
  const auto v = number(key, presence, range);
  if (!v) return std::nullopt;
  const auto t = to_sim_time(*v, unit);
  if (!t) {
    problems_->add(pointer_to(key), "must be at most 100 years, got " + find(key)->dump());
    return std::nullopt;
  }
  const bool must_be_positive = range.min && *range.min == 0.0 && !range.min_inclusive;
  if (must_be_positive && t->count() <= 0) {
    problems_->add(pointer_to(key), "must be at least 1 ms, got " + find(key)->dump());
    return std::nullopt;
  }
  return t;
}

const json* ObjectReader::array(std::string_view key, Presence presence, bool non_empty) const {
  const json* value = find(key, presence);
  if (value == nullptr) return nullptr;
  if (!value->is_array()) {
    problems_->add(pointer_to(key), a_type_name("an array", *value));
    return nullptr;
  }
  if (non_empty && value->empty()) {
    problems_->add(pointer_to(key), "must not be empty");
    return nullptr;
  }
  return value;
}

const json* ObjectReader::object(std::string_view key, Presence presence) const {
  const json* value = find(key, presence);
  if (value == nullptr) return nullptr;
  if (!value->is_object()) {
    problems_->add(pointer_to(key), a_type_name("an object", *value));
    return nullptr;
  }
  return value;
}

}  // namespace firedrill::scenario::internal
