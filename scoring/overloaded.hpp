#pragma once
// Overloaded: a visitor made of lambdas, one per alternative of a std::variant.

namespace firedrill::scoring {

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace firedrill::scoring
