#pragma once
// Dependency-graph shapes the flow model's and the loader's tests share, as call edges
// (caller index, callee index) over services 0..n−1 with the entry at 0.

#include <cstddef>
#include <utility>
#include <vector>

namespace firedrill::testing {

using Edges = std::vector<std::pair<std::size_t, std::size_t>>;

// A two-wide diamond of `layers` layers below the entry s0, over 1 + 2 · layers services:
// layer 1 is {s1, s2}, and each service of layer k calls both of layer k + 1. Paths from s0 to
// a service of layer k: 2^(k−1), so its call tree has 1 + Σ_{k=1..L} 2 · 2^(k−1) = 2^(L+1) − 1
// nodes.
inline Edges diamond_edges(std::size_t layers) {
  Edges edges{{0, 1}, {0, 2}};
  for (std::size_t k = 1; k < layers; ++k)
    for (std::size_t a : {2 * k - 1, 2 * k})
      for (std::size_t b : {2 * k + 1, 2 * k + 2}) edges.emplace_back(a, b);
  return edges;
}

}  // namespace firedrill::testing
