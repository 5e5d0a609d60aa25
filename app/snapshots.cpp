#include "app/snapshots.hpp"

#include <SFML/Graphics/Image.hpp>
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "app/viz.hpp"
#include "scoring/dot_export.hpp"
#include "visualizer/offscreen.hpp"

namespace firedrill::app {
namespace {

namespace fs = std::filesystem;

// viz --screenshot's default --size.
const sf::Vector2u kSnapshotSizePx{1600, 900};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::vector<scoring::Snapshot> snapshot_moments(const model::RunRecord& record,
                                                const scoring::Report& report,
                                                const fs::path& link_dir) {
  std::vector<scoring::Snapshot> snapshots;
  const auto add = [&](std::optional<std::size_t> incident, const std::string& caption,
                       model::SimTime at, const std::string& file) {
    snapshots.push_back(
        {incident, caption, at, (link_dir / file).lexically_normal().generic_string()});
  };
  for (std::size_t i = 0; i < report.incidents.size(); ++i) {
    const scoring::IncidentMetrics& m = report.incidents[i];
    for (const auto& [caption, at_s] :
         {std::pair{"detected", m.detected_s}, std::pair{"acknowledged", m.acknowledged_s},
          std::pair{"mitigated", m.mitigated_s}, std::pair{"resolved", m.resolved_s}})
      if (at_s) add(i, caption, engine::from_seconds(*at_s), lower(m.id) + "-" + caption + ".png");
  }
  add(std::nullopt, "worst moment", record.segments[scoring::worst_moment(record).segment].start,
      "worst-moment.png");
  return snapshots;
}

void write_snapshots(const std::vector<scoring::Snapshot>& snapshots, const fs::path& dir,
                     Outputs& outputs, const model::Scenario& scenario, std::uint64_t seed,
                     const scenario::DrillLog& log, model::Fidelity fidelity) {
  visualizer::LiveViewOptions options;
  options.replay = log.commands;
  options.seats = log.seats;
  options.fidelity = fidelity;
  for (const scoring::Snapshot& s : snapshots)
    save_png(visualizer::render_offscreen(scenario, seed, options, s.at, kSnapshotSizePx),
             outputs.stage(dir / fs::path(s.path).filename()));
}

}  // namespace firedrill::app
