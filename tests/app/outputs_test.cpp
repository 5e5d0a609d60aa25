// What firedrill writes, end to end: every output path is checked before any work, a failure
// part-way leaves nothing behind, and FIFOs, devices and symlinks are never replaced. And the
// command line's numbers are range-checked as usage errors (exit 64).

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/app/firedrill_process.hpp"

namespace {

namespace fs = std::filesystem;
using firedrill::testing::Result;
using firedrill::testing::run_firedrill;
using firedrill::testing::scratch;
using firedrill::testing::slurp;

constexpr const char* kDrill =
    " '" FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/black-friday-bad-deploy.json'";

// Every entry of `dir`, hidden ones included, for "nothing was left behind".
std::string listing(const fs::path& dir) {
  std::string out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    out += e.path().lexically_relative(dir).string() + "\n";
  return out;
}

TEST_CASE("firedrill run: a failure part-way leaves no file, temporary or directory behind",
          "[app][outputs]") {
  const fs::path dir = scratch("outputs-partway");
  // The second file of --out cannot be written: found once the run is done, before any write.
  fs::create_directories(dir / "out" / "postmortem.md");
  const Result r = run_firedrill(std::string("run") + kDrill + " --out out --dot g.dot", dir);
  CHECK(r.status == 2);
  CHECK(r.err == "firedrill run: 'out/postmortem.md': is a directory\n");
  CHECK(listing(dir) == "out\nout/postmortem.md\n");
  // An output directory that does not exist yet is made only when everything can be written.
  const Result nested =
      run_firedrill(std::string("run") + kDrill + " --out new/deeper --trace out/postmortem.md",
                    dir);
  CHECK(nested.status == 2);
  CHECK_FALSE(fs::exists(dir / "new"));
}

TEST_CASE("firedrill run: a FIFO, a device or a symlink given as output is written, never "
          "replaced",
          "[app][outputs]") {
  const fs::path dir = scratch("outputs-special");
  REQUIRE(::mkfifo((dir / "pipe").c_str(), 0600) == 0);
  // No process reads the FIFO: refused before the run, and the FIFO stays.
  const Result unread = run_firedrill(std::string("run") + kDrill + " --out out --trace pipe", dir);
  CHECK(unread.status == 2);
  CHECK(unread.err == "firedrill run: --trace 'pipe': a FIFO that no process reads\n");
  CHECK(fs::is_fifo(dir / "pipe"));
  CHECK_FALSE(fs::exists(dir / "out"));
  // A reader on the FIFO gets the trace as a stream.
  const std::string with_reader = "cd '" + dir.string() + "' && (cat pipe > got &) && '" +
                                  FIREDRILL_EXE "' run" + kDrill +
                                  " --out out2 --trace pipe >/dev/null 2>&1; sleep 0.2";
  CHECK(std::system(with_reader.c_str()) == 0);
  CHECK(fs::is_fifo(dir / "pipe"));
  CHECK(slurp(dir / "got").starts_with("{\"displayTimeUnit\""));
  // /dev/null and /dev/stdout are written to, not replaced.
  const Result devnull = run_firedrill(std::string("run") + kDrill + " --out o3 --dot /dev/null",
                                       dir);
  CHECK(devnull.status == 0);
  CHECK(fs::is_character_file("/dev/null"));
  const Result stdout_trace = run_firedrill(
      std::string("run") + kDrill + " --json --out o4 --trace /dev/stdout", dir);
  CHECK(stdout_trace.status == 0);
  CHECK(stdout_trace.out.find("\"traceEvents\"") != std::string::npos);
  // A symlink stays a symlink; the file it points to is replaced whole.
  std::ofstream(dir / "target.dot") << "old";
  fs::create_symlink("target.dot", dir / "link.dot");
  const Result linked = run_firedrill(std::string("run") + kDrill + " --out o5 --dot link.dot",
                                      dir);
  CHECK(linked.status == 0);
  CHECK(fs::is_symlink(dir / "link.dot"));
  CHECK(slurp(dir / "target.dot").starts_with("digraph"));
  // A dangling symlink or a symlink loop is refused before the run.
  fs::create_symlink("nowhere/x", dir / "dangling");
  fs::create_symlink("loop-b", dir / "loop-a");
  fs::create_symlink("loop-a", dir / "loop-b");
  CHECK(run_firedrill(std::string("run") + kDrill + " --out o6 --dot dangling", dir).err ==
        "firedrill run: --dot 'dangling': a symlink to nothing\n");
  CHECK(run_firedrill(std::string("run") + kDrill + " --out o6 --dot loop-a", dir).err ==
        "firedrill run: --dot 'loop-a': a symlink loop (too many levels of symbolic links)\n");
  CHECK_FALSE(fs::exists(dir / "o6"));
}

TEST_CASE("firedrill sweep and merge: every output path is checked before the runs, and a "
          "failure writes none of the outputs",
          "[app][outputs]") {
  const fs::path dir = scratch("outputs-sweep");
  std::ofstream(dir / "a-file") << "x";
  const Result not_dir = run_firedrill(std::string("sweep") + kDrill + " --runs 2 --out a-file",
                                       dir);
  CHECK(not_dir.status == 2);
  CHECK(not_dir.err == "firedrill sweep: --out 'a-file': not a directory\n");
  fs::create_directories(dir / "out" / "summary.md");
  const Result partway = run_firedrill(std::string("sweep") + kDrill + " --runs 2 --out out", dir);
  CHECK(partway.status == 2);
  CHECK(listing(dir / "out") == "summary.md\n");
  // merge reads shard files as the loader reads scenarios: a FIFO or a directory is refused.
  REQUIRE(::mkfifo((dir / "shard.json").c_str(), 0600) == 0);
  const Result fifo = run_firedrill("merge shard.json --out m", dir);
  CHECK(fifo.status == 2);
  CHECK(fifo.err == "firedrill merge: cannot read 'shard.json': it is a FIFO, not a regular "
                    "file\n");
  CHECK_FALSE(fs::exists(dir / "m"));
}

TEST_CASE("firedrill: numbers on the command line are range-checked as usage errors",
          "[app][outputs]") {
  const fs::path dir = scratch("outputs-numbers");
  const auto usage = [&](const std::string& args, const std::string& env = "") {
    const Result r = run_firedrill(args, dir, env);
    CHECK(r.status == 64);
    return r.err.substr(0, r.err.find('\n'));
  };
  const std::string sweep = std::string("sweep") + kDrill + " --out o";
  CHECK(usage(sweep + " --runs -1") ==
        "firedrill sweep: --runs must be a whole number from 1 to 100000, got '-1'");
  CHECK(usage(sweep + " --runs 18446744073709551617").starts_with("firedrill sweep: --runs"));
  CHECK(usage(sweep + " --runs 2 --threads 0").starts_with("firedrill sweep: --threads"));
  CHECK(usage(sweep + " --runs 2 --threads 100000").starts_with("firedrill sweep: --threads"));
  CHECK(usage(sweep + " --runs 2 --seed -1") ==
        "firedrill sweep: --seed must be a whole number from 0 to 18446744073709551615, got '-1'");
  CHECK(usage(std::string("run") + kDrill + " --seed 1.5").starts_with("firedrill run: --seed"));
  CHECK(usage(sweep + " --runs 2 --shard 2/2").starts_with("firedrill sweep: shard 2 of 2"));
  CHECK(usage(sweep + " --runs 2 --shard 0/3") ==
        "firedrill sweep: 3 shards of 2 runs would leave shards empty");
  CHECK(usage(sweep + " --runs 4", "SLURM_ARRAY_TASK_ID=x SLURM_ARRAY_TASK_COUNT=2") ==
        "firedrill sweep: SLURM_ARRAY_TASK_ID must be a whole number from 0 to 100000, got 'x'");
  CHECK(usage(sweep + " --runs 4",
              "SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=3 SLURM_ARRAY_TASK_COUNT=2") ==
        "firedrill sweep: SLURM_ARRAY_TASK_ID 1 is below SLURM_ARRAY_TASK_MIN 3");
  CHECK(usage(sweep + " --runs 4 --shards -2", "JOB_COMPLETION_INDEX=0")
            .starts_with("firedrill sweep: --shards must be"));
  CHECK(usage(sweep + " --runs 2 --sweep /run/seed=-1e308:1e308:1e300")
            .ends_with("more than 100 values"));
  CHECK(usage(std::string("viz") + kDrill + " --at 99999999999h --screenshot a.png")
            .starts_with("firedrill viz: --at must be a simulated time"));
  CHECK(usage(std::string("viz") + kDrill + " --size 20000x900 --screenshot a.png") ==
        "firedrill viz: --size is at most 8192x8192 pixels, got '20000x900'");
  CHECK(listing(dir).empty());
}

TEST_CASE("firedrill run: --fidelity request is refused where it would simulate too many "
          "requests",
          "[app][outputs]") {
  const fs::path dir = scratch("outputs-fidelity");
  nlohmann::json scenario = nlohmann::json::parse(
      slurp(FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/black-friday-bad-deploy.json"));
  scenario["journeys"][0]["rate_rps"] = 30000;
  std::ofstream(dir / "busy.json") << scenario.dump();
  const Result r = run_firedrill("run busy.json --fidelity request --out o", dir);
  CHECK(r.status == 64);
  CHECK(r.err.starts_with("firedrill run: --fidelity request simulates every request, and this "
                          "scenario's journeys offer "));
  CHECK_FALSE(fs::exists(dir / "o"));
}

}  // namespace
