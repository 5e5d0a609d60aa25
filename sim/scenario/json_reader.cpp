#include "sim/scenario/json_reader.hpp"

#include "sim/scenario/input_file.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <charconv>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <string_view>

#include "sim/scenario/value_ranges.hpp"

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

bool is_utf8(const std::string& text) {
  try {
    (void)json(text).dump();  // throws type_error 316 on invalid UTF-8
    return true;
  } catch (const json::type_error&) {
    return false;
  }
}

void Problems::add(std::string pointer, std::string message) {
  problems_.push_back(Problem{source_, std::move(pointer), std::move(message)});
}

std::string without_exception_id(const std::string& what) {
  const auto end = what.find("] ");
  if (what.rfind("[json.exception.", 0) != 0 || end == std::string::npos) return what;
  return what.substr(end + 2);
}

namespace {

// Checks a document in one SAX pass before it is built: reports duplicate keys at their pointer,
// and stops at a syntax error or at nesting deeper than kMaxJsonDepth, keeping the message.
class DocumentChecker : public nlohmann::json_sax<json> {
 public:
  DocumentChecker(const std::string& source, Problems& problems)
      : source_(source), problems_(problems) {}

  // Why the document is not JSON firedrill reads; empty when it is.
  const std::string& error() const { return error_; }

  bool null() override { return value(); }
  bool boolean(bool /*val*/) override { return value(); }
  bool number_integer(number_integer_t /*val*/) override { return value(); }
  bool number_unsigned(number_unsigned_t /*val*/) override { return value(); }
  bool number_float(number_float_t /*val*/, const string_t& /*s*/) override { return value(); }
  bool string(string_t& /*val*/) override { return value(); }
  bool binary(binary_t& /*val*/) override { return value(); }
  bool start_object(std::size_t /*elements*/) override { return start(true); }
  bool key(string_t& val) override {
    Frame& frame = stack_.back();
    frame.key = val;
    if (!frame.keys.insert(val).second)
      problems_.append({Problem{source_, pointer(), "duplicate key " + in_quotes(val)}});
    return true;
  }
  bool end_object() override { return end_container(); }
  bool start_array(std::size_t /*elements*/) override { return start(false); }
  bool end_array() override { return end_container(); }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) override {
    // nlohmann's message quotes what it read ("; last read: '...'", "parsing '1e400'"): only
    // its own words are kept.
    std::string what = without_exception_id(ex.what());
    if (ex.id == 406) {
      what = "a number is too large for a double";
    } else if (const auto quoted = what.find("; last read:"); quoted != std::string::npos) {
      what.erase(quoted);
    }
    error_ = "invalid JSON (byte " + std::to_string(position) + "): " + what;
    return false;
  }

 private:
  struct Frame {
    bool is_object = false;
    std::set<std::string> keys;
    std::string key;        // object: the member being read
    std::size_t index = 0;  // array: the element being read
  };

  std::string pointer() const {
    std::string p;
    for (const auto& f : stack_)
      p = f.is_object ? child_pointer(p, f.key) : child_pointer(p, f.index);
    return p;
  }
  bool start(bool is_object) {
    if (stack_.size() == kMaxJsonDepth) {
      error_ = "invalid JSON: arrays and objects nest deeper than " +
               std::to_string(kMaxJsonDepth) + " levels at " + pointer();
      return false;
    }
    stack_.push_back(Frame{is_object, {}, {}, 0});
    return true;
  }
  bool value() {
    if (!stack_.empty() && !stack_.back().is_object) ++stack_.back().index;
    return true;
  }
  bool end_container() {
    stack_.pop_back();
    return value();
  }

  const std::string& source_;
  Problems& problems_;
  std::vector<Frame> stack_;
  std::string error_;
};

}  // namespace

std::optional<json> parse_document(std::string_view text, const std::string& source,
                                   Problems& problems) {
  DocumentChecker checker(source, problems);
  if (!json::sax_parse(text.begin(), text.end(), &checker)) {
    problems.append({Problem{source, "", checker.error()}});
    return std::nullopt;
  }
  return json::parse(text.begin(), text.end());
}

std::optional<json> read_json_file(const std::filesystem::path& path, const std::string& source,
                                   const std::string& pointer, Problems& problems) {
  std::string text;
  try {
    text = read_input_file(path);
  } catch (const InputFileError& e) {
    problems.add(pointer, "cannot read " + in_quotes(source) + ": " + e.what());
    return std::nullopt;
  }
  return parse_document(text, source, problems);
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
    return t;
  }
  const auto unix_s = t->time_since_epoch().count();
  if (unix_s < ranges::kEarliestUnixS || unix_s > ranges::kLatestUnixS) {
    problems_->add(pointer_to(key),
                   "must be from \"1970-01-01T00:00:00Z\" to \"2199-12-31T23:59:59Z\", got " +
                       in_quotes(*text));
    return std::nullopt;
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
  if (or_zero && v == 0.0) return true;
  if (min && (min_inclusive ? v < *min : v <= *min)) return false;
  if (max && (max_inclusive ? v > *max : v >= *max)) return false;
  return true;
}

namespace {

// A bound as written in the docs: whole numbers in full ("3600000", not "3.6e+06").
std::string bound_text(double v) {
  if (std::floor(v) == v && std::abs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  return format_number(v);
}

}  // namespace

std::string Range::requirement() const {
  if (min && max) {
    return std::string("must be ") + (or_zero ? "0 or " : "") + "in " +
           (min_inclusive ? "[" : "(") + bound_text(*min) + ", " + bound_text(*max) +
           (max_inclusive ? "]" : ")");
  }
  if (min) return std::string("must be ") + (min_inclusive ? ">= " : "> ") + bound_text(*min);
  if (max) return std::string("must be ") + (max_inclusive ? "<= " : "< ") + bound_text(*max);
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
