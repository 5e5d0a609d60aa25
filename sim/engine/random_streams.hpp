#pragma once
// Named random streams derived from a run's seed (STYLE.md, "Engine"): adding draws to one
// subsystem never shifts another's, and two policies see the same fault realisations.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <boost/random/mersenne_twister.hpp>

namespace firedrill::engine {

// Returns splitmix64's output for `x` (Steele, Lea, Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014): a fixed 64-bit mixing function.
std::uint64_t splitmix64(std::uint64_t x);

// Returns the 64-bit FNV-1a hash of `text`: stable across platforms, unlike std::hash.
std::uint64_t fnv1a64(std::string_view text);

// The random streams of one run. Stream `name` is an mt19937_64 seeded with
// splitmix64(seed ^ fnv1a64(name)); draw from it with Boost.Random distributions, whose output
// is the same on every platform. Copyable with the run, so a forked run continues identically.
class RandomStreams {
 public:
  using Engine = boost::random::mt19937_64;

  explicit RandomStreams(std::uint64_t seed) : seed_(seed) {}

  std::uint64_t seed() const { return seed_; }

  // Returns the stream called `name`, creating it on first use.
  Engine& get(std::string_view name);

 private:
  std::uint64_t seed_;
  std::map<std::string, Engine, std::less<>> streams_;
};

}  // namespace firedrill::engine
