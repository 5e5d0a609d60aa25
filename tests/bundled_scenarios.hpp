#pragma once
// The bundled scenarios every whole-library test runs: the .json files under scenarios/, except
// the files that scenarios and sweeps import (PagerDuty API objects in scenarios/online-boutique/pagerduty/,
// response-policy files in any policies/ directory). Needs FIREDRILL_SOURCE_DIR.

#include <algorithm>
#include <filesystem>
#include <vector>

namespace firedrill::testing {

inline std::vector<std::filesystem::path> bundled_scenarios() {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(FIREDRILL_SOURCE_DIR) /
                                                            "scenarios")) {
    const std::string dir = entry.path().parent_path().filename().string();
    if (entry.is_regular_file() && entry.path().extension() == ".json" && dir != "pagerduty" &&
        dir != "policies")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace firedrill::testing
