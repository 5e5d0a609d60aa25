#pragma once
// Runs the firedrill executable as a user would, for the end-to-end tests. Needs FIREDRILL_EXE
// and FIREDRILL_BINARY_DIR.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace firedrill::testing {

struct Result {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh, empty directory for one test case.
inline std::filesystem::path scratch(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(FIREDRILL_BINARY_DIR) / "test-scratch" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Runs `firedrill ARGS` in `cwd`, with the environment assignments `env` ("A=1 B=2") if any,
// and returns its exit status, stdout and stderr.
inline Result run_firedrill(const std::string& args, const std::filesystem::path& cwd, const std::string& env = "") {
  const std::string cmd = "cd '" + cwd.string() + "' && " + env + " '" FIREDRILL_EXE "' " + args +
                          " >stdout.txt 2>stderr.txt";
  const int raw = std::system(cmd.c_str());
  Result r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(cwd / "stdout.txt");
  r.err = slurp(cwd / "stderr.txt");
  std::filesystem::remove(cwd / "stdout.txt");
  std::filesystem::remove(cwd / "stderr.txt");
  return r;
}

}  // namespace firedrill::testing
