#include "sim/model/queueing.hpp"

#include "sim/engine/check.hpp"

namespace firedrill::model {

double erlang_b(int servers, double erlangs) {
  FIREDRILL_CHECK(servers >= 1 && erlangs >= 0, "erlang_b: servers >= 1 and erlangs >= 0");
  double b = 1.0;
  for (int k = 1; k <= servers; ++k) b = erlangs * b / (k + erlangs * b);
  return b;
}

double erlang_c(int servers, double erlangs) {
  FIREDRILL_CHECK(erlangs < servers, "erlang_c: utilisation must be < 1");
  const double b = erlang_b(servers, erlangs);
  const double rho = erlangs / servers;
  return b / (1.0 - rho * (1.0 - b));
}

double mmc_mean_response_time(int servers, double lambda, double mu) {
  const double c = erlang_c(servers, lambda / mu);
  return c / (servers * mu - lambda) + 1.0 / mu;
}

}  // namespace firedrill::model
