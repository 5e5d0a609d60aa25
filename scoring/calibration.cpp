// The people model fitted to an incident history (calibration.hpp).

#include "scoring/calibration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/lognormal.hpp>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

namespace firedrill::scoring {

namespace {

constexpr double kMaxMedianMin = 1440.0;  // the loader's range for human medians

void fit_durations(DurationGroup& group, std::size_t min_incidents) {
  if (group.samples_s.size() < min_incidents) {
    group.refused = fmt::format("{} incidents, fewer than the minimum {}", group.samples_s.size(),
                                min_incidents);
    return;
  }
  group.fit = fit_lognormal(group.samples_s);
  if (group.fit->sigma == 0.0) {
    group.refused = "every duration is the same: no spread to fit";
    group.fit.reset();
  }
}

void fit_share(ShareGroup& group, std::size_t min_incidents) {
  if (group.n < min_incidents) {
    group.refused = group.n == 0 ? std::string("the source does not say which pages escalated")
                                 : fmt::format("{} incidents, fewer than the minimum {}", group.n,
                                               min_incidents);
    return;
  }
  group.share = static_cast<double>(group.escalated) / static_cast<double>(group.n);
}

std::string slug(const DurationGroup& group) {
  std::string out;
  for (const char c : group.name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::vector<const DurationGroup*> duration_groups(const Calibration& c) {
  std::vector<const DurationGroup*> out{&c.ack_day, &c.ack_night};
  for (const auto& g : c.ttm) out.push_back(&g);
  return out;
}

}  // namespace

Calibration calibrate_people(std::span<const ResponseSample> samples, std::size_t min_incidents) {
  Calibration c;
  c.incidents = samples.size();
  c.min_incidents = min_incidents;
  c.ack_day.name = "acknowledgement, day (08:00-22:00)";
  c.ack_night.name = "acknowledgement, night (22:00-08:00)";
  c.missed_day.name = "missed first page, day";
  c.missed_night.name = "missed first page, night";
  for (std::size_t s = 0; s < model::kSeverityCount; ++s)
    c.ttm[s].name = fmt::format("time to mitigate, P{}", s + 1);
  const auto add = [](DurationGroup& group, double seconds) {
    if (seconds > 0.0) {
      group.samples_s.push_back(seconds);
    } else {
      ++group.left_out;
    }
  };
  for (const ResponseSample& sample : samples) {
    if (sample.ack_s && !sample.escalated.value_or(false))
      add(sample.night ? c.ack_night : c.ack_day, *sample.ack_s);
    if (sample.escalated) {
      ShareGroup& group = sample.night ? c.missed_night : c.missed_day;
      ++group.n;
      if (*sample.escalated) ++group.escalated;
    }
    if (sample.severity && sample.ttm_s)
      add(c.ttm[static_cast<std::size_t>(*sample.severity)], *sample.ttm_s);
  }
  fit_durations(c.ack_day, min_incidents);
  fit_durations(c.ack_night, min_incidents);
  for (auto& group : c.ttm) fit_durations(group, min_incidents);
  fit_share(c.missed_day, min_incidents);
  fit_share(c.missed_night, min_incidents);
  return c;
}

std::string people_json(Calibration& calibration) {
  nlohmann::ordered_json responders = nlohmann::ordered_json::object();
  const auto median = [&](DurationGroup& group, const char* key) {
    if (!group.fit) return;
    const double minutes = group.fit->median_s() / 60.0;
    if (minutes > kMaxMedianMin) {
      group.refused = fmt::format("fitted median {:.0f} min is beyond the model's {:.0f} min",
                                  minutes, kMaxMedianMin);
      return;
    }
    // Two decimals, but never rounded to 0, which the loader refuses.
    responders[key] = std::max(std::round(minutes * 100.0) / 100.0, 0.01);
  };
  median(calibration.ack_day, "ack_median_day_min");
  median(calibration.ack_night, "ack_median_night_min");
  const auto share = [&](const ShareGroup& group, const char* key) {
    if (group.share) responders[key] = std::round(*group.share * 1e4) / 1e4;
  };
  share(calibration.missed_day, "missed_page_probability_day");
  share(calibration.missed_night, "missed_page_probability_night");
  nlohmann::ordered_json out;
  out["policy"]["responders"] = responders;
  return out.dump(2) + "\n";
}

std::string people_provenance(const Calibration& calibration,
                              const std::vector<std::string>& sources) {
  std::string out =
      "# Provenance of people.json\n\n"
      "Written by `firedrill calibrate` from " +
      fmt::format("{} incident(s) in: {}.\n\n", calibration.incidents, fmt::join(sources, ", ")) +
      "| value | group | n | estimate | method |\n|---|---|---:|---:|---|\n";
  const auto median = [&](const DurationGroup& g, const char* key) {
    if (!g.fit || !g.refused.empty()) return;
    out += fmt::format(
        "| `/policy/responders/{}` | {} | {} | {:.2f} min | lognormal maximum "
        "likelihood, median = exp(mean ln t) |\n",
        key, g.name, g.fit->n, g.fit->median_s() / 60.0);
  };
  median(calibration.ack_day, "ack_median_day_min");
  median(calibration.ack_night, "ack_median_night_min");
  const auto share = [&](const ShareGroup& g, const char* key) {
    if (!g.share) return;
    out += fmt::format(
        "| `/policy/responders/{}` | {} | {} | {:.4f} | escalated / n ({} of {}) "
        "|\n",
        key, g.name, g.n, *g.share, g.escalated, g.n);
  };
  share(calibration.missed_day, "missed_page_probability_day");
  share(calibration.missed_night, "missed_page_probability_night");
  out +=
      "\nEvery other policy value keeps the scenario's default. The fitted sigma and the time "
      "to mitigate per severity are in calibration.md; the people model has no parameter for "
      "them (acknowledgement delays use a fixed sigma, mitigations a median per action).\n";
  return out;
}

std::string calibration_markdown(const Calibration& calibration,
                                 const std::vector<std::string>& sources,
                                 const std::vector<std::string>& plots) {
  std::string out = fmt::format(
      "# Calibration of the people model\n\n"
      "{} incident(s) from {}. Groups with fewer than {} incidents are not fitted "
      "(docs/calibration.md).\n\n"
      "## Durations (lognormal, maximum likelihood)\n\n"
      "| group | n | median | sigma (ln s) | mu ± s.e. (ln s) | KS D | KS p | A-D A*² | A-D p "
      "|\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
      calibration.incidents, fmt::join(sources, ", "), calibration.min_incidents);
  std::vector<std::string> refused;
  for (const DurationGroup* g : duration_groups(calibration)) {
    if (g->fit) {
      const LognormalFit& f = *g->fit;
      out += fmt::format(
          "| {} | {} | {:.2f} min | {:.3f} | {:.3f} ± {:.3f} | {:.3f} | {:.3g} | {:.3f} | {:.3g} "
          "|\n",
          g->name, f.n, f.median_s() / 60.0, f.sigma, f.mu, f.mu_standard_error(),
          f.fit.ks_statistic, f.fit.ks_p_value, f.fit.ad_statistic, f.fit.ad_p_value);
    }
    if (!g->refused.empty()) refused.push_back(fmt::format("- {}: {}", g->name, g->refused));
    if (g->left_out > 0)
      refused.push_back(fmt::format("- {}: {} duration(s) of 0 s left out", g->name, g->left_out));
  }
  out +=
      "\nKS p is from Kolmogorov's distribution and is conservative when the parameters were "
      "fitted to the same sample; the Anderson–Darling p-value accounts for the estimation. "
      "A p-value below 0.05 says the lognormal does not describe the group well.\n\n"
      "## Missed first pages (escalated before acknowledgement)\n\n"
      "| group | n | escalated | share |\n|---|---:|---:|---:|\n";
  for (const ShareGroup* g : {&calibration.missed_day, &calibration.missed_night}) {
    if (g->share) {
      out += fmt::format("| {} | {} | {} | {:.4f} |\n", g->name, g->n, g->escalated, *g->share);
    } else {
      refused.push_back(fmt::format("- {}: {}", g->name, g->refused));
    }
  }
  out += "\n## Not fitted\n\n";
  out += refused.empty() ? std::string("Every group was fitted.\n")
                         : fmt::format("{}\n", fmt::join(refused, "\n"));
  if (!plots.empty()) {
    out += "\n## Quantile–quantile plots (observed against fitted)\n\n";
    for (const std::string& png : plots) out += fmt::format("![{}]({})\n\n", png, png);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> qq_plot_files(const Calibration& calibration,
                                                               std::vector<std::string>& pngs) {
  std::vector<std::pair<std::string, std::string>> files;
  std::string script;
  for (const DurationGroup* g : duration_groups(calibration)) {
    if (!g->fit) continue;
    const std::string name = "qq-" + slug(*g);
    std::vector<double> sorted = g->samples_s;
    std::sort(sorted.begin(), sorted.end());
    const boost::math::lognormal_distribution<double> fitted(g->fit->mu, g->fit->sigma);
    std::string data = "# fitted_min observed_min\n";
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      // Plotting positions (i − 0.5)/n (Hazen), which never reach 0 or 1.
      const double p = (static_cast<double>(i) + 0.5) / static_cast<double>(sorted.size());
      data +=
          fmt::format("{:.6g} {:.6g}\n", boost::math::quantile(fitted, p) / 60.0, sorted[i] / 60.0);
    }
    files.emplace_back(name + ".dat", std::move(data));
    for (const char* term : {"pngcairo size 640,640", "svg size 640,640"}) {
      const std::string ext = std::string(term).starts_with("png") ? "png" : "svg";
      script += fmt::format(
          "set terminal {}\nset output '{}.{}'\nset title '{} (n = {})'\n"
          "set xlabel 'fitted lognormal quantile (min)'\nset ylabel 'observed (min)'\n"
          "set logscale xy\nset key top left\n"
          "plot '{}.dat' using 1:2 with points pt 7 ps 0.5 title 'incidents', "
          "x with lines title 'y = x'\nunset output\n",
          term, name, ext, g->name, g->fit->n, name);
    }
    pngs.push_back(name + ".png");
  }
  if (!pngs.empty()) files.emplace_back("plots.gp", std::move(script));
  return files;
}

}  // namespace firedrill::scoring
