#include "scoring/format.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <chrono>
#include <cmath>

namespace firedrill::scoring {
namespace {

date::sys_seconds wall_clock(std::int64_t start_unix_s, engine::SimTime at) {
  return date::sys_seconds{std::chrono::seconds{start_unix_s}} +
         std::chrono::floor<std::chrono::seconds>(at);
}

// Inserts thousands separators into the integer part of a plain decimal string.
std::string group_thousands(const std::string& digits) {
  const std::size_t begin = (!digits.empty() && digits[0] == '-') ? 1 : 0;
  std::size_t end = digits.find('.');
  if (end == std::string::npos) end = digits.size();
  std::string out = digits.substr(0, begin);
  for (std::size_t i = begin; i < end; ++i) {
    if (i > begin && (end - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out + digits.substr(end);
}

// Fixed-point with `decimals` places, trailing zeros and point dropped: 12.50 → "12.5".
std::string trimmed(double value, int decimals) {
  std::string s = fmt::format("{:.{}f}", value, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

}  // namespace

std::string format_utc(std::int64_t start_unix_s, engine::SimTime at) {
  return date::format("%F %T UTC", wall_clock(start_unix_s, at));
}

std::string format_utc_date(std::int64_t start_unix_s, engine::SimTime at) {
  return date::format("%F", wall_clock(start_unix_s, at));
}

std::string format_local_time(std::int64_t start_unix_s, engine::SimTime at,
                              const std::string& time_zone) {
  const date::zoned_seconds local{time_zone, wall_clock(start_unix_s, at)};
  return date::format("%H:%M", local);
}

std::string format_offset(engine::SimTime since) {
  const bool negative = since < engine::SimTime{0};
  const auto total_s = std::chrono::floor<std::chrono::seconds>(negative ? -since : since).count();
  return fmt::format("T{}{:02}:{:02}", negative ? '-' : '+', total_s / 60, total_s % 60);
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds)) return "?";
  if (seconds < 0) return "-" + format_duration(-seconds);
  if (seconds < 59.95) return trimmed(seconds, 1) + " s";
  const auto whole = static_cast<long long>(std::llround(seconds));
  if (whole < 3600) {
    const long long s = whole % 60;
    return s == 0 ? fmt::format("{} min", whole / 60) : fmt::format("{} min {} s", whole / 60, s);
  }
  const long long minutes = (whole + 30) / 60;
  if (minutes % 60 == 0) return fmt::format("{} h", minutes / 60);
  return fmt::format("{} h {:02} min", minutes / 60, minutes % 60);
}

std::string format_count(double n) {
  if (!std::isfinite(n)) return "?";
  // Beyond long long, llround's result is unspecified; such a double is a whole number anyway.
  if (std::abs(n) >= 9e18) return group_thousands(fmt::format("{:.0f}", n));
  return group_thousands(fmt::format("{}", std::llround(n)));
}

std::string format_money(double x, const std::string& currency) {
  if (!std::isfinite(x)) return "? " + currency;
  return format_count(x) + " " + currency;
}

std::string format_percent(double fraction) {
  if (std::isinf(fraction)) return "∞ %";
  if (!std::isfinite(fraction)) return "?";
  const double percent = fraction * 100.0;
  if (percent > 0.0 && percent < 0.05) return "< 0.1 %";
  return trimmed(percent, 1) + " %";
}

std::string format_objective(double fraction) {
  if (!std::isfinite(fraction)) return "?";
  const double percent = fraction * 100.0;
  constexpr int kMaxDecimals = 4;
  int decimals = 0;
  // The fewest decimals that give the objective back (to a billionth of a percentage point).
  while (decimals < kMaxDecimals &&
         std::abs(std::round(percent * std::pow(10.0, decimals)) / std::pow(10.0, decimals) -
                  percent) > 1e-9)
    ++decimals;
  // Truncate rather than round at the last place: 99.99995 % must not read as 100 %.
  const double scale = std::pow(10.0, decimals);
  const double shown = std::floor(percent * scale + 1e-9) / scale;
  return trimmed(shown, decimals) + " %";
}

}  // namespace firedrill::scoring
