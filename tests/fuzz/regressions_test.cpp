// Keeps fixed what fuzzing found: every input a fuzzer crashed on, saved under
// tests/fuzz/regressions/<target>/ (scripts/fuzz.sh saves them), and every seed of the targets'
// corpora goes through the same entry point as in the fuzzer, and must come back normally.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_entries.hpp"

namespace {

namespace fs = std::filesystem;
using firedrill::fuzz::Target;
using firedrill::fuzz::targets;

const fs::path kSourceDir = FIREDRILL_SOURCE_DIR;

// The files under `dirs` (recursively), sorted, leaving out READMEs.
std::vector<fs::path> inputs_under(const std::vector<fs::path>& dirs) {
  std::vector<fs::path> files;
  for (const fs::path& dir : dirs) {
    if (!fs::exists(dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.is_regular_file() && e.path().filename() != "README.md") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::uint8_t> bytes_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The seed corpus of `target`, as scripts/fuzz.sh passes it to the fuzzer.
std::vector<fs::path> seed_dirs(const Target& target) {
  std::vector<fs::path> dirs = {kSourceDir / "tests/fuzz/corpus" / target.name};
  if (target.name == "scenario" || target.name == "simulate") {
    dirs.push_back(kSourceDir / "scenarios");
    dirs.push_back(kSourceDir / "tests/scenario/data");
  }
  return dirs;
}

// Runs every file of `files` through `target`; returns how many there were.
std::size_t replay(const Target& target, const std::vector<fs::path>& files) {
  for (const fs::path& file : files) {
    const std::vector<std::uint8_t> data = bytes_of(file);
    INFO(target.name << ": " << file.string());
    CHECK_NOTHROW(target.entry(data));
  }
  return files.size();
}

}  // namespace

TEST_CASE("fuzz regressions: every input a fuzzer crashed on is now good or reported bad input",
          "[fuzz]") {
  for (const Target& target : targets()) {
    replay(target, inputs_under({kSourceDir / "tests/fuzz/regressions" / target.name}));
  }
}

TEST_CASE("fuzz seeds: every target's seed corpus runs through its entry point", "[fuzz]") {
  for (const Target& target : targets()) {
    INFO(target.name);
    CHECK(replay(target, inputs_under(seed_dirs(target))) > 0);
  }
}

// Inputs saved for bugs another change fixes (tests/fuzz/pending/README.md): run them with
// `fuzz_regressions_tests [pending]`; once they pass, move them to regressions/.
TEST_CASE("fuzz pending: inputs of known open bugs", "[.pending]") {
  for (const Target& target : targets()) {
    replay(target, inputs_under({kSourceDir / "tests/fuzz/pending" / target.name}));
  }
}
