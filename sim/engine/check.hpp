#pragma once
// FIREDRILL_CHECK: an always-on invariant check for module boundaries (STYLE.md, "Errors").

#include <stdexcept>
#include <string>

namespace firedrill::engine {

// Thrown when an invariant of the simulator is broken: a bug, never bad input.
class InvariantError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace firedrill::engine

#define FIREDRILL_CHECK(cond, msg)                                                        \
  do {                                                                                    \
    if (!(cond))                                                                          \
      throw ::firedrill::engine::InvariantError(std::string(__FILE__) + ":" +             \
                                                std::to_string(__LINE__) + ": " + (msg)); \
  } while (false)
