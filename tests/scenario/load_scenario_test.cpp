#include "sim/scenario/load_scenario.hpp"


#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/bundled_scenarios.hpp"
#include "tests/scenario/scenario_fixtures.hpp"

namespace {

namespace fs = std::filesystem;
using firedrill::testing::minimal;
using firedrill::testing::problems_of;
using firedrill::engine::SimTime;
using firedrill::scenario::load_scenario;
using firedrill::scenario::parse_scenario;
using firedrill::scenario::Problem;
using firedrill::scenario::ScenarioError;
using nlohmann::json;
namespace model = firedrill::model;
using namespace std::chrono_literals;

const fs::path kSourceDir = FIREDRILL_SOURCE_DIR;
const fs::path kBundled = kSourceDir / "scenarios/online-boutique/black-friday-bad-deploy.json";
const fs::path kData = kSourceDir / "tests/scenario/data";

std::string listing(const std::vector<Problem>& problems) {
  std::ostringstream out;
  for (const auto& p : problems) out << "  " << p.pointer << ": " << p.message << "\n";
  return out.str();
}

std::vector<Problem> problems_parsing(const json& doc) {
  return problems_of([&] { parse_scenario(doc.dump(), "test.json"); });
}

std::vector<Problem> problems_loading(const fs::path& file) {
  return problems_of([&] { load_scenario(file); });
}

// A problem expected at exactly `pointer` whose message contains `wording`.
struct Expected {
  std::string pointer;
  std::string wording;
};

// Checks that `actual` is exactly the expected problems, in any order.
void check_problems(const std::vector<Problem>& actual, const std::vector<Expected>& expected) {
  INFO("reported:\n" << listing(actual));
  CHECK(actual.size() == expected.size());
  for (const auto& e : expected) {
    const bool found = std::any_of(actual.begin(), actual.end(), [&e](const Problem& p) {
      return p.pointer == e.pointer && p.message.find(e.wording) != std::string::npos;
    });
    INFO("expected at \"" << e.pointer << "\": " << e.wording);
    CHECK(found);
  }
}

model::Scenario load_json(const json& doc) { return parse_scenario(doc.dump(), "test.json"); }

std::int64_t unix_seconds(std::chrono::sys_seconds t) { return t.time_since_epoch().count(); }

// Offered load per service (req/s) with every journey at `rate × its largest profile multiplier`:
// a request walks its journey's calls from the entry, never re-entering a service already on its
// path (model::Journey), and each call multiplies the rate by calls_per_request.
std::vector<double> peak_offered_load_rps(const model::Scenario& s) {
  std::vector<double> load(s.services.size(), 0.0);
  std::function<void(const model::Journey&, std::size_t, double, std::vector<std::size_t>&)> walk =
      [&](const model::Journey& j, std::size_t service, double rate,
          std::vector<std::size_t>& path) {
        load[service] += rate;
        for (const std::size_t c : j.calls) {
          const model::Call& call = s.calls[c];
          if (call.caller != service) continue;
          if (std::find(path.begin(), path.end(), call.callee) != path.end()) continue;
          path.push_back(call.callee);
          walk(j, call.callee, rate * call.calls_per_request, path);
          path.pop_back();
        }
      };
  for (const auto& j : s.journeys) {
    double peak = j.rate_profile.empty() ? 1.0 : 0.0;
    for (const auto& step : j.rate_profile) peak = std::max(peak, step.multiplier);
    std::vector<std::size_t> path{j.entry_service};
    walk(j, j.entry_service, j.rate_rps * peak, path);
  }
  return load;
}

std::string call_name(const model::Scenario& s, std::size_t c) {
  return s.services[s.calls[c].caller].name + "->" + s.services[s.calls[c].callee].name;
}

const model::Journey& journey_named(const model::Scenario& s, const std::string& name) {
  const auto it = std::find_if(s.journeys.begin(), s.journeys.end(),
                               [&name](const model::Journey& j) { return j.name == name; });
  REQUIRE(it != s.journeys.end());
  return *it;
}

}  // namespace

TEST_CASE("load_scenario: the bundled Black Friday scenario encodes the Online Boutique reference",
          "[scenario]") {
  const model::Scenario s = load_scenario(kBundled);
  CHECK(s.name == "black-friday-bad-deploy");
  CHECK_FALSE(s.purpose.empty());

  // reference/online-boutique-topology.json: 11 services, 15 calls, 3 of them soft.
  std::set<std::string> services;
  for (const auto& service : s.services) services.insert(service.name);
  CHECK(services == std::set<std::string>{"frontend", "checkoutservice", "recommendationservice",
                                          "cartservice", "productcatalogservice", "currencyservice",
                                          "paymentservice", "shippingservice", "emailservice",
                                          "adservice", "redis-cart"});
  std::set<std::string> hard, soft;
  for (std::size_t c = 0; c < s.calls.size(); ++c) {
    (s.calls[c].hard ? hard : soft).insert(call_name(s, c));
  }
  CHECK(soft == std::set<std::string>{"frontend->recommendationservice", "frontend->adservice",
                                      "checkoutservice->emailservice"});
  CHECK(hard == std::set<std::string>{
                    "frontend->productcatalogservice", "frontend->currencyservice",
                    "frontend->cartservice", "frontend->shippingservice",
                    "frontend->checkoutservice", "checkoutservice->cartservice",
                    "checkoutservice->productcatalogservice", "checkoutservice->currencyservice",
                    "checkoutservice->shippingservice", "checkoutservice->paymentservice",
                    "recommendationservice->productcatalogservice", "cartservice->redis-cart"});

  // The reference's six request types, each entering at the frontend.
  REQUIRE(s.journeys.size() == 6);
  for (const auto& j : s.journeys) {
    CHECK(s.services[j.entry_service].name == "frontend");
    CHECK(j.slo.objective == Approx(0.999));
    CHECK(j.slo.period == std::chrono::hours(24 * 30));
  }
  const model::Journey& checkout = journey_named(s, "checkout");
  std::set<std::string> checkout_calls;
  for (const std::size_t c : checkout.calls) checkout_calls.insert(call_name(s, c));
  CHECK(checkout_calls.count("checkoutservice->paymentservice") == 1);
  CHECK(checkout_calls.count("checkoutservice->emailservice") == 1);
  CHECK(checkout.revenue_per_request > 0);
  CHECK(journey_named(s, "set-currency").calls.empty());

  // Base rates proportional to the load generator's task weights: index 1, setCurrency 2,
  // browseProduct 10, addToCart 2, viewCart 3, checkout 1.
  const double unit_rps = journey_named(s, "home").rate_rps;
  CHECK(journey_named(s, "set-currency").rate_rps == Approx(2 * unit_rps));
  CHECK(journey_named(s, "product").rate_rps == Approx(10 * unit_rps));
  CHECK(journey_named(s, "add-to-cart").rate_rps == Approx(2 * unit_rps));
  CHECK(journey_named(s, "view-cart").rate_rps == Approx(3 * unit_rps));
  CHECK(checkout.rate_rps == Approx(unit_rps));

  // Black Friday 2026 at 17:00 UTC, noon in New York.
  using namespace std::chrono;
  CHECK(s.run.start_unix_s == unix_seconds(sys_days{year{2026} / November / 27} + 17h));
  CHECK(s.run.duration == 4h);
  CHECK(s.run.seed == 42);

  // The drill: a bad payment deploy, which only a rollback fixes.
  REQUIRE(s.faults.size() == 1);
  CHECK(s.faults[0].type == model::FaultType::BadDeploy);
  CHECK(s.services[s.faults[0].service].name == "paymentservice");
  CHECK_FALSE(s.faults[0].end.has_value());
  CHECK(model::fixes_for(s.faults[0].type) ==
        std::vector<model::MitigationAction>{model::MitigationAction::Rollback});
  REQUIRE(s.burn_rate_rules.size() == 1);
  CHECK(s.journeys[s.burn_rate_rules[0].journey].name == "checkout");
}

TEST_CASE("load_scenario: the bundled scenario is healthy but busy at its Black Friday peak",
          "[scenario]") {
  const model::Scenario s = load_scenario(kBundled);
  const std::vector<double> load = peak_offered_load_rps(s);
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    const auto& service = s.services[i];
    const double utilisation = load[i] / (service.replicas * service.capacity_rps);
    INFO(service.name << " at utilisation " << utilisation);
    CHECK(utilisation >= 0.5);
    CHECK(utilisation <= 0.75);
  }
  // The fault starts once the ramp has reached its peak (3× base).
  const model::Journey& checkout = journey_named(s, "checkout");
  double multiplier_at_fault = 1.0;
  for (const auto& step : checkout.rate_profile) {
    if (step.at <= s.faults[0].start) multiplier_at_fault = step.multiplier;
  }
  CHECK(multiplier_at_fault == Approx(3.0));
}

TEST_CASE("load_scenario: every scenario under scenarios/ loads", "[scenario]") {
  const std::vector<fs::path> files = firedrill::testing::bundled_scenarios();
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    INFO(file.string());
    model::Scenario s;
    REQUIRE_NOTHROW(s = load_scenario(file));
    CHECK_FALSE(s.purpose.empty());
  }
}

TEST_CASE("load_scenario: each broken fixture reports its problem at the exact pointer",
          "[scenario]") {
  SECTION("an unknown key, listing the keys that are allowed") {
    check_problems(problems_loading(kData / "unknown_key.json"),
                   {{"/calls/0/timout_ms",
                     "unknown key \"timout_ms\" (expected one of: from, to, hard, "
                     "calls_per_request, timeout_ms, retries, retry_budget, retry_backoff_ms, "
                     "breaker, feature_flag)"}});
  }
  SECTION("a value of the wrong type") {
    check_problems(problems_loading(kData / "wrong_type.json"),
                   {{"/services/1/capacity_rps", "must be a number, got string \"abc\""}});
  }
  SECTION("a missing required key") {
    check_problems(problems_loading(kData / "missing_field.json"),
                   {{"/services/1", "missing required key \"replicas\""}});
  }
  SECTION("a call to a service that does not exist") {
    check_problems(problems_loading(kData / "dangling_service.json"),
                   {{"/calls/1/to", "unknown service \"paymentsvc\""}});
  }
  SECTION("a service owned by a team that does not exist") {
    check_problems(problems_loading(kData / "unknown_team.json"),
                   {{"/services/0/team", "unknown team \"payment\""}});
  }
  SECTION("a value out of range") {
    check_problems(problems_loading(kData / "out_of_range.json"),
                   {{"/calls/0/timeout_ms", "must be in [1, 3600000], got -5"}});
  }
  SECTION("a time zone that is not in the IANA database") {
    check_problems(problems_loading(kData / "bad_time_zone.json"),
                   {{"/teams/0/people/0/time_zone", "unknown time zone \"Europe/Lisbn\""}});
  }
  SECTION("a JSON syntax error, with its line") {
    check_problems(problems_loading(kData / "syntax_error.json"), {{"", "invalid JSON (byte "}});
    CHECK_THAT(problems_loading(kData / "syntax_error.json")[0].message,
               Catch::Contains("line 6, column 12"));
  }
}

TEST_CASE("load_scenario: a file with several problems reports all of them", "[scenario]") {
  check_problems(
      problems_loading(kData / "several_problems.json"),
      {
          {"/descripton", "unknown key \"descripton\" (expected one of: format_version, name,"},
          {"/run/start", "must be an ISO 8601 date-time with \"Z\" or a numeric offset"},
          {"/services/0/replicas", "must be in [1, 10000], got 0"},
          {"/services/1/capcity_rps",
           "unknown key \"capcity_rps\" (expected one of: name, team, "
           "replicas, capacity_rps, base_latency_ms, load_shedding, queue_limit, zones, external, "
           "secondary_provider, autoscaling, observability, runbooks)"},
          {"/services/1", "missing required key \"capacity_rps\""},
          {"/calls/1/to", "unknown service \"paymentsvc\""},
          {"/journeys/0/calls/1", "unknown call \"payments->web\" (not declared in /calls)"},
          {"/teams/0/people/1/time_zone", "unknown time zone \"Mars/Olympus_Mons\""},
          {"/teams/0/rotation/members/1",
           "unknown person \"Cy\" (not in the people of team "
           "\"shop\")"},
          {"/alerts/threshold/0/threshold", "must be in [0, 1), got 5"},
          {"/policy/severity_failed_share",
           "must be strictly descending (P1 > P2 > P3), got P1 0.05, P2 0.2, P3 0.01"},
          {"/faults/0/start_min", "must be < the run's duration_min (60), got 90"},
          {"/faults/0/error_ratio",
           "unknown key \"error_ratio\" for fault type \"latency\" (expected one of: id, type, "
           "start_min, end_min, service, latency_ms)"},
      });
}

TEST_CASE("ScenarioError: what() is one line per problem, \"file: pointer: message\"",
          "[scenario]") {
  const fs::path file = kData / "out_of_range.json";
  try {
    load_scenario(file);
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    CHECK(std::string(e.what()) == file.string() + ": /calls/0/timeout_ms: must be in [1, 3600000], got -5");
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].source == file.string());
  }
  // A problem with the whole document has the empty pointer, and the line leaves it out.
  const ScenarioError whole({{"x.json", "", "invalid JSON (byte 0): ..."}});
  CHECK(std::string(whole.what()) == "x.json: invalid JSON (byte 0): ...");
  const ScenarioError two({{"x.json", "/a", "one"}, {"x.json", "/b/0", "two"}});
  CHECK(std::string(two.what()) == "x.json: /a: one\nx.json: /b/0: two");
}

TEST_CASE("load_scenario: a missing or unreadable file is a ScenarioError about the file",
          "[scenario]") {
  const fs::path missing = kData / "no_such_file.json";
  check_problems(problems_loading(missing), {{"", "cannot read the file: it does not exist"}});
  CHECK(problems_loading(missing)[0].source == missing.string());
  check_problems(problems_loading(kData), {{"", "cannot read the file: it is a directory"}});
}

TEST_CASE("parse_scenario: JSON that is not a scenario object is reported, not thrown raw",
          "[scenario]") {
  check_problems(problems_of([] { parse_scenario("", "e.json"); }),
                 {{"", "invalid JSON (byte 1): parse error at line 1, column 1"}});
  check_problems(problems_of([] { parse_scenario(R"({"format_version": 1e400})", "e.json"); }),
                 {{"", "invalid JSON (byte 24): a number is too large for a double"}});
  check_problems(problems_of([] { parse_scenario("[1, 2]", "e.json"); }),
                 {{"", "must be an object, got array"}});
}

TEST_CASE("parse_scenario: a key written twice in one object is an error", "[scenario]") {
  std::string text = minimal().dump();
  const std::string first = R"("replicas":2,)";
  text.replace(text.find(first), first.size(), first + R"("replicas":4,)");
  check_problems(problems_of([&text] { parse_scenario(text, "d.json"); }),
                 {{"/services/0/replicas", "duplicate key \"replicas\""}});
}

TEST_CASE("parse_scenario: every rule reports its pointer and wording", "[scenario]") {
  struct Case {
    const char* what;
    std::function<void(json&)> change;
    Expected expected;
  };
  const json rule = {
      {"name", "r"}, {"metric", "error_ratio"}, {"service", "a"}, {"threshold", 0.1}};
  const json burn = {{"name", "s"}, {"journey", "j"}, {"preset", "sre-workbook-page"}};
  const json probe = {{"name", "p"}, {"journey", "j"}};
  const json fault = {{"id", "f"},
                      {"type", "error_rate"},
                      {"service", "a"},
                      {"start_min", 10},
                      {"error_ratio", 0.5}};
  const std::vector<Case> cases{
      // Document and run.
      {"a newer format version",
       [](json& d) { d["format_version"] = 2; },
       {"/format_version", "unsupported format_version 2 (this loader reads version 1)"}},
      {"an empty name", [](json& d) { d["name"] = ""; }, {"/name", "must not be empty"}},
      {"a purpose of two lines",
       [](json& d) { d["purpose"] = "one\ntwo"; },
       {"/purpose", "must be one line, got a line break"}},
      {"no run", [](json& d) { d.erase("run"); }, {"", "missing required key \"run\""}},
      {"a start without a zone",
       [](json& d) { d["run"]["start"] = "2026-11-27T17:00:00"; },
       {"/run/start", "got \"2026-11-27T17:00:00\""}},
      {"an impossible date",
       [](json& d) { d["run"]["start"] = "2026-02-30T17:00:00Z"; },
       {"/run/start", "must be an ISO 8601 date-time"}},
      {"a zero duration",
       [](json& d) { d["run"]["duration_min"] = 0; },
       {"/run/duration_min", "must be in (0, 44640], got 0"}},
      {"a negative seed",
       [](json& d) { d["run"]["seed"] = -1; },
       {"/run/seed", "must be >= 0, got -1"}},
      {"a string interval",
       [](json& d) { d["run"]["scrape_interval_s"] = "15s"; },
       {"/run/scrape_interval_s", "must be a number, got string \"15s\""}},
      {"an evaluation interval that is not a multiple of the scrape interval",
       [](json& d) { d["run"]["evaluation_interval_s"] = 20; },
       {"/run/evaluation_interval_s", "must be a multiple of scrape_interval_s (15), got 20"}},
      {"a zero evaluation interval",
       [](json& d) { d["run"]["evaluation_interval_s"] = 0; },
       {"/run/evaluation_interval_s", "must be in [1, 3600], got 0"}},
      {"a currency that is not an ISO 4217 code",
       [](json& d) { d["run"]["currency"] = "euro"; },
       {"/run/currency",
        "must be an ISO 4217 code of three capital letters (e.g. \"EUR\"), got \"euro\""}},
      {"a run as an array",
       [](json& d) { d["run"] = json::array(); },
       {"/run", "must be an object, got array"}},
      // Services.
      {"a duplicate service",
       [](json& d) { d["services"].push_back(d["services"][0]); },
       {"/services/3/name", "duplicate service name \"a\" (first at /services/0)"}},
      {"an arrow in a service name",
       [](json& d) {
         d["services"].push_back(d["services"][0]);
         d["services"][3]["name"] = "x->y";
       },
       {"/services/3/name", "must not contain \"->\""}},
      {"fractional replicas",
       [](json& d) { d["services"][0]["replicas"] = 1.5; },
       {"/services/0/replicas", "must be an integer, got number 1.5"}},
      {"no replicas",
       [](json& d) { d["services"][0]["replicas"] = 0; },
       {"/services/0/replicas", "must be in [1, 10000], got 0"}},
      {"no capacity",
       [](json& d) { d["services"][0]["capacity_rps"] = 0; },
       {"/services/0/capacity_rps", "must be in [0.001, 1000000], got 0"}},
      {"a negative latency",
       [](json& d) { d["services"][0]["base_latency_ms"] = -1; },
       {"/services/0/base_latency_ms", "must be in [0, 3600000], got -1"}},
      {"an unknown owner",
       [](json& d) { d["services"][0]["team"] = "zz"; },
       {"/services/0/team", "unknown team \"zz\""}},
      // Calls.
      {"a string for hard",
       [](json& d) { d["calls"][0]["hard"] = "yes"; },
       {"/calls/0/hard", "must be a boolean, got string \"yes\""}},
      {"no calls per request",
       [](json& d) { d["calls"][0]["calls_per_request"] = 0; },
       {"/calls/0/calls_per_request", "must be in [0.001, 1000], got 0"}},
      {"negative retries",
       [](json& d) { d["calls"][0]["retries"] = -1; },
       {"/calls/0/retries", "must be in [0, 10], got -1"}},
      {"fractional retries",
       [](json& d) { d["calls"][0]["retries"] = 1.5; },
       {"/calls/0/retries", "must be an integer"}},
      {"a negative retry budget",
       [](json& d) { d["calls"][1]["retry_budget"] = -0.1; },
       {"/calls/1/retry_budget", "must be in [0, 10], got -0.1"}},
      {"a negative backoff",
       [](json& d) { d["calls"][1]["retry_backoff_ms"] = -3; },
       {"/calls/1/retry_backoff_ms", "must be in [0, 3600000], got -3"}},
      {"load shedding as a string",
       [](json& d) { d["services"][2]["load_shedding"] = "on"; },
       {"/services/2/load_shedding", "must be a boolean, got string \"on\""}},
      {"a negative queue limit",
       [](json& d) { d["services"][2]["queue_limit"] = -1; },
       {"/services/2/queue_limit", "must be in [0, 1000000], got -1"}},
      {"a fractional queue limit",
       [](json& d) { d["services"][2]["queue_limit"] = 2.5; },
       {"/services/2/queue_limit", "must be an integer"}},
      {"a breaker that never trips",
       [](json& d) {
         d["calls"][0]["breaker"] = {{"error_threshold", 0}};
       },
       {"/calls/0/breaker/error_threshold", "must be in (0, 1], got 0"}},
      {"an unknown breaker key",
       [](json& d) {
         d["calls"][0]["breaker"] = {{"sleep_s", 5}};
       },
       {"/calls/0/breaker/sleep_s",
        "unknown key \"sleep_s\" (expected one of: error_threshold, open_s)"}},
      {"a zero journey timeout",
       [](json& d) { d["journeys"][0]["timeout_ms"] = 0; },
       {"/journeys/0/timeout_ms", "must be in [1, 3600000], got 0"}},
      {"a self-call",
       [](json& d) {
         d["calls"].push_back({{"from", "c"}, {"to", "c"}});
       },
       {"/calls/2/to", "a service cannot call itself, got \"c->c\""}},
      {"a duplicate call",
       [](json& d) {
         d["calls"].push_back({{"from", "a"}, {"to", "b"}});
       },
       {"/calls/2", "duplicate call \"a->b\" (first at /calls/0)"}},
      {"a call to nowhere",
       [](json& d) {
         d["calls"].push_back({{"from", "a"}, {"to", "zz"}});
       },
       {"/calls/2/to", "unknown service \"zz\""}},
      {"a call without a callee",
       [](json& d) {
         d["calls"].push_back({{"from", "a"}});
       },
       {"/calls/2", "missing required key \"to\""}},
      // Journeys.
      {"a malformed call name",
       [](json& d) { d["journeys"][0]["calls"][1] = "b-c"; },
       {"/journeys/0/calls/1", "must be \"caller->callee\", got \"b-c\""}},
      {"an undeclared call",
       [](json& d) { d["journeys"][0]["calls"].push_back("c->a"); },
       {"/journeys/0/calls/2", "unknown call \"c->a\" (not declared in /calls)"}},
      {"a call the entry never reaches",
       [](json& d) { d["journeys"][0]["calls"] = {"b->c"}; },
       {"/journeys/0/calls/0",
        "call \"b->c\" is unreachable: its caller \"b\" is not reached from the entry \"a\""}},
      {"a call listed twice",
       [](json& d) { d["journeys"][0]["calls"].push_back("a->b"); },
       {"/journeys/0/calls/2",
        "duplicate call \"a->b\" in this journey (first at /journeys/0/calls/0)"}},
      {"a profile going back in time",
       [](json& d) {
         d["journeys"][0]["profile"] = {{{"at_min", 60}, {"multiplier", 2}},
                                        {{"at_min", 30}, {"multiplier", 1}}};
       },
       {"/journeys/0/profile/1/at_min", "must be > the previous step's at_min (60), got 30"}},
      {"a negative multiplier",
       [](json& d) {
         d["journeys"][0]["profile"] = {{{"at_min", 0}, {"multiplier", -1}}};
       },
       {"/journeys/0/profile/0/multiplier", "must be in [0, 1000], got -1"}},
      {"an SLO of 100 %",
       [](json& d) { d["journeys"][0]["slo"]["objective"] = 1; },
       {"/journeys/0/slo/objective", "must be in (0, 0.999999], got 1"}},
      {"a zero latency SLO",
       [](json& d) { d["journeys"][0]["slo"]["p99_latency_ms"] = 0; },
       {"/journeys/0/slo/p99_latency_ms", "must be in (0, 3600000], got 0"}},
      {"no SLO",
       [](json& d) { d["journeys"][0].erase("slo"); },
       {"/journeys/0", "missing required key \"slo\""}},
      {"a negative rate",
       [](json& d) { d["journeys"][0]["rate_rps"] = -1; },
       {"/journeys/0/rate_rps", "must be in [0, 10000000], got -1"}},
      {"an unknown entry",
       [](json& d) { d["journeys"][0]["entry"] = "zz"; },
       {"/journeys/0/entry", "unknown service \"zz\""}},
      {"a duplicate journey",
       [](json& d) { d["journeys"].push_back(d["journeys"][0]); },
       {"/journeys/1/name", "duplicate journey name \"j\" (first at /journeys/0)"}},
      {"negative revenue",
       [](json& d) { d["journeys"][0]["revenue_per_request"] = -1; },
       {"/journeys/0/revenue_per_request", "must be in [0, 1000000], got -1"}},
      // Teams, people, rotations, escalation.
      {"a misspelt time zone",
       [](json& d) { d["teams"][0]["people"][1]["time_zone"] = "Europe/Lisbn"; },
       {"/teams/0/people/1/time_zone",
        "unknown time zone \"Europe/Lisbn\" (expected an IANA name such as \"Europe/Berlin\")"}},
      {"a duplicate person",
       [](json& d) {
         d["teams"][0]["people"].push_back({{"name", "Ana"}});
       },
       {"/teams/0/people/2/name", "duplicate person name \"Ana\" (first at /teams/0/people/0)"}},
      {"working hours that end before they start",
       [](json& d) { d["teams"][0]["working_hours"] = {{"start_hour", 18}, {"end_hour", 9}}; },
       {"/teams/0/working_hours/end_hour", "must be after start_hour (18), got 9"}},
      {"a working day that is not a day",
       [](json& d) {
         d["teams"][0]["people"][1]["working_hours"] = {{"days", {"mon", "funday"}}};
       },
       {"/teams/0/people/1/working_hours/days/1",
        "must be one of \"sun\", \"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", "
        "got \"funday\""}},
      {"a person called primary",
       [](json& d) { d["teams"][0]["people"][1]["name"] = "primary"; },
       {"/teams/0/people/1/name", "\"primary\" is reserved for escalation targets"}},
      {"no people",
       [](json& d) { d["teams"][0]["people"] = json::array(); },
       {"/teams/0/people", "must not be empty"}},
      {"a stranger on the rotation",
       [](json& d) {
         d["teams"][0]["rotation"] = {{"members", {"Ana", "Cy"}}};
       },
       {"/teams/0/rotation/members/1", "unknown person \"Cy\" (not in the people of team \"t\")"}},
      {"a member twice on the rotation",
       [](json& d) {
         d["teams"][0]["rotation"] = {{"members", {"Ana", "Ana"}}};
       },
       {"/teams/0/rotation/members/1",
        "duplicate member \"Ana\" (first at /teams/0/rotation/members/0)"}},
      {"an empty rotation",
       [](json& d) {
         d["teams"][0]["rotation"] = {{"members", json::array()}};
       },
       {"/teams/0/rotation/members", "must not be empty"}},
      {"a zero shift",
       [](json& d) {
         d["teams"][0]["rotation"] = {{"shift_h", 0}};
       },
       {"/teams/0/rotation/shift_h", "must be in [1, 8760], got 0"}},
      {"a rotation start in words",
       [](json& d) {
         d["teams"][0]["rotation"] = {{"start", "next monday"}};
       },
       {"/teams/0/rotation/start", "must be an ISO 8601 date-time"}},
      // The team's own schedules.
      {"a rotation and schedules at once",
       [](json& d) {
         d["teams"][0]["rotation"] = json::object();
         d["teams"][0]["schedules"] = json::parse(R"([{"name": "primary", "layers": [
             {"start": "2026-11-01T00:00:00Z", "rotation_turn_length_seconds": 86400,
              "users": ["Ana"]}]}])");
       },
       {"/teams/0/rotation", "give either rotation or schedules"}},
      {"a stranger in a schedule layer",
       [](json& d) {
         d["teams"][0]["schedules"] = json::parse(R"([{"name": "primary", "layers": [
             {"start": "2026-11-01T00:00:00Z", "rotation_turn_length_seconds": 86400,
              "users": ["Ana", "Cy"]}]}])");
       },
       {"/teams/0/schedules/0/layers/0/users/1",
        "unknown person \"Cy\" (not in the people of team \"t\")"}},
      {"a restriction of an unknown type",
       [](json& d) {
         d["teams"][0]["schedules"] = json::parse(R"([{"name": "primary", "layers": [
             {"start": "2026-11-01T00:00:00Z", "rotation_turn_length_seconds": 86400,
              "users": ["Ana"], "restrictions": [{"type": "monthly_restriction",
              "start_time_of_day": "09:00:00", "duration_seconds": 3600}]}]}])");
       },
       {"/teams/0/schedules/0/layers/0/restrictions/0/type",
        "must be \"daily_restriction\" or \"weekly_restriction\", got \"monthly_restriction\""}},
      {"a weekly restriction on day 8",
       [](json& d) {
         d["teams"][0]["schedules"] = json::parse(R"([{"name": "primary", "layers": [
             {"start": "2026-11-01T00:00:00Z", "rotation_turn_length_seconds": 86400,
              "users": ["Ana"], "restrictions": [{"type": "weekly_restriction",
              "start_time_of_day": "09:00:00", "start_day_of_week": 8,
              "duration_seconds": 3600}]}]}])");
       },
       {"/teams/0/schedules/0/layers/0/restrictions/0/start_day_of_week",
        "must be in [1, 7], got 8"}},
      {"a daily restriction longer than a day",
       [](json& d) {
         d["teams"][0]["schedules"] = json::parse(R"([{"name": "primary", "layers": [
             {"start": "2026-11-01T00:00:00Z", "rotation_turn_length_seconds": 86400,
              "users": ["Ana"], "restrictions": [{"type": "daily_restriction",
              "start_time_of_day": "09:00:00", "duration_seconds": 90000}]}]}])");
       },
       {"/teams/0/schedules/0/layers/0/restrictions/0/duration_seconds",
        "must be in (0, 86400], got 90000"}},
      {"a time of day past 23:59:59",
       [](json& d) {
         d["teams"][0]["schedules"] = json::parse(R"([{"name": "primary", "layers": [
             {"start": "2026-11-01T00:00:00Z", "rotation_turn_length_seconds": 86400,
              "users": ["Ana"], "restrictions": [{"type": "daily_restriction",
              "start_time_of_day": "24:00:00", "duration_seconds": 3600}]}]}])");
       },
       {"/teams/0/schedules/0/layers/0/restrictions/0/start_time_of_day",
        "must be a local time of day \"HH:MM:SS\" from \"00:00:00\" to \"23:59:59\", got "
        "\"24:00:00\""}},
      {"an override that ends before it starts",
       [](json& d) {
         d["teams"][0]["schedules"] = json::parse(R"([{"name": "primary", "layers": [
             {"start": "2026-11-01T00:00:00Z", "rotation_turn_length_seconds": 86400,
              "users": ["Ana"]}], "overrides": [{"start": "2026-11-02T00:00:00Z",
              "end": "2026-11-01T00:00:00Z", "user": "Bo"}]}])");
       },
       {"/teams/0/schedules/0/overrides/0/end", "must be after start"}},
      {"a schedule named like a person",
       [](json& d) {
         d["teams"][0]["schedules"] = json::parse(R"([{"name": "Bo", "layers": [
             {"start": "2026-11-01T00:00:00Z", "rotation_turn_length_seconds": 86400,
              "users": ["Ana"]}]}, {"name": "primary", "layers": [
             {"start": "2026-11-01T00:00:00Z", "rotation_turn_length_seconds": 86400,
              "users": ["Bo"]}]}])");
       },
       {"/teams/0/schedules/0/name",
        "schedule name \"Bo\" is also the name of a person of team \"t\""}},
      {"a target naming neither a schedule nor a person",
       [](json& d) {
         d["teams"][0]["schedules"] = json::parse(R"([{"name": "day", "layers": [
             {"start": "2026-11-01T00:00:00Z", "rotation_turn_length_seconds": 86400,
              "users": ["Ana"]}]}])");
       },
       {"/teams/0/escalation/levels/0/targets/0",
        "unknown escalation target \"primary\" (expected \"day\" or a person of team \"t\")"}},
      {"no escalation levels",
       [](json& d) { d["teams"][0]["escalation"]["levels"] = json::array(); },
       {"/teams/0/escalation/levels", "must not be empty"}},
      {"a stranger as escalation target",
       [](json& d) { d["teams"][0]["escalation"]["levels"][0]["targets"] = {"Cy"}; },
       {"/teams/0/escalation/levels/0/targets/0",
        "unknown escalation target \"Cy\" (expected \"primary\", \"secondary\" or a person of "
        "team \"t\")"}},
      {"a target twice in a level",
       [](json& d) {
         d["teams"][0]["escalation"]["levels"][0]["targets"] = {"primary", "primary"};
       },
       {"/teams/0/escalation/levels/0/targets/1",
        "duplicate target \"primary\" (first at /teams/0/escalation/levels/0/targets/0)"}},
      {"a zero escalation delay",
       [](json& d) { d["teams"][0]["escalation"]["levels"][0]["delay_min"] = 0; },
       {"/teams/0/escalation/levels/0/delay_min", "must be in [1, 1440], got 0"}},
      {"no loops",
       [](json& d) { d["teams"][0]["escalation"]["loops"] = 0; },
       {"/teams/0/escalation/loops", "must be in [1, 100], got 0"}},
      {"a duplicate team",
       [](json& d) { d["teams"].push_back(d["teams"][0]); },
       {"/teams/1/name", "duplicate team name \"t\" (first at /teams/0)"}},
      // Alerts.
      {"a misspelt alerts key",
       [](json& d) {
         d["alerts"] = {{"thresholds", json::array()}};
       },
       {"/alerts/thresholds",
        "unknown key \"thresholds\" (expected one of: threshold, burn_rate, probes, route, "
        "false_positives)"}},
      {"an unknown label to group alerts by",
       [](json& d) {
         d["alerts"]["route"] = {{"group_by", {"alertname", "cluster"}}};
       },
       {"/alerts/route/group_by/1",
        "unknown label \"cluster\" (expected one of: alertname, service, journey, severity)"}},
      {"a label to group by listed twice",
       [](json& d) {
         d["alerts"]["route"] = {{"group_by", {"service", "service"}}};
       },
       {"/alerts/route/group_by/1", "label \"service\" is listed twice"}},
      {"a negative group_wait",
       [](json& d) {
         d["alerts"]["route"] = {{"group_wait_s", -1}};
       },
       {"/alerts/route/group_wait_s", "must be in [0, 86400], got -1"}},
      {"an incident commander from an unknown team",
       [](json& d) {
         d["policy"] = {{"incident_commander", {{"team", "ic"}}}};
       },
       {"/policy/incident_commander/team", "unknown team \"ic\""}},
      {"a role from an unknown severity",
       [](json& d) {
         d["policy"] = {{"comms_lead", {{"team", "t"}, {"up_to", "SEV1"}}}};
       },
       {"/policy/comms_lead/up_to", "unknown severity \"SEV1\" (expected one of: P1, P2, P3, P4)"}},
      {"a probe of a service and a journey",
       [&probe](json& d) {
         d["alerts"]["probes"] = {probe};
         d["alerts"]["probes"][0]["service"] = "a";
       },
       {"/alerts/probes/0", "must have exactly one of \"service\" or \"journey\", got both"}},
      {"a probe of nothing",
       [&probe](json& d) {
         d["alerts"]["probes"] = {probe};
         d["alerts"]["probes"][0].erase("journey");
       },
       {"/alerts/probes/0", "missing required key \"service\" or \"journey\""}},
      {"a probe of an unknown journey",
       [&probe](json& d) {
         d["alerts"]["probes"] = {probe};
         d["alerts"]["probes"][0]["journey"] = "zz";
       },
       {"/alerts/probes/0/journey", "unknown journey \"zz\""}},
      {"a probe of an unknown service",
       [&probe](json& d) {
         d["alerts"]["probes"] = {probe};
         d["alerts"]["probes"][0].erase("journey");
         d["alerts"]["probes"][0]["service"] = "zz";
       },
       {"/alerts/probes/0/service", "unknown service \"zz\""}},
      {"a probe every 0 s",
       [&probe](json& d) {
         d["alerts"]["probes"] = {probe};
         d["alerts"]["probes"][0]["interval_s"] = 0;
       },
       {"/alerts/probes/0/interval_s", "must be in [1, 86400], got 0"}},
      {"a probe with a negative timeout",
       [&probe](json& d) {
         d["alerts"]["probes"] = {probe};
         d["alerts"]["probes"][0]["timeout_ms"] = -5;
       },
       {"/alerts/probes/0/timeout_ms", "must be in [1, 3600000], got -5"}},
      {"a probe timeout longer than its interval",
       [&probe](json& d) {
         d["alerts"]["probes"] = {probe};
         d["alerts"]["probes"][0]["interval_s"] = 30;
         d["alerts"]["probes"][0]["timeout_ms"] = 45000;
       },
       {"/alerts/probes/0/timeout_ms",
        "the probe's timeout (45000 ms) must not exceed its interval (30 s), as Prometheus "
        "requires scrape_timeout <= scrape_interval"}},
      {"a probe interval shorter than the default timeout",
       [&probe](json& d) {
         d["alerts"]["probes"] = {probe};
         d["alerts"]["probes"][0]["interval_s"] = 5;
       },
       {"/alerts/probes/0/interval_s",
        "the probe's timeout (10000 ms) must not exceed its interval (5 s), as Prometheus "
        "requires scrape_timeout <= scrape_interval"}},
      {"a probe that alerts after no failure",
       [&probe](json& d) {
         d["alerts"]["probes"] = {probe};
         d["alerts"]["probes"][0]["failures_to_alert"] = 0;
       },
       {"/alerts/probes/0/failures_to_alert", "must be in [1, 1000], got 0"}},
      {"a probe that alerts after half a failure",
       [&probe](json& d) {
         d["alerts"]["probes"] = {probe};
         d["alerts"]["probes"][0]["failures_to_alert"] = 2.5;
       },
       {"/alerts/probes/0/failures_to_alert", "must be an integer, got number 2.5"}},
      {"an unknown probe severity",
       [&probe](json& d) {
         d["alerts"]["probes"] = {probe};
         d["alerts"]["probes"][0]["severity"] = "critical";
       },
       {"/alerts/probes/0/severity",
        "unknown severity \"critical\" (expected one of: page, ticket)"}},
      {"a probe routed to an unknown team",
       [&probe](json& d) {
         d["alerts"]["probes"] = {probe};
         d["alerts"]["probes"][0]["team"] = "zz";
       },
       {"/alerts/probes/0/team", "unknown team \"zz\""}},
      {"a probe named like a threshold rule",
       [&rule, &probe](json& d) {
         d["alerts"]["threshold"] = {rule};
         d["alerts"]["probes"] = {probe};
         d["alerts"]["probes"][0]["name"] = "r";
       },
       {"/alerts/probes/0/name", "duplicate alert rule name \"r\" (first at /alerts/threshold/0)"}},
      {"a misspelt probe key",
       [&probe](json& d) {
         d["alerts"]["probes"] = {probe};
         d["alerts"]["probes"][0]["for_s"] = 120;
       },
       {"/alerts/probes/0/for_s",
        "unknown key \"for_s\" (expected one of: name, journey, service, interval_s, "
        "timeout_ms, failures_to_alert, severity, team)"}},
      // Customers.
      {"a misspelt customers key",
       [](json& d) {
         d["customers"] = {{"report_rate", 0.01}};
       },
       {"/customers/report_rate",
        "unknown key \"report_rate\" (expected one of: report_probability, "
        "support_escalation_median_min, ticket_probability, silence_doubling_min)"}},
      {"a report probability above 1",
       [](json& d) {
         d["customers"] = {{"report_probability", 1.5}};
       },
       {"/customers/report_probability", "must be in [0, 1], got 1.5"}},
      {"a negative ticket probability",
       [](json& d) {
         d["customers"] = {{"ticket_probability", -0.1}};
       },
       {"/customers/ticket_probability", "must be in [0, 1], got -0.1"}},
      {"an instant support escalation",
       [](json& d) {
         d["customers"] = {{"support_escalation_median_min", 0}};
       },
       {"/customers/support_escalation_median_min", "must be in (0, 10080], got 0"}},
      {"a silence that doubles nothing",
       [](json& d) {
         d["customers"] = {{"silence_doubling_min", -30}};
       },
       {"/customers/silence_doubling_min", "must be in (0, 10080], got -30"}},
      {"customers that are not an object",
       [](json& d) { d["customers"] = 0.001; },
       {"/customers", "must be an object, got number 0.001"}},
      {"false positives without a rate",
       [](json& d) {
         d["alerts"]["false_positives"] = {{"duration_median_min", 3}};
       },
       {"/alerts/false_positives", "missing required key \"per_day\""}},
      {"an unknown metric",
       [&rule](json& d) {
         d["alerts"]["threshold"] = {rule};
         d["alerts"]["threshold"][0]["metric"] = "errors";
       },
       {"/alerts/threshold/0/metric",
        "unknown metric \"errors\" (expected one of: error_ratio, latency_ms, utilisation)"}},
      {"a rule on a service and a journey",
       [&rule](json& d) {
         d["alerts"]["threshold"] = {rule};
         d["alerts"]["threshold"][0]["journey"] = "j";
       },
       {"/alerts/threshold/0", "must have exactly one of \"service\" or \"journey\", got both"}},
      {"a rule on nothing",
       [&rule](json& d) {
         d["alerts"]["threshold"] = {rule};
         d["alerts"]["threshold"][0].erase("service");
       },
       {"/alerts/threshold/0", "missing required key \"service\" or \"journey\""}},
      {"utilisation of a journey",
       [&rule](json& d) {
         d["alerts"]["threshold"] = {rule};
         d["alerts"]["threshold"][0].erase("service");
         d["alerts"]["threshold"][0]["journey"] = "j";
         d["alerts"]["threshold"][0]["metric"] = "utilisation";
       },
       {"/alerts/threshold/0/metric", "utilisation is a service metric"}},
      {"an error ratio threshold of 1",
       [&rule](json& d) {
         d["alerts"]["threshold"] = {rule};
         d["alerts"]["threshold"][0]["threshold"] = 1;
       },
       {"/alerts/threshold/0/threshold", "must be in [0, 1), got 1"}},
      {"a zero window",
       [&rule](json& d) {
         d["alerts"]["threshold"] = {rule};
         d["alerts"]["threshold"][0]["window_s"] = 0;
       },
       {"/alerts/threshold/0/window_s", "must be in [1, 2678400], got 0"}},
      {"a route to an unknown team",
       [&rule](json& d) {
         d["alerts"]["threshold"] = {rule};
         d["alerts"]["threshold"][0]["team"] = "zz";
       },
       {"/alerts/threshold/0/team", "unknown team \"zz\""}},
      {"a rule name used twice",
       [&rule, &burn](json& d) {
         d["alerts"]["threshold"] = {rule};
         d["alerts"]["burn_rate"] = {burn};
         d["alerts"]["burn_rate"][0]["name"] = "r";
       },
       {"/alerts/burn_rate/0/name",
        "duplicate alert rule name \"r\" (first at /alerts/threshold/0)"}},
      {"an unknown preset",
       [&burn](json& d) {
         d["alerts"]["burn_rate"] = {burn};
         d["alerts"]["burn_rate"][0]["preset"] = "page";
       },
       {"/alerts/burn_rate/0/preset",
        "unknown preset \"page\" (expected one of: sre-workbook, sre-workbook-page, "
        "sre-workbook-ticket, sloth-30d, pyrra-28d)"}},
      {"a preset that sets its own `for`, and for_s",
       [&burn](json& d) {
         d["alerts"]["burn_rate"] = {burn};
         d["alerts"]["burn_rate"][0]["preset"] = "pyrra-28d";
         d["alerts"]["burn_rate"][0]["for_s"] = 60;
       },
       {"/alerts/burn_rate/0/for_s",
        "preset \"pyrra-28d\" sets each condition's `for` itself; remove for_s, or write the "
        "conditions out"}},
      {"a negative keep_firing_for_s on a burn-rate rule",
       [&burn](json& d) {
         d["alerts"]["burn_rate"] = {burn};
         d["alerts"]["burn_rate"][0]["keep_firing_for_s"] = -60;
       },
       {"/alerts/burn_rate/0/keep_firing_for_s", "must be in [0, 2678400], got -60"}},
      {"a negative keep_firing_for_s on a threshold rule",
       [&rule](json& d) {
         d["alerts"]["threshold"] = {rule};
         d["alerts"]["threshold"][0]["keep_firing_for_s"] = -1;
       },
       {"/alerts/threshold/0/keep_firing_for_s", "must be in [0, 2678400], got -1"}},
      {"an unknown threshold rule severity",
       [&rule](json& d) {
         d["alerts"]["threshold"] = {rule};
         d["alerts"]["threshold"][0]["severity"] = "critical";
       },
       {"/alerts/threshold/0/severity",
        "unknown severity \"critical\" (expected one of: page, ticket)"}},
      {"an unknown condition severity",
       [&burn](json& d) {
         d["alerts"]["burn_rate"] = {burn};
         d["alerts"]["burn_rate"][0].erase("preset");
         d["alerts"]["burn_rate"][0]["conditions"] = {
             {{"long_window_min", 60}, {"burn_rate", 14.4}, {"severity", "warning"}}};
       },
       {"/alerts/burn_rate/0/conditions/0/severity",
        "unknown severity \"warning\" (expected one of: page, ticket)"}},
      {"a negative condition for_min",
       [&burn](json& d) {
         d["alerts"]["burn_rate"] = {burn};
         d["alerts"]["burn_rate"][0].erase("preset");
         d["alerts"]["burn_rate"][0]["conditions"] = {
             {{"long_window_min", 60}, {"burn_rate", 14.4}, {"for_min", -2}}};
       },
       {"/alerts/burn_rate/0/conditions/0/for_min", "must be in [0, 44640], got -2"}},
      {"a zero short window",
       [&burn](json& d) {
         d["alerts"]["burn_rate"] = {burn};
         d["alerts"]["burn_rate"][0].erase("preset");
         d["alerts"]["burn_rate"][0]["conditions"] = {
             {{"long_window_min", 60}, {"short_window_min", 0}, {"burn_rate", 14.4}}};
       },
       {"/alerts/burn_rate/0/conditions/0/short_window_min", "must be in [1, 44640], got 0"}},
      {"a preset and conditions",
       [&burn](json& d) {
         d["alerts"]["burn_rate"] = {burn};
         d["alerts"]["burn_rate"][0]["conditions"] = json::array();
       },
       {"/alerts/burn_rate/0", "must have exactly one of \"preset\" or \"conditions\", got both"}},
      {"neither preset nor conditions",
       [&burn](json& d) {
         d["alerts"]["burn_rate"] = {burn};
         d["alerts"]["burn_rate"][0].erase("preset");
       },
       {"/alerts/burn_rate/0", "missing required key \"preset\" or \"conditions\""}},
      {"a short window as long as the long one",
       [&burn](json& d) {
         d["alerts"]["burn_rate"] = {burn};
         d["alerts"]["burn_rate"][0].erase("preset");
         d["alerts"]["burn_rate"][0]["conditions"] = {
             {{"long_window_min", 60}, {"short_window_min", 60}, {"burn_rate", 14.4}}};
       },
       {"/alerts/burn_rate/0/conditions/0/short_window_min",
        "must be < long_window_min (60), got 60"}},
      {"a burn rate above what a total outage burns",
       [&burn](json& d) {
         d["journeys"][0]["slo"]["objective"] = 0.9;
         d["alerts"]["burn_rate"] = {burn};
       },
       {"/alerts/burn_rate/0/preset",
        "can never fire: it needs an error ratio of burn_rate * (1 - objective) = 14.4 * (1 - "
        "0.9) = 1.44, more than a total outage (1)"}},
      // Policy.
      {"severity thresholds not descending",
       [](json& d) {
         d["policy"]["severity_failed_share"] = {{"P1", 0.05}, {"P2", 0.05}};
       },
       {"/policy/severity_failed_share",
        "must be strictly descending (P1 > P2 > P3), got P1 0.05, P2 0.05, P3 0.01"}},
      {"a P4 threshold",
       [](json& d) {
         d["policy"]["severity_failed_share"] = {{"P4", 0.001}};
       },
       {"/policy/severity_failed_share/P4", "unknown key \"P4\" (expected one of: P1, P2, P3)"}},
      {"a zero P3 threshold",
       [](json& d) {
         d["policy"]["severity_failed_share"] = {{"P3", 0}};
       },
       {"/policy/severity_failed_share/P3", "must be in (0, 1], got 0"}},
      {"a negative cadence",
       [](json& d) {
         d["policy"]["status_update_cadence_min"] = {{"P2", -1}};
       },
       {"/policy/status_update_cadence_min/P2", "must be in [1, 10080], got -1"}},
      {"a probability above 1",
       [](json& d) {
         d["policy"]["responders"] = {{"red_herring_probability", 1.5}};
       },
       {"/policy/responders/red_herring_probability", "must be in [0, 1], got 1.5"}},
      {"a misspelt mitigation",
       [](json& d) {
         d["policy"]["mitigations"] = {{"roll_back", json::object()}};
       },
       {"/policy/mitigations/roll_back",
        "unknown key \"roll_back\" (expected one of: rollback, restart, scale_out, "
        "disable_call, failover, switch_provider, renew_certificate, shed_load, drain_zone)"}},
      {"an unknown diagnosis strategy",
       [](json& d) { d["policy"]["diagnosis"] = "follow_logs"; },
       {"/policy/diagnosis",
        "unknown diagnosis strategy \"follow_logs\" (expected one of: follow_traces, "
        "follow_alerts)"}},
      {"a runbook for an unknown fault type",
       [](json& d) { d["services"][0]["runbooks"] = {"crash"}; },
       {"/services/0/runbooks/0", "unknown fault type \"crash\" (expected one of: crash_replicas,"}},
      {"a secondary provider for an internal service",
       [](json& d) { d["services"][0]["secondary_provider"] = true; },
       {"/services/0/secondary_provider", "only an external service can have a secondary provider"}},
      {"familiarity with an unknown service",
       [](json& d) { d["teams"][0]["people"][0]["familiar_with"] = {"zz"}; },
       {"/teams/0/people/0/familiar_with/0", "unknown service \"zz\""}},
      {"a change to an unknown service",
       [](json& d) { d["changes"] = {{{"id", "x"}, {"service", "zz"}, {"at_min", 1}}}; },
       {"/changes/0/service", "unknown service \"zz\""}},
      {"an unknown automation type",
       [](json& d) { d["automation"] = {{{"name", "x"}, {"type", "reboot"}}}; },
       {"/automation/0/type",
        "unknown automation type \"reboot\" (expected one of: restart_on_crash, "
        "rollback_failing_canary)"}},
      {"a canary parameter on a restart rule",
       [](json& d) {
         d["automation"] = {{{"name", "x"}, {"type", "restart_on_crash"}, {"failure_limit", 2}}};
       },
       {"/automation/0/failure_limit", "unknown key \"failure_limit\""}},
      // Faults.
      {"an unknown fault type",
       [&fault](json& d) {
         d["faults"] = {fault};
         d["faults"][0]["type"] = "meteor";
       },
       {"/faults/0/type",
        "unknown fault type \"meteor\" (expected one of: crash_replicas, error_rate, latency, "
        "bad_deploy, traffic_surge, call_failure, outage, resource_exhaustion, memory_leak, "
        "bad_config, network_partition, zone_outage, third_party_outage, certificate_expiry, "
        "datastore_failover)"}},
      {"a zone no service lists",
       [](json& d) {
         d["services"][0]["zones"] = {"eu-1a", "eu-1b"};
         d["faults"] = {{{"id", "z"}, {"type", "zone_outage"}, {"zone", "eu-1c"}, {"start_min", 1}}};
       },
       {"/faults/0/zone", "unknown zone \"eu-1c\" (no service lists it in its zones)"}},
      {"a zone listed twice",
       [](json& d) {
         d["services"][0]["zones"] = {"eu-1a", "eu-1a"};
       },
       {"/services/0/zones/1", "duplicate zone \"eu-1a\""}},
      {"a third-party outage of an internal service",
       [](json& d) {
         d["faults"] = {{{"id", "t"}, {"type", "third_party_outage"}, {"service", "b"},
                         {"start_min", 1}}};
       },
       {"/faults/0/service", "must be an external service (\"external\": true), got \"b\""}},
      {"a partition of a service with itself",
       [](json& d) {
         d["faults"] = {{{"id", "p"}, {"type", "network_partition"}, {"service", "b"},
                         {"peer_service", "b"}, {"start_min", 1}}};
       },
       {"/faults/0/peer_service", "must differ from service, got \"b\""}},
      {"a capacity factor of 1",
       [](json& d) {
         d["faults"] = {{{"id", "r"}, {"type", "resource_exhaustion"}, {"service", "b"},
                         {"capacity_factor", 1}, {"start_min", 1}}};
       },
       {"/faults/0/capacity_factor", "must be in [0.001, 0.999], got 1"}},
      {"a memory leak without a period",
       [](json& d) {
         d["faults"] = {{{"id", "m"}, {"type", "memory_leak"}, {"service", "b"},
                         {"capacity_factor", 0.3}, {"start_min", 1}}};
       },
       {"/faults/0", "missing required key \"leak_period_min\""}},
      {"a rollout whose shares shrink",
       [](json& d) {
         d["faults"] = {{{"id", "d"}, {"type", "bad_deploy"}, {"service", "b"}, {"error_ratio", 0.5},
                         {"start_min", 1},
                         {"rollout", {{{"share", 0.5}, {"bake_min", 5}},
                                      {{"share", 0.1}, {"bake_min", 5}},
                                      {{"share", 1}}}}}};
       },
       {"/faults/0/rollout/1/share", "must be > the previous stage's share (0.5), got 0.1"}},
      {"a rollout that never reaches the fleet",
       [](json& d) {
         d["faults"] = {{{"id", "d"}, {"type", "bad_deploy"}, {"service", "b"}, {"error_ratio", 0.5},
                         {"start_min", 1}, {"rollout", {{{"share", 0.1}, {"bake_min", 5}}}}}};
       },
       {"/faults/0/rollout/0/share", "the last stage must reach the whole fleet (1), got 0.1"}},
      {"a parameter of another fault type",
       [&fault](json& d) {
         d["faults"] = {fault};
         d["faults"][0]["latency_ms"] = 100;
       },
       {"/faults/0/latency_ms",
        "unknown key \"latency_ms\" for fault type \"error_rate\" (expected one of: id, type, "
        "start_min, end_min, service, error_ratio)"}},
      {"a fault after the run",
       [&fault](json& d) {
         d["faults"] = {fault};
         d["faults"][0]["start_min"] = 60;
       },
       {"/faults/0/start_min", "must be < the run's duration_min (60), got 60"}},
      {"a fault ending before it starts",
       [&fault](json& d) {
         d["faults"] = {fault};
         d["faults"][0]["end_min"] = 5;
       },
       {"/faults/0/end_min", "must be > start_min (10), got 5"}},
      {"a fault without a start",
       [&fault](json& d) {
         d["faults"] = {fault};
         d["faults"][0].erase("start_min");
       },
       {"/faults/0", "missing required key \"start_min\""}},
      {"a zero error ratio",
       [&fault](json& d) {
         d["faults"] = {fault};
         d["faults"][0]["error_ratio"] = 0;
       },
       {"/faults/0/error_ratio", "must be in (0, 1], got 0"}},
      {"a duplicate fault id",
       [&fault](json& d) {
         d["faults"] = {fault, fault};
       },
       {"/faults/1/id", "duplicate fault id \"f\" (first at /faults/0)"}},
      {"a crash of more replicas than there are",
       [](json& d) {
         d["faults"] = {{{"id", "f"},
                         {"type", "crash_replicas"},
                         {"service", "a"},
                         {"start_min", 1},
                         {"replicas", 3}}};
       },
       {"/faults/0/replicas", "must be <= the replicas of \"a\" (2), got 3"}},
      {"a latency fault adding nothing",
       [](json& d) {
         d["faults"] = {{{"id", "f"},
                         {"type", "latency"},
                         {"service", "a"},
                         {"start_min", 1},
                         {"latency_ms", 0}}};
       },
       {"/faults/0/latency_ms", "must be in (0, 3600000], got 0"}},
      {"a bad deploy that breaks nothing",
       [](json& d) {
         d["faults"] = {{{"id", "f"},
                         {"type", "bad_deploy"},
                         {"service", "a"},
                         {"start_min", 1},
                         {"error_ratio", 0}}};
       },
       {"/faults/0", "a bad_deploy needs error_ratio > 0 or latency_ms > 0"}},
      {"a call failure on an undeclared call",
       [](json& d) {
         d["faults"] = {{{"id", "f"},
                         {"type", "call_failure"},
                         {"call", "c->a"},
                         {"start_min", 1},
                         {"error_ratio", 1}}};
       },
       {"/faults/0/call", "unknown call \"c->a\" (not declared in /calls)"}},
      {"a surge of an unknown journey",
       [](json& d) {
         d["faults"] = {{{"id", "f"},
                         {"type", "traffic_surge"},
                         {"journey", "zz"},
                         {"start_min", 1},
                         {"multiplier", 3}}};
       },
       {"/faults/0/journey", "unknown journey \"zz\""}},
      {"a surge to zero",
       [](json& d) {
         d["faults"] = {
             {{"id", "f"}, {"type", "traffic_surge"}, {"start_min", 1}, {"multiplier", 0}}};
       },
       {"/faults/0/multiplier", "must be in (0, 1000], got 0"}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.what) {
      json doc = minimal();
      c.change(doc);
      check_problems(problems_parsing(doc), {c.expected});
    }
  }
}

TEST_CASE("load_scenario: a journey's latency SLO is read in ms", "[scenario]") {
  json doc = minimal();
  doc["journeys"][0]["slo"]["p99_latency_ms"] = 250;
  const model::Scenario s = load_json(doc);
  REQUIRE(s.journeys[0].slo.p99_latency_ms.has_value());
  CHECK(*s.journeys[0].slo.p99_latency_ms == 250.0);
}

TEST_CASE("load_scenario: a cyclic topology loads, each journey walking its calls once",
          "[scenario]") {
  json doc = minimal();
  doc["calls"].push_back({{"from", "b"}, {"to", "a"}, {"hard", false}});
  doc["journeys"][0]["calls"] = {"a->b", "b->a", "b->c"};
  const model::Scenario s = load_json(doc);
  REQUIRE(s.journeys[0].calls.size() == 3);
  CHECK(call_name(s, s.journeys[0].calls[1]) == "b->a");
  CHECK_FALSE(s.calls[2].hard);
  // a -> b -> {a: already on the path, c}: each service is visited once per request.
  const std::vector<double> load = peak_offered_load_rps(s);
  CHECK(load == std::vector<double>{10.0, 10.0, 10.0});
}

TEST_CASE("load_scenario: keys left out get the documented defaults", "[scenario]") {
  json doc = minimal();
  doc["alerts"]["threshold"] = {
      {{"name", "r"}, {"metric", "latency_ms"}, {"journey", "j"}, {"threshold", 500}}};
  doc["alerts"]["burn_rate"] = {
      {{"name", "s"},
       {"journey", "j"},
       {"conditions", {{{"long_window_min", 60}, {"short_window_min", 5}, {"burn_rate", 2}}}}}};
  doc["faults"] = {{{"id", "f"},
                    {"type", "bad_deploy"},
                    {"service", "b"},
                    {"start_min", 10},
                    {"latency_ms", 200}}};
  const model::Scenario s = load_json(doc);

  // docs/scenario-format.md, "Defaults".
  CHECK(s.run.seed == 1);
  CHECK(s.run.scrape_interval == 15s);
  CHECK_FALSE(s.run.evaluation_interval.has_value());  // every scrape, as before the key
  for (const auto& call : s.calls) {
    CHECK(call.hard);
    CHECK(call.calls_per_request == 1.0);
    CHECK(call.timeout_ms == 1000.0);
    CHECK(call.retries == 0);
    CHECK_FALSE(call.retry_budget.has_value());
    CHECK(call.retry_backoff_ms == 0.0);
  }
  for (const auto& service : s.services) CHECK_FALSE(service.load_shedding);
  CHECK(s.journeys[0].timeout_ms == 30'000.0);
  const model::Journey& j = s.journeys[0];
  CHECK(j.rate_profile.empty());
  CHECK(j.revenue_per_request == 0.0);
  CHECK(j.slo.period == std::chrono::hours(30 * 24));
  CHECK_FALSE(j.slo.p99_latency_ms.has_value());  // no latency SLO unless one is given
  const model::Team& t = s.teams[0];
  CHECK(t.people[0].time_zone == "UTC");
  // No rotation: everyone in listed order, weekly turns from the run's start, as the schedules
  // "primary" and "secondary".
  REQUIRE(t.schedules.size() == 2);
  CHECK(t.schedules[0].name == "primary");
  CHECK(t.schedules[1].name == "secondary");
  CHECK(t.schedules[0].time_zone == "UTC");
  REQUIRE(t.schedules[0].layers.size() == 1);
  const model::ScheduleLayer& layer = t.schedules[0].layers[0];
  CHECK(layer.rotation_virtual_start.time_since_epoch().count() == s.run.start_unix_s);
  CHECK(layer.rotation_turn_length == std::chrono::hours(168));
  CHECK(layer.users == std::vector<std::size_t>{0, 1});
  CHECK(t.schedules[1].layers[0].users == std::vector<std::size_t>{1, 0});
  CHECK(t.escalation.loops == 1);
  REQUIRE(s.threshold_rules.size() == 1);
  CHECK(s.threshold_rules[0].target_kind == model::TargetKind::Journey);
  CHECK(s.threshold_rules[0].window == 60s);
  CHECK(s.threshold_rules[0].for_duration == 0s);
  CHECK_FALSE(s.threshold_rules[0].team.has_value());
  CHECK(s.threshold_rules[0].keep_firing_for == 0s);
  CHECK(s.threshold_rules[0].severity == model::AlertSeverity::Page);
  CHECK(s.burn_rate_rules[0].keep_firing_for == 0s);
  CHECK_FALSE(s.burn_rate_rules[0].conditions[0].for_duration.has_value());
  CHECK(s.burn_rate_rules[0].conditions[0].severity == model::AlertSeverity::Page);
  CHECK(s.burn_rate_rules[0].for_duration == 0s);
  CHECK(s.burn_rate_rules[0].conditions[0].long_window == 1h);
  CHECK(s.burn_rate_rules[0].conditions[0].short_window == 5min);
  CHECK_FALSE(s.faults[0].end.has_value());
  CHECK(s.faults[0].error_ratio == 0.0);
  CHECK(s.faults[0].latency_ms == 200.0);

  const model::ResponsePolicy& p = s.policy;
  CHECK(p.severity_failed_share == std::array<double, 3>{0.20, 0.05, 0.01});
  CHECK(p.status_update_cadence[0] == SimTime{15min});
  CHECK(p.status_update_cadence[1] == SimTime{30min});
  CHECK(p.status_update_cadence[2] == SimTime{60min});
  CHECK_FALSE(p.status_update_cadence[3].has_value());
  CHECK(p.responders.ack_median_day == 2min);
  CHECK(p.responders.ack_median_night == 8min);
  CHECK(p.responders.missed_page_probability_day == 0.02);
  CHECK(p.responders.missed_page_probability_night == 0.10);
  CHECK(p.responders.diagnosis_step_median == 4min);
  CHECK(p.responders.red_herring_probability == 0.15);
  CHECK(p.responders.resolve_confirmation == 10min);
  const auto mitigation = [&p](model::MitigationAction a) {
    return p.mitigations[static_cast<std::size_t>(a)];
  };
  CHECK(mitigation(model::MitigationAction::Rollback).median_duration == 6min);
  CHECK(mitigation(model::MitigationAction::Rollback).success_probability == 0.95);
  CHECK(mitigation(model::MitigationAction::Restart).median_duration == 3min);
  CHECK(mitigation(model::MitigationAction::Restart).success_probability == 0.90);
  CHECK(mitigation(model::MitigationAction::ScaleOut).median_duration == 8min);
  CHECK(mitigation(model::MitigationAction::ScaleOut).success_probability == 0.90);
  CHECK(mitigation(model::MitigationAction::DisableCall).median_duration == 2min);
  CHECK(mitigation(model::MitigationAction::DisableCall).success_probability == 0.98);
  const model::ResponsePolicy defaults;  // a scenario built in code gets the same defaults
  for (std::size_t a = 0; a < model::kMitigationActionCount; ++a) {
    CHECK(defaults.mitigations[a].median_duration == p.mitigations[a].median_duration);
    CHECK(defaults.mitigations[a].success_probability == p.mitigations[a].success_probability);
  }
}

TEST_CASE("load_scenario: a policy overrides only the values it names", "[scenario]") {
  json doc = minimal();
  doc["policy"] = {{"status_update_cadence_min", {{"P3", nullptr}, {"P4", 120}}},
                   {"mitigations", {{"restart", {{"median_duration_min", 1.5}}}}},
                   {"responders", {{"ack_median_night_min", 12}}}};
  const model::ResponsePolicy p = load_json(doc).policy;
  CHECK(p.status_update_cadence[0] == SimTime{15min});
  CHECK_FALSE(p.status_update_cadence[2].has_value());
  CHECK(p.status_update_cadence[3] == SimTime{120min});
  const auto& restart = p.mitigations[static_cast<std::size_t>(model::MitigationAction::Restart)];
  CHECK(restart.median_duration == 90s);
  CHECK(restart.success_probability == 0.90);
  CHECK(p.responders.ack_median_night == 12min);
  CHECK(p.responders.ack_median_day == 2min);
}

TEST_CASE("load_scenario: Alertmanager's route, false positives, fatigue and roles are read",
          "[scenario]") {
  json doc = minimal();
  const model::Scenario defaults = load_json(doc);
  CHECK(defaults.alert_route.group_by == std::vector{model::AlertLabel::AlertName});
  CHECK(defaults.alert_route.group_wait == 30s);
  CHECK(defaults.alert_route.group_interval == 5min);
  CHECK(defaults.false_positives.per_day == 0.0);
  doc["alerts"]["route"] = {
      {"group_by", {"service", "severity"}}, {"group_wait_s", 10}, {"group_interval_s", 120}};
  doc["alerts"]["false_positives"] = {{"per_day", 2.5}, {"duration_median_min", 3}};
  doc["policy"] = {{"responders",
                    {{"fatigue_ack_per_page", 0.3}, {"fatigue_miss_per_page", 0.5},
                     {"ready_after_wake_median_min", 7}, {"false_alarm_check_median_min", 4}}}};
  const model::Scenario s = load_json(doc);
  CHECK(s.alert_route.group_by ==
        std::vector{model::AlertLabel::Service, model::AlertLabel::Severity});
  CHECK(s.alert_route.group_wait == 10s);
  CHECK(s.alert_route.group_interval == 2min);
  CHECK(s.false_positives.per_day == 2.5);
  CHECK(s.false_positives.duration_median == 3min);
  CHECK(s.policy.responders.fatigue_ack_per_page == 0.3);
  CHECK(s.policy.responders.fatigue_miss_per_page == 0.5);
  CHECK(s.policy.responders.ready_after_wake_median == 7min);
  CHECK(s.policy.responders.false_alarm_check_median == 4min);
  CHECK_FALSE(s.policy.incident_commander.has_value());
  CHECK(s.policy.page_experts_up_to == model::Severity::P2);
  doc["policy"] = {{"incident_commander", {{"team", "t"}, {"up_to", "P1"}}},
                   {"comms_lead", {{"team", "t"}}},
                   {"page_experts_up_to", nullptr},
                   {"revenue_critical_raises", false},
                   {"misclassification_probability", 0.25},
                   {"coordination_overhead_per_responder", 0.5},
                   {"status_update_draft_median_min", 8}};
  const model::ResponsePolicy p = load_json(doc).policy;
  REQUIRE(p.incident_commander);
  CHECK(p.incident_commander->team == 0);
  CHECK(p.incident_commander->up_to == model::Severity::P1);
  REQUIRE(p.comms_lead);
  CHECK(p.comms_lead->up_to == model::Severity::P2);
  CHECK_FALSE(p.page_experts_up_to.has_value());
  CHECK_FALSE(p.revenue_critical_raises);
  CHECK(p.misclassification_probability == 0.25);
  CHECK(p.coordination_overhead_per_responder == 0.5);
  CHECK(p.status_update_draft_median == 8min);
}

TEST_CASE("load_scenario: observability, runbooks, familiarity, feature flags, changes, "
          "automation and the diagnosis and mitigation policy are read",
          "[scenario]") {
  json doc = minimal();
  const model::Scenario defaults = load_json(doc);
  CHECK(defaults.services[0].observability.traces);
  CHECK(defaults.services[0].runbooks.empty());
  CHECK(defaults.calls[0].feature_flag == false);  // hard calls have no flag by default
  CHECK(defaults.policy.diagnosis == model::DiagnosisStrategy::FollowTraces);
  CHECK_FALSE(defaults.policy.mitigate_first);
  CHECK(defaults.policy.handoff_at_shift_end);
  CHECK(defaults.changes.empty());
  CHECK(defaults.automation.empty());

  doc["services"][1]["observability"] = {{"traces", false}, {"logs", false}};
  doc["services"][1]["runbooks"] = {"crash_replicas", "bad_deploy"};
  doc["services"][2]["external"] = true;
  doc["services"][2]["secondary_provider"] = true;
  doc["calls"][0]["hard"] = false;
  doc["calls"][1]["feature_flag"] = true;
  doc["teams"][0]["people"][1]["familiar_with"] = {"b", "c"};
  doc["changes"] = {{{"id", "b-config"}, {"service", "b"}, {"at_min", 5}}};
  doc["automation"] = {
      {{"name", "restart"}, {"type", "restart_on_crash"}, {"delay_s", 30}, {"max_attempts", 5}},
      {{"name", "canary"},
       {"type", "rollback_failing_canary"},
       {"service", "b"},
       {"error_ratio_threshold", 0.02},
       {"analysis_interval_s", 120},
       {"failure_limit", 3}}};
  doc["policy"] = {{"diagnosis", "follow_alerts"},
                   {"mitigate_first", true},
                   {"recent_change_window_min", 30},
                   {"wrong_action_probability", 0.5},
                   {"handoff_at_shift_end", false},
                   {"first_update_deadline_min", {{"P1", 10}}},
                   {"scribe", {{"team", "t"}, {"up_to", "P1"}}},
                   {"responders", {{"step_factor_unfamiliar", 2.0}, {"handoff_median_min", 15}}}};
  const model::Scenario s = load_json(doc);
  CHECK_FALSE(s.services[1].observability.traces);
  CHECK_FALSE(s.services[1].observability.logs);
  CHECK(s.services[1].observability.metrics);
  CHECK(s.services[1].runbooks ==
        std::vector{model::FaultType::CrashReplicas, model::FaultType::BadDeploy});
  CHECK(s.services[2].secondary_provider);
  CHECK(s.calls[0].feature_flag);  // a soft call can be turned off
  CHECK(s.calls[1].feature_flag);
  CHECK(s.teams[0].people[1].familiar_with == std::vector<std::size_t>{1, 2});
  REQUIRE(s.changes.size() == 1);
  CHECK(s.changes[0].service == 1);
  CHECK(s.changes[0].at == 5min);
  REQUIRE(s.automation.size() == 2);
  CHECK(s.automation[0].kind == model::AutomationKind::RestartOnCrash);
  CHECK_FALSE(s.automation[0].service.has_value());
  CHECK(s.automation[0].delay == 30s);
  CHECK(s.automation[0].max_attempts == 5);
  CHECK(s.automation[1].kind == model::AutomationKind::RollbackFailingCanary);
  CHECK(s.automation[1].service == 1u);
  CHECK(s.automation[1].error_ratio_threshold == 0.02);
  CHECK(s.automation[1].analysis_interval == 2min);
  CHECK(s.automation[1].failure_limit == 3);
  CHECK(s.policy.diagnosis == model::DiagnosisStrategy::FollowAlerts);
  CHECK(s.policy.mitigate_first);
  CHECK(s.policy.recent_change_window == 30min);
  CHECK(s.policy.wrong_action_probability == 0.5);
  CHECK_FALSE(s.policy.handoff_at_shift_end);
  CHECK(s.policy.first_update_due(model::Severity::P1) == 10min);
  CHECK(s.policy.first_update_due(model::Severity::P2) == 30min);  // the cadence
  CHECK_FALSE(s.policy.first_update_due(model::Severity::P4).has_value());  // no status page
  REQUIRE(s.policy.scribe);
  CHECK(s.policy.scribe->up_to == model::Severity::P1);
  CHECK(s.policy.responders.step_factor_unfamiliar == 2.0);
  CHECK(s.policy.responders.handoff_median == 15min);
}

TEST_CASE("load_scenario: probes and the customers' side are read, with their defaults",
          "[scenario]") {
  json doc = minimal();
  const model::Scenario defaults = load_json(doc);
  CHECK(defaults.probe_rules.empty());
  // docs/scenario-format.md, "customers".
  CHECK(defaults.customers.report_probability == 1e-4);
  CHECK(defaults.customers.support_escalation_median == 15min);
  CHECK(defaults.customers.ticket_probability == 1e-4);
  CHECK(defaults.customers.silence_doubling == 30min);
  doc["alerts"]["probes"] = {{{"name", "checkout-probe"}, {"journey", "j"}},
                             {{"name", "c-probe"},
                              {"service", "c"},
                              {"interval_s", 30},
                              {"timeout_ms", 2000},
                              {"failures_to_alert", 2},
                              {"severity", "ticket"},
                              {"team", "t"}}};
  doc["customers"] = {{"report_probability", 0.002},
                      {"support_escalation_median_min", 20},
                      {"ticket_probability", 0.01},
                      {"silence_doubling_min", 45}};
  const model::Scenario s = load_json(doc);
  REQUIRE(s.probe_rules.size() == 2);
  const model::ProbeRule& journey = s.probe_rules[0];
  CHECK(journey.name == "checkout-probe");
  CHECK(journey.target_kind == model::TargetKind::Journey);
  CHECK(journey.target == 0);
  CHECK(journey.interval == 60s);
  CHECK(journey.timeout_ms == 10'000.0);
  CHECK(journey.failures_to_alert == 3);
  CHECK(journey.severity == model::AlertSeverity::Page);
  CHECK_FALSE(journey.team.has_value());
  const model::ProbeRule& service = s.probe_rules[1];
  CHECK(service.target_kind == model::TargetKind::Service);
  CHECK(service.target == 2);
  CHECK(service.interval == 30s);
  CHECK(service.timeout_ms == 2000.0);
  CHECK(service.failures_to_alert == 2);
  CHECK(service.severity == model::AlertSeverity::Ticket);
  CHECK(service.team == std::optional<std::size_t>{0});
  CHECK(s.customers.report_probability == 0.002);
  CHECK(s.customers.support_escalation_median == 20min);
  CHECK(s.customers.ticket_probability == 0.01);
  CHECK(s.customers.silence_doubling == 45min);
}

TEST_CASE("load_scenario: burn-rate presets are the SRE Workbook's multiwindow table",
          "[scenario]") {
  json doc = minimal();
  doc["alerts"]["burn_rate"] = {
      {{"name", "page"}, {"journey", "j"}, {"preset", "sre-workbook-page"}},
      {{"name", "ticket"}, {"journey", "j"}, {"preset", "sre-workbook-ticket"}}};
  const model::Scenario s = load_json(doc);
  // Google SRE Workbook ch. 5, "Alerting on SLOs", multiwindow, multi-burn-rate table: each
  // condition spends a set share of a 30-day budget in its long window (burn rate × long window
  // / period), and its short window is 1/12 of the long one.
  struct Row {
    SimTime long_window;
    double burn_rate;
    double budget_consumed;
  };
  const std::vector<std::vector<Row>> table{{{1h, 14.4, 0.02}, {6h, 6.0, 0.05}},
                                            {{24h, 3.0, 0.10}, {72h, 1.0, 0.10}}};
  const double period_h = 30 * 24;
  for (std::size_t r = 0; r < table.size(); ++r) {
    const auto& conditions = s.burn_rate_rules[r].conditions;
    REQUIRE(conditions.size() == table[r].size());
    for (std::size_t c = 0; c < conditions.size(); ++c) {
      const Row& row = table[r][c];
      CHECK(conditions[c].long_window == row.long_window);
      CHECK(conditions[c].short_window == row.long_window / 12);
      CHECK(conditions[c].burn_rate == Approx(row.burn_rate));
      const double long_h =
          std::chrono::duration<double, std::ratio<3600>>(row.long_window).count();
      CHECK(conditions[c].burn_rate * long_h / period_h == Approx(row.budget_consumed));
    }
  }
}

TEST_CASE("load_scenario: sre-workbook, sloth-30d and pyrra-28d presets page and ticket as their "
          "sources say",
          "[scenario]") {
  json doc = minimal();
  doc["alerts"]["burn_rate"] = {
      {{"name", "book"}, {"journey", "j"}, {"preset", "sre-workbook"}},
      {{"name", "sloth"}, {"journey", "j"}, {"preset", "sloth-30d"}},
      {{"name", "pyrra"}, {"journey", "j"}, {"preset", "pyrra-28d"}}};
  const model::Scenario s = load_json(doc);
  using model::AlertSeverity;
  struct Row {
    SimTime long_window, short_window;
    double burn_rate;
    std::optional<SimTime> for_duration;
    AlertSeverity severity;
  };
  const auto check = [](const model::BurnRateRule& rule, const std::vector<Row>& rows) {
    REQUIRE(rule.conditions.size() == rows.size());
    for (std::size_t c = 0; c < rows.size(); ++c) {
      CHECK(rule.conditions[c].long_window == rows[c].long_window);
      CHECK(rule.conditions[c].short_window == rows[c].short_window);
      CHECK(rule.conditions[c].burn_rate == rows[c].burn_rate);
      CHECK(rule.conditions[c].for_duration == rows[c].for_duration);
      CHECK(rule.conditions[c].severity == rows[c].severity);
    }
  };
  // SRE Workbook ch. 5, table of recommended parameters; Sloth's google-30d.yaml has the same
  // windows and budget shares (2 %, 5 %, 10 %, 10 % → share × 720 h / long window).
  const std::vector<Row> book{{1h, 5min, 14.4, std::nullopt, AlertSeverity::Page},
                              {6h, 30min, 6.0, std::nullopt, AlertSeverity::Page},
                              {24h, 2h, 3.0, std::nullopt, AlertSeverity::Ticket},
                              {72h, 6h, 1.0, std::nullopt, AlertSeverity::Ticket}};
  check(s.burn_rate_rules[0], book);
  check(s.burn_rate_rules[1], book);
  CHECK(0.02 * 720.0 / 1.0 == Approx(14.4));
  CHECK(0.05 * 720.0 / 6.0 == Approx(6.0));
  CHECK(0.10 * 720.0 / 24.0 == Approx(3.0));
  CHECK(0.10 * 720.0 / 72.0 == Approx(1.0));
  // Pyrra's Windows() for a 28-day objective: critical → page, warning → ticket.
  check(s.burn_rate_rules[2], {{1h, 5min, 14.0, 2min, AlertSeverity::Page},
                               {6h, 30min, 7.0, 15min, AlertSeverity::Page},
                               {24h, 2h, 2.0, 1h, AlertSeverity::Ticket},
                               {96h, 6h, 1.0, 3h, AlertSeverity::Ticket}});
}

TEST_CASE("load_scenario: working hours are the team's unless a person gives their own, and the "
          "currency is read",
          "[scenario]") {
  json doc = minimal();
  doc["run"]["currency"] = "EUR";
  doc["teams"][0]["working_hours"] = {{"days", {"sat", "sun"}}, {"start_hour", 7}};
  doc["teams"][0]["people"][1]["working_hours"] = {{"end_hour", 23}};
  const model::Scenario s = load_json(doc);
  CHECK(s.run.currency == "EUR");
  const model::WorkingHours& ana = s.teams[0].people[0].working_hours;
  CHECK(ana.start_hour == 7);
  CHECK(ana.end_hour == 18);
  CHECK(ana.days == std::array<bool, 7>{true, false, false, false, false, false, true});
  // Bo's own hours replace the team's whole: the default days and start, his end.
  const model::WorkingHours& bo = s.teams[0].people[1].working_hours;
  CHECK(bo.start_hour == 9);
  CHECK(bo.end_hour == 23);
  CHECK(bo.days == model::WorkingHours{}.days);
  // Without any: Monday to Friday 09:00–18:00, and US dollars.
  const model::Scenario plain = load_json(minimal());
  CHECK(plain.teams[0].people[0].working_hours == model::WorkingHours{});
  CHECK(plain.run.currency == "USD");
}

TEST_CASE("load_scenario: evaluation interval, keep_firing_for, severities and long-window-only "
          "conditions are read",
          "[scenario]") {
  json doc = minimal();
  doc["run"]["evaluation_interval_s"] = 60;
  doc["alerts"]["threshold"] = {{{"name", "r"},
                                 {"metric", "error_ratio"},
                                 {"journey", "j"},
                                 {"threshold", 0.001},
                                 {"window_s", 60},
                                 {"for_s", 3600},
                                 {"keep_firing_for_s", 300},
                                 {"severity", "ticket"}}};
  doc["alerts"]["burn_rate"] = {
      {{"name", "s"},
       {"journey", "j"},
       {"keep_firing_for_s", 600},
       {"conditions",
        {{{"long_window_min", 60}, {"burn_rate", 36}},
         {{"long_window_min", 4320}, {"burn_rate", 1}, {"severity", "ticket"}, {"for_min", 30}}}}}};
  const model::Scenario s = load_json(doc);
  CHECK(s.run.evaluation_interval == 60s);
  const model::ThresholdRule& t = s.threshold_rules.at(0);
  CHECK(t.for_duration == 1h);
  CHECK(t.keep_firing_for == 5min);
  CHECK(t.severity == model::AlertSeverity::Ticket);
  const model::BurnRateRule& b = s.burn_rate_rules.at(0);
  CHECK(b.keep_firing_for == 10min);
  CHECK_FALSE(b.conditions[0].short_window.has_value());
  CHECK(b.conditions[0].severity == model::AlertSeverity::Page);
  CHECK(b.conditions[1].long_window == 72h);
  CHECK(b.conditions[1].for_duration == 30min);
  CHECK(b.conditions[1].severity == model::AlertSeverity::Ticket);
}

TEST_CASE("load_scenario: date-times become UTC seconds and rotation starts become turn 0",
          "[scenario]") {
  using namespace std::chrono;
  const auto run_start = sys_days{year{2026} / November / 27} + 17h;
  const auto turn0 = [](const model::Team& t) {
    return t.schedules.at(0).layers.at(0).rotation_virtual_start;
  };

  json doc = minimal();
  doc["run"]["start"] = "2026-11-27T12:00:00-05:00";  // the same instant as 17:00Z
  SECTION("a rotation that started one day before the run") {
    doc["teams"][0]["rotation"] = {{"start", "2026-11-26T17:00:00Z"}};
    const model::Scenario s = load_json(doc);
    CHECK(s.run.start_unix_s == unix_seconds(run_start));
    CHECK(turn0(s.teams[0]) == run_start - 24h);
  }
  SECTION("a rotation starting later, written with a different offset") {
    doc["teams"][0]["rotation"] = {{"start", "2026-11-28T09:30:00+05:30"}, {"shift_h", 12}};
    const model::Scenario s = load_json(doc);
    // 09:30 at +05:30 is 04:00Z on the 28th: 11 h after the run's start.
    CHECK(turn0(s.teams[0]) == run_start + 11h);
    CHECK(s.teams[0].schedules[0].layers[0].rotation_turn_length == 12h);
  }
  SECTION("the bundled checkout rotation, handed over on Monday 09:00 in New York") {
    const model::Scenario s = load_scenario(kBundled);
    const auto handover = sys_days{year{2026} / November / 23} + 14h;  // 09:00-05:00
    const auto& checkout = *std::find_if(s.teams.begin(), s.teams.end(),
                                         [](const model::Team& t) { return t.name == "checkout"; });
    CHECK(turn0(checkout) == handover);
    CHECK(turn0(checkout) == run_start - (4 * 24h + 3h));
  }
}

TEST_CASE("load_scenario: escalation targets resolve to schedules and people, rotation members "
          "to people",
          "[scenario]") {
  json doc = minimal();
  doc["teams"][0]["people"].push_back({{"name", "Cy"}, {"time_zone", "Asia/Kolkata"}});
  doc["teams"][0]["rotation"] = {{"members", {"Bo", "Ana"}}};
  doc["teams"][0]["escalation"] = {{"levels",
                                    {{{"targets", {"primary"}}, {"delay_min", 5}},
                                     {{"targets", {"secondary", "Cy"}}, {"delay_min", 10}}}},
                                   {"loops", 2}};
  const model::Team t = load_json(doc).teams[0];
  CHECK(t.schedules.at(0).layers.at(0).users == std::vector<std::size_t>{1, 0});
  CHECK(t.schedules.at(1).layers.at(0).users == std::vector<std::size_t>{0, 1});
  CHECK(t.people[2].time_zone == "Asia/Kolkata");
  REQUIRE(t.escalation.levels.size() == 2);
  CHECK(t.escalation.levels[0].delay == 5min);
  CHECK(t.escalation.levels[0].targets[0].kind == model::EscalationTarget::Kind::Schedule);
  CHECK(t.escalation.levels[0].targets[0].index == 0);  // "primary"
  const auto& second = t.escalation.levels[1].targets;
  REQUIRE(second.size() == 2);
  CHECK(second[0].kind == model::EscalationTarget::Kind::Schedule);
  CHECK(second[0].index == 1);  // "secondary"
  CHECK(second[1].kind == model::EscalationTarget::Kind::Person);
  CHECK(second[1].index == 2);
  CHECK(t.escalation.loops == 2);
  CHECK(t.escalation.num_loops() == 1);
}

TEST_CASE("load_scenario: fault targets resolve by type", "[scenario]") {
  json doc = minimal();
  doc["faults"] = {
      {{"id", "crash"},
       {"type", "crash_replicas"},
       {"service", "b"},
       {"start_min", 1},
       {"end_min", 20},
       {"replicas", 3}},
      {{"id", "flaky-call"},
       {"type", "call_failure"},
       {"call", "b->c"},
       {"start_min", 2},
       {"error_ratio", 1}},
      {{"id", "surge"},
       {"type", "traffic_surge"},
       {"journey", "j"},
       {"start_min", 3},
       {"multiplier", 2.5}},
      {{"id", "everyone"}, {"type", "traffic_surge"}, {"start_min", 4}, {"multiplier", 1.5}}};
  const model::Scenario s = load_json(doc);
  REQUIRE(s.faults.size() == 4);
  CHECK(s.faults[0].type == model::FaultType::CrashReplicas);
  CHECK(s.faults[0].service == 1);
  CHECK(s.faults[0].replicas == 3);
  CHECK(s.faults[0].end == SimTime{20min});
  CHECK(s.faults[1].call == 1);
  CHECK(s.faults[1].error_ratio == 1.0);
  CHECK(s.faults[2].journey == std::optional<std::size_t>{0});
  CHECK(s.faults[2].multiplier == 2.5);
  CHECK_FALSE(s.faults[3].journey.has_value());
  CHECK(s.faults[3].start == SimTime{4min});
}

TEST_CASE("load_scenario: the complete example in docs/scenario-format.md loads", "[scenario]") {
  // The example is the document's first ```json block.
  std::ifstream in(kSourceDir / "docs/scenario-format.md");
  REQUIRE(in);
  const std::string doc{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const std::string fence = "```json\n";
  const auto begin = doc.find(fence);
  REQUIRE(begin != std::string::npos);
  const auto end = doc.find("```", begin + fence.size());
  REQUIRE(end != std::string::npos);
  const model::Scenario s =
      parse_scenario(doc.substr(begin + fence.size(), end - begin - fence.size()), "example");
  CHECK(s.services.size() == 3);
  CHECK(s.journeys.size() == 2);
  CHECK(s.teams[1].escalation.levels[2].targets[0].index == 2);
  CHECK(s.faults[1].type == model::FaultType::TrafficSurge);
}

TEST_CASE("load_scenario: retries, retry budgets, load shedding, queue limits and journey "
          "timeouts are read",
          "[scenario]") {
  json doc = minimal();
  doc["calls"][0]["retries"] = 3;
  doc["calls"][0]["retry_budget"] = 0.1;
  doc["calls"][0]["retry_backoff_ms"] = 50;
  doc["services"][1]["load_shedding"] = true;
  doc["services"][0]["queue_limit"] = 0;
  doc["journeys"][0]["timeout_ms"] = 5000;
  doc["calls"][1]["breaker"] = {{"error_threshold", 0.4}, {"open_s", 20}};
  const model::Scenario s = load_json(doc);
  REQUIRE(s.calls[1].breaker.has_value());
  CHECK(s.calls[1].breaker->error_threshold == 0.4);
  CHECK(s.calls[1].breaker->open_duration == 20s);
  CHECK_FALSE(s.calls[0].breaker.has_value());
  CHECK(s.calls[0].retries == 3);
  CHECK(s.calls[0].retry_budget == 0.1);
  CHECK(s.calls[0].retry_backoff_ms == 50.0);
  CHECK(s.services[1].load_shedding);
  CHECK_FALSE(s.services[0].load_shedding);
  CHECK(s.services[0].queue_limit == 0);
  CHECK_FALSE(s.services[1].queue_limit.has_value());
  CHECK(s.journeys[0].timeout_ms == 5000.0);
}

TEST_CASE("load_scenario: zones, external services and every fault type's parameters are read",
          "[scenario]") {
  json doc = minimal();
  doc["services"][0]["zones"] = {"eu-1a", "eu-1b"};
  doc["services"][2]["external"] = true;
  doc["faults"] = {
      {{"id", "deploy"}, {"type", "bad_deploy"}, {"service", "b"}, {"error_ratio", 0.4},
       {"start_min", 1},
       {"rollout", {{{"share", 0.05}, {"bake_min", 10}}, {{"share", 1}}}}},
      {{"id", "leak"}, {"type", "memory_leak"}, {"service", "b"}, {"capacity_factor", 0.3},
       {"leak_period_min", 45}, {"restart_s", 30}, {"start_min", 2}},
      {{"id", "zone"}, {"type", "zone_outage"}, {"zone", "eu-1b"}, {"start_min", 3}},
      {{"id", "gateway"}, {"type", "third_party_outage"}, {"service", "c"}, {"start_min", 4}},
      {{"id", "split"}, {"type", "network_partition"}, {"service", "a"},
       {"peer_service", "b"}, {"start_min", 5}},
      {{"id", "db"}, {"type", "datastore_failover"}, {"service", "c"},
       {"capacity_factor", 0.5}, {"outage_s", 90}, {"start_min", 6}},
      {{"id", "cert"}, {"type", "certificate_expiry"}, {"service", "a"}, {"start_min", 7}}};
  const model::Scenario s = load_json(doc);
  CHECK(s.services[0].zones == std::vector<std::string>{"eu-1a", "eu-1b"});
  CHECK(s.services[2].external);
  REQUIRE(s.faults.size() == 7);
  CHECK(s.faults[0].rollout.size() == 2);
  CHECK(s.faults[0].rollout[0].share == 0.05);
  CHECK(s.faults[0].rollout[0].bake == 10min);
  CHECK(s.faults[1].leak_period == 45min);
  CHECK(s.faults[1].restart_duration == 30s);
  CHECK(s.faults[1].capacity_factor == 0.3);
  CHECK(s.faults[2].zone == "eu-1b");
  CHECK(s.faults[3].error_ratio == 1.0);  // a third-party outage is total unless it says
  CHECK(s.faults[4].peer_service == 1);
  CHECK(s.faults[5].outage_duration == 90s);
  CHECK(s.faults[6].type == model::FaultType::CertificateExpiry);
}

TEST_CASE("load_scenario: fault and change processes are read and checked", "[scenario]") {
  json doc = minimal();
  doc["fault_processes"] = {{{"id", "b-replicas"},
                             {"fault", {{"type", "crash_replicas"}, {"service", "b"}, {"replicas", 1}}},
                             {"mttf_h", 200},
                             {"mttr_min", 15},
                             {"per_replica", true}}};
  doc["change_processes"] = {{{"id", "b-deploys"},
                              {"service", "b"},
                              {"deploys_per_day", 4},
                              {"change_failure_rate", 0.15},
                              {"error_ratio", 0.3}}};
  const model::Scenario s = load_json(doc);
  REQUIRE(s.fault_processes.size() == 1);
  CHECK(s.fault_processes[0].fault.type == model::FaultType::CrashReplicas);
  CHECK(s.fault_processes[0].fault.service == 1);
  CHECK(s.fault_processes[0].mttf == 200h);
  CHECK(s.fault_processes[0].mttr == 15min);
  CHECK(s.fault_processes[0].per_replica);
  REQUIRE(s.change_processes.size() == 1);
  CHECK(s.change_processes[0].deploys_per_day == 4.0);
  CHECK(s.change_processes[0].change_failure_rate == 0.15);

  SECTION("a process fault takes no schedule keys, and per_replica only crashes") {
    doc["fault_processes"][0]["fault"] = {
        {"type", "outage"}, {"service", "b"}, {"start_min", 3}};
    check_problems(problems_parsing(doc),
                   {{"/fault_processes/0/fault/start_min",
                     "unknown key \"start_min\" for fault type \"outage\" (expected one of: type, "
                     "service)"},
                    {"/fault_processes/0/per_replica",
                     "only a crash_replicas process can run per replica, got fault type "
                     "\"outage\""}});
  }
  SECTION("ids are unique across processes, and rates are in range") {
    doc["change_processes"][0]["id"] = "b-replicas";
    doc["change_processes"][0]["change_failure_rate"] = 1.5;
    doc["fault_processes"][0]["mttr_min"] = 0;
    check_problems(problems_parsing(doc),
                   {{"/fault_processes/0/mttr_min", "must be in (0, 44640], got 0"},
                    {"/change_processes/0/id", "duplicate process id \"b-replicas\""},
                    {"/change_processes/0/change_failure_rate", "must be in [0, 1], got 1.5"}});
  }
}

TEST_CASE("load_scenario: autoscaling is read, and cannot cap below the configured replicas",
          "[scenario]") {
  json doc = minimal();
  doc["services"][1]["autoscaling"] = {
      {"target_utilisation", 0.5}, {"max_replicas", 8}, {"reaction_s", 30}, {"cold_start_s", 45}};
  const model::Scenario s = load_json(doc);
  REQUIRE(s.services[1].autoscaling.has_value());
  CHECK(s.services[1].autoscaling->target_utilisation == 0.5);
  CHECK(s.services[1].autoscaling->max_replicas == 8);
  CHECK(s.services[1].autoscaling->reaction == 30s);
  CHECK(s.services[1].autoscaling->cold_start == 45s);
  doc["services"][1]["autoscaling"] = {{"max_replicas", 2}};  // b has 3 replicas
  check_problems(problems_parsing(doc),
                 {{"/services/1/autoscaling/max_replicas", "must be >= replicas (3), got 2"}});
}

TEST_CASE("load_scenario: a journey's traffic calendar is read and checked", "[scenario]") {
  json doc = minimal();
  doc["journeys"][0]["calendar"] = {
      {"time_zone", "America/New_York"},
      {"preset", "ecommerce-diurnal"},
      {"weekend_multiplier", 1.3},
      {"surges", {{{"name", "doorbusters"}, {"start", "2026-11-27T18:00:00Z"},
                   {"end", "2026-11-27T19:00:00Z"}, {"multiplier", 2.5}}}}};
  const model::Scenario s = load_json(doc);
  REQUIRE(s.journeys[0].calendar.has_value());
  const model::TrafficCalendar& c = *s.journeys[0].calendar;
  CHECK(c.time_zone == "America/New_York");
  CHECK(c.weekend_multiplier == 1.3);
  double mean = 0.0;
  for (const double h : c.hourly) mean += h / 24.0;
  CHECK(mean == Approx(1.0));  // the preset keeps the journey's mean rate
  REQUIRE(c.surges.size() == 1);
  CHECK(c.surges[0].start == 1h);  // the run starts at 17:00Z
  CHECK(c.surges[0].end == 2h);
  CHECK(c.surges[0].multiplier == 2.5);

  doc["journeys"][0]["calendar"] = {{"hourly", {1, 2, 3}}, {"time_zone", "Nowhere/Land"}};
  check_problems(problems_parsing(doc),
                 {{"/journeys/0/calendar/time_zone", "unknown time zone \"Nowhere/Land\""},
                  {"/journeys/0/calendar/hourly", "must list 24 hourly multipliers, got 3"}});
}

TEST_CASE("load_scenario: a scenario includes its topology and teams from files and names its "
          "policy by file, a variant swaps the policy and sets values by JSON pointer",
          "[scenario][variant]") {
  const fs::path dir = fs::temp_directory_path() / "firedrill-variant-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto write = [&dir](const std::string& name, const json& doc) {
    std::ofstream(dir / name) << doc.dump(2);
  };
  json whole = minimal();
  write("topology.json", {{"services", whole["services"]},
                          {"calls", whole["calls"]},
                          {"journeys", whole["journeys"]}});
  write("teams.json", {{"teams", whole["teams"]}});
  write("policy-a.json", {{"name", "slow-escalation"},
                          {"policy", {{"misclassification_probability", 0.0}}},
                          {"set", {{"/teams/0/escalation/levels/0/delay_min", 15}}}});
  write("plain-policy.json", {{"coordination_overhead_per_responder", 0.5}});
  json split = {{"format_version", 1},
                {"name", "split"},
                {"purpose", "The minimal scenario, from three files."},
                {"run", whole["run"]},
                {"include", {"topology.json", "teams.json"}},
                {"policy", "plain-policy.json"}};
  write("scenario.json", split);

  const model::Scenario s = load_scenario(dir / "scenario.json");
  CHECK(s.services.size() == 3);
  CHECK(s.teams.size() == 1);
  CHECK(s.policy.coordination_overhead_per_responder == 0.5);
  CHECK(s.policy_name == "scenario");
  CHECK(s.teams[0].escalation.levels[0].delay == 5min);

  const model::Scenario a =
      load_scenario(dir / "scenario.json",
                    {dir / "policy-a.json", {{"/teams/0/people/1/time_zone", "Europe/Paris"}}});
  CHECK(a.policy_name == "slow-escalation");
  CHECK(a.policy.misclassification_probability == 0.0);
  CHECK(a.policy.coordination_overhead_per_responder == 0.15);  // the file's policy replaced it
  CHECK(a.teams[0].escalation.levels[0].delay == 15min);
  CHECK(a.teams[0].people[1].time_zone == "Europe/Paris");

  SECTION("a setting whose parent does not exist, one past an array's end, and a bad value") {
    check_problems(problems_of([&] {
                     load_scenario(dir / "scenario.json",
                                   {std::nullopt,
                                    {{"/teams/3/name", "x"},
                                     {"/teams/0/people/7", "{}"},
                                     {"/run/duration_min", "-5"}}});
                   }),
                   {{"/teams/3/name", "cannot set it: /teams/3 does not exist"},
                    {"/teams/0/people/7",
                     "cannot set it: /teams/0/people has 2 elements, and \"7\" is not one of "
                     "their indices"},
                    {"/run/duration_min", "must be in (0, 44640], got -5"}});
  }
  SECTION("a member defined in the scenario and an included file") {
    split["teams"] = whole["teams"];
    write("scenario.json", split);
    check_problems(problems_loading(dir / "scenario.json"),
                   {{"/teams", "defined twice: in the scenario and in \"teams.json\""}});
  }
  SECTION("a missing include") {
    split["include"] = {"topology.json", "nope.json"};
    write("scenario.json", split);
    // The teams are missing too; the include's own problem names its pointer.
    const auto problems = problems_loading(dir / "scenario.json");
    const auto it = std::find_if(problems.begin(), problems.end(),
                                 [](const Problem& p) { return p.pointer == "/include/1"; });
    REQUIRE(it != problems.end());
    CHECK_THAT(it->message, Catch::Contains("nope.json\": it does not exist"));
  }
  fs::remove_all(dir);
}
