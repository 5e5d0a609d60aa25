// Reading what users hand firedrill: only regular files of bounded size, only inside the
// scenario's folder (or folders the user allows), and never an echo of a file that is not JSON.

#include "sim/scenario/input_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/scenario/load_scenario.hpp"
#include "tests/scenario/scenario_fixtures.hpp"

namespace {

namespace fs = std::filesystem;
using firedrill::scenario::FileScope;
using firedrill::scenario::InputFileError;
using firedrill::scenario::load_scenario;
using firedrill::scenario::parse_scenario;
using firedrill::scenario::read_input_file;
using firedrill::scenario::resolve_reference;
using firedrill::testing::minimal;
using firedrill::testing::problems_of;
using nlohmann::json;

// A fresh folder for one test case (test cases run as parallel processes).
fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() /
                       ("firedrill-input-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

// The reason read_input_file gives for `path`.
std::string refusal(const fs::path& path) {
  try {
    read_input_file(path);
  } catch (const InputFileError& e) {
    return e.what();
  }
  return "(read)";
}

// Whether loading `file` reports `message` at `pointer` (among others).
bool reports(const fs::path& file, const std::string& pointer, const std::string& message) {
  const auto problems = problems_of([&] { load_scenario(file); });
  for (const auto& p : problems)
    if (p.pointer == pointer && p.message.find(message) != std::string::npos) return true;
  return false;
}

TEST_CASE("read_input_file: FIFOs, devices and directories are refused without being opened",
          "[scenario][input]") {
  const fs::path dir = fresh_dir("kinds");
  REQUIRE(::mkfifo((dir / "fifo.json").c_str(), 0600) == 0);
  // Opening a FIFO with no writer would block: the refusal comes from its status.
  CHECK(refusal(dir / "fifo.json") == "it is a FIFO, not a regular file");
  CHECK(refusal("/dev/zero") == "it is a character device, not a regular file");
  CHECK(refusal("/dev/null") == "it is a character device, not a regular file");
  CHECK(refusal(dir) == "it is a directory, not a file");
  CHECK(refusal(dir / "absent.json") == "it does not exist");
  CHECK(refusal(std::string("a\0b.json", 8)) == "its name holds a NUL character");
  CHECK(reports(dir / "fifo.json", "", "cannot read the file: it is a FIFO, not a regular file"));
  fs::remove_all(dir);
}

TEST_CASE("read_input_file: a symlink loop is named, and a file over the size limit refused",
          "[scenario][input]") {
  const fs::path dir = fresh_dir("loop");
  fs::create_symlink("b.json", dir / "a.json");
  fs::create_symlink("a.json", dir / "b.json");
  CHECK(refusal(dir / "a.json") ==
        "it is a symlink loop (too many levels of symbolic links)");
  write(dir / "big.json", "{}");
  fs::resize_file(dir / "big.json", firedrill::scenario::kMaxInputFileBytes + 1);  // sparse
  CHECK(refusal(dir / "big.json") == "it is larger than the limit of 64 MiB");
  fs::resize_file(dir / "big.json", 2);
  CHECK(read_input_file(dir / "big.json") == "{}");
  fs::remove_all(dir);
}

TEST_CASE("resolve_reference: files a scenario names stay inside its folder unless allowed",
          "[scenario][input]") {
  const fs::path root = fresh_dir("scope");
  const fs::path scenario_dir = root / "drills";
  const fs::path other = root / "shared";
  fs::create_directories(scenario_dir / "teams");
  fs::create_directories(other);
  write(scenario_dir / "teams" / "t.json", "{}");
  write(other / "policy.json", "{}");
  fs::create_symlink(other / "policy.json", scenario_dir / "link-out.json");
  const FileScope scope(scenario_dir);
  const auto why = [&](const FileScope& s, const std::string& name) -> std::string {
    try {
      return resolve_reference(s, name).string();
    } catch (const InputFileError& e) {
      return e.what();
    }
  };
  const std::string outside =
      "it lies outside the scenario's folder (allow its folder with --allow-path DIR)";
  CHECK(why(scope, "teams/t.json") == fs::canonical(scenario_dir / "teams/t.json").string());
  CHECK(why(scope, "teams/../teams/t.json") ==
        fs::canonical(scenario_dir / "teams/t.json").string());
  CHECK(why(scope, "../shared/policy.json") == outside);
  CHECK(why(scope, (other / "policy.json").string()) == outside);
  CHECK(why(scope, "/etc/passwd") == outside);
  CHECK(why(scope, "link-out.json") == outside);  // a symlink out of the folder
  CHECK(why(scope, "../shared/absent.json") == outside);  // says nothing of what is outside
  CHECK(why(scope, "teams/absent.json") == "it does not exist");
  CHECK(why(scope, "") == "the file name is empty");
  const FileScope allowing(scenario_dir, {other});
  CHECK(why(allowing, "../shared/policy.json") == fs::canonical(other / "policy.json").string());
  CHECK(why(allowing, "link-out.json") == fs::canonical(other / "policy.json").string());
  fs::remove_all(root);
}

TEST_CASE("load_scenario: an include outside the folder is refused, allowed with allowed_dirs, "
          "and includes do not nest",
          "[scenario][input]") {
  const fs::path root = fresh_dir("include");
  const fs::path dir = root / "drill";
  fs::create_directories(dir);
  json whole = minimal();
  write(root / "teams.json", json{{"teams", whole["teams"]}}.dump());
  whole.erase("teams");
  whole["include"] = {"../teams.json"};
  write(dir / "s.json", whole.dump());
  CHECK(reports(dir / "s.json", "/include/0",
                "cannot read \"" + (dir / "../teams.json").lexically_normal().string() +
                    "\": it lies outside the scenario's folder (allow its folder with "
                    "--allow-path DIR)"));
  CHECK(load_scenario(dir / "s.json", {}, {root}).teams.size() == 1);

  write(dir / "inner.json", json{{"teams", minimal()["teams"]}}.dump());
  write(dir / "outer.json", json{{"include", {"inner.json"}}}.dump());
  whole["include"] = {"outer.json"};
  write(dir / "nested.json", whole.dump());
  const bool refused = reports(dir / "nested.json", "/include/0", "includes do not nest");
  CHECK(refused);
  fs::remove_all(root);
}

TEST_CASE("load_scenario: a file that is not JSON has no byte of it echoed",
          "[scenario][input]") {
  const fs::path dir = fresh_dir("echo");
  const std::string secret = "root:x:0:0:SECRET-TOKEN-42";
  write(dir / "secret.json", secret + "\n");
  json doc = minimal();
  doc["policy"] = "secret.json";
  write(dir / "s.json", doc.dump());
  write(dir / "bad-unicode.json", "{\"a\": \"\\uD800SECRET-TOKEN-42\"}");
  write(dir / "big-number.json", "{\"a\": 1e999999}");
  for (const char* file : {"s.json", "secret.json", "bad-unicode.json", "big-number.json"}) {
    const auto problems = problems_of([&] { load_scenario(dir / file); });
    REQUIRE(!problems.empty());
    for (const auto& p : problems) {
      INFO(file << ": " << p.message);
      CHECK(p.message.find("SECRET") == std::string::npos);
      CHECK(p.message.find("999999") == std::string::npos);
      CHECK(p.message.find("invalid JSON (byte ") == 0);
    }
  }
  fs::remove_all(dir);
}

TEST_CASE("parse_scenario: nesting deeper than the limit is one problem, not a stack overflow",
          "[scenario][input]") {
  const std::size_t depth = 100000;
  const std::string text = std::string(depth, '[') + std::string(depth, ']');
  const auto problems = problems_of([&] { parse_scenario(text, "deep.json"); });
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message.starts_with(
      "invalid JSON: arrays and objects nest deeper than 64 levels at /0/0/0"));
}

TEST_CASE("parse_scenario: a --set with an absurd index or bytes that are not UTF-8 is refused "
          "with its pointer",
          "[scenario][input]") {
  const std::string text = minimal().dump();
  const auto problem = [&](const std::string& pointer, const std::string& value) {
    const auto problems = problems_of(
        [&] { parse_scenario(text, "s.json", {}, {std::nullopt, {{pointer, value}}}); });
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].pointer == pointer);
    return problems[0].message;
  };
  CHECK(problem("/services/99999999999999999999999/name", "x").starts_with("cannot set it"));
  CHECK(problem("/services/99999999999999999999999", "{}").find("is not one of their indices") !=
        std::string::npos);
  CHECK(problem("/services/01", "{}").find("is not one of their indices") != std::string::npos);
  CHECK(problem("/services/0/name", "bad\xff\xfe") ==
        "cannot set it: the pointer and the value must be UTF-8 text");
  CHECK(problem("/services/0/na\xc3", "x") ==
        "cannot set it: the pointer and the value must be UTF-8 text");
}

}  // namespace

TEST_CASE("parse_scenario: a list longer than docs/limits.md allows is refused before it is read",
          "[scenario][input]") {
  json doc = minimal();
  doc["faults"] = json::array();
  for (int i = 0; i <= 10'000; ++i) doc["faults"].push_back(i);  // not even faults: never read
  const auto problems = problems_of([&] { parse_scenario(doc.dump(), "s.json"); });
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pointer == "/faults");
  CHECK(problems[0].message == "at most 10000 elements (docs/limits.md), got 10001");
  doc["faults"] = json::array();
  CHECK(parse_scenario(doc.dump(), "s.json").services.size() == 3);
}
