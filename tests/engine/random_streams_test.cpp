#include "sim/engine/random_streams.hpp"

#include <catch2/catch.hpp>
#include <vector>

#include "sim/engine/sim_time.hpp"

using namespace firedrill::engine;

namespace {
std::vector<std::uint64_t> draws(RandomStreams::Engine& e, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(e());
  return out;
}
}  // namespace

TEST_CASE("splitmix64: matches the reference generator's first output", "[engine]") {
  // The reference splitmix64 (Vigna, prng.di.unimi.it/splitmix64.c) seeded with 0 first returns
  // 0xe220a8397b1dcdaf.
  CHECK(splitmix64(0) == 0xe220a8397b1dcdafULL);
}

TEST_CASE("fnv1a64: matches the published FNV-1a test vectors", "[engine]") {
  // Fowler/Noll/Vo test vectors: "" → offset basis, "a" → 0xaf63dc4c8601ec8c.
  CHECK(fnv1a64("") == 0xcbf29ce484222325ULL);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
}

TEST_CASE("RandomStreams: the same seed and name give the same sequence", "[engine]") {
  RandomStreams a(42), b(42);
  CHECK(draws(a.get("faults"), 5) == draws(b.get("faults"), 5));
  RandomStreams c(43);
  CHECK(draws(RandomStreams(42).get("faults"), 5) != draws(c.get("faults"), 5));
}

TEST_CASE("RandomStreams: draws from one stream do not shift another", "[engine]") {
  RandomStreams a(7), b(7);
  draws(a.get("people"), 100);  // only `a` uses the people stream
  CHECK(draws(a.get("faults"), 5) == draws(b.get("faults"), 5));
  CHECK(draws(RandomStreams(7).get("people"), 5) != draws(RandomStreams(7).get("faults"), 5));
}

TEST_CASE("SimTime: conversions round to the nearest millisecond", "[engine]") {
  CHECK(from_seconds(1.2345) == SimTime{1235});
  CHECK(from_seconds(-0.0004) == SimTime{0});
  CHECK(from_minutes(1.5) == SimTime{90'000});
  CHECK(to_seconds(SimTime{2500}) == 2.5);
}
