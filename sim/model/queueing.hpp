#pragma once
// M/M/c queueing formulas used by the flow model (Kleinrock, Queueing Systems Vol. 1, 1975;
// shared/reference/alerting-and-queueing.md).

namespace firedrill::model {

// Erlang B blocking probability for `servers` servers offered `erlangs` = λ/μ, by the recursion
// B₀ = 1, B_k = a·B_{k−1} / (k + a·B_{k−1}). REQUIRES: servers >= 1, erlangs >= 0.
double erlang_b(int servers, double erlangs);

// Erlang C probability that an arrival waits: C = B / (1 − ρ(1 − B)), ρ = erlangs / servers.
// REQUIRES: servers >= 1, 0 <= erlangs < servers.
double erlang_c(int servers, double erlangs);

// Mean response time of M/M/c with arrival rate `lambda` and per-server rate `mu` (same time
// unit, e.g. per second): W = C/(cμ − λ) + 1/μ. REQUIRES: lambda < servers × mu.
double mmc_mean_response_time(int servers, double lambda, double mu);

}  // namespace firedrill::model
