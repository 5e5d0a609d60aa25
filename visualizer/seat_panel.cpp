#include "visualizer/seat_panel.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "scoring/describe.hpp"
#include "scoring/format.hpp"
#include "sim/model/on_call.hpp"

namespace firedrill::visualizer {
namespace {

using model::SimTime;

constexpr float kPageWidthPx = 520.0f;

std::string offset(SimTime t) { return scoring::format_offset(t); }

// "3:12": a countdown, whole seconds.
std::string countdown(SimTime left) {
  const auto s =
      std::max<long long>(0, std::chrono::duration_cast<std::chrono::seconds>(left).count());
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

using scoring::DashboardPoint;

// One line of a chart: a figure of the dashboard's points, times `scale` (100 for a percentage).
struct Series {
  double DashboardPoint::*figure;
  double scale;
};

constexpr float kChartLabelPx = 140.0f;

// The height of each of `rows` charts that share what is left of the region's height.
float chart_rows(int rows) {
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  return std::max(12.0f,
                  (ImGui::GetContentRegionAvail().y - spacing * static_cast<float>(rows - 1)) /
                      static_cast<float>(rows));
}

// One chart of the last hour, `height` pixels high across the region's width: `label` and the
// value now (the last point's; `format` takes one argument per series) on the left, the series as
// lines from 0 on the right, `threshold` (in the last series' scaled unit) as a dashed red line;
// the last series turns red above it. Hovering shows a minute's values.
void chart(const char* label, const std::vector<DashboardPoint>& points, float height,
           std::initializer_list<Series> series, const char* format,
           std::optional<double> threshold = std::nullopt) {
  if (points.empty()) return;
  const auto values = [&](const DashboardPoint& p) {
    std::vector<double> v;
    for (const Series& s : series) v.push_back(p.*(s.figure) * s.scale);
    return v;
  };
  const auto text = [&](const DashboardPoint& p) {
    const auto v = values(p);
    return v.size() == 1 ? fmt::format(fmt::runtime(format), v[0])
                         : fmt::format(fmt::runtime(format), v[0], v[1]);
  };
  const std::vector<double> now = values(points.back());
  const bool over = threshold && now.back() > *threshold;
  const ImVec4 red{0.95f, 0.40f, 0.32f, 1.0f};

  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float text_y = std::max(0.0f, (height - ImGui::GetTextLineHeight()) / 2);
  ImGui::SetCursorScreenPos({at.x, at.y + text_y});
  ImGui::TextDisabled("%s", label);
  ImGui::SameLine(0.0f, 6.0f);
  const std::string value = text(points.back());
  if (over)
    ImGui::TextColored(red, "%s", value.c_str());
  else
    ImGui::TextUnformatted(value.c_str());

  const ImVec2 min{at.x + kChartLabelPx, at.y};
  const ImVec2 max{at.x + std::max(kChartLabelPx + 40.0f, ImGui::GetContentRegionMax().x),
                   at.y + height};
  ImGui::SetCursorScreenPos(min);
  ImGui::InvisibleButton(label, {max.x - min.x, height});
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, ImGui::GetColorU32(ImGuiCol_FrameBg), 2.0f);
  double top = threshold ? *threshold * 1.25 : 0.0;
  for (const DashboardPoint& p : points)
    for (const double v : values(p)) top = std::max(top, v);
  top = top > 0 ? top * 1.1 : 1.0;
  const float inner = height - 4.0f;
  const auto y_of = [&](double v) {
    return max.y - 2.0f - static_cast<float>(std::clamp(v / top, 0.0, 1.0)) * inner;
  };
  const float step =
      (max.x - min.x) / static_cast<float>(std::max<std::size_t>(1, points.size() - 1));
  if (threshold) {
    const float y = y_of(*threshold);
    for (float x = min.x; x < max.x; x += 8.0f)
      draw->AddLine({x, y}, {std::min(x + 4.0f, max.x), y}, ImGui::GetColorU32(red), 1.0f);
  }
  // The last series (the only one, or p99 after p50) bright and on top; the others dimmer.
  const ImU32 main = over ? ImGui::GetColorU32(red) : IM_COL32(110, 190, 255, 255);
  for (std::size_t k = 0; k < series.size(); ++k) {
    std::vector<ImVec2> line;
    for (std::size_t i = 0; i < points.size(); ++i)
      line.push_back({min.x + step * static_cast<float>(i), y_of(values(points[i])[k])});
    draw->AddPolyline(line.data(), static_cast<int>(line.size()),
                      k + 1 == series.size() ? main : IM_COL32(190, 190, 200, 170),
                      ImDrawFlags_None, 1.5f);
  }
  if (ImGui::IsItemHovered()) {
    const float x = ImGui::GetIO().MousePos.x - min.x;
    const auto i = static_cast<std::size_t>(
        std::clamp(std::lround(x / step), 0L, static_cast<long>(points.size()) - 1));
    ImGui::SetTooltip("%s  %s: %s", offset(points[i].at).c_str(), label, text(points[i]).c_str());
  }
}

}  // namespace

SeatPanel::SeatPanel(const model::Scenario& scenario, std::string seat_text)
    : sc_(scenario), seat_text_(std::move(seat_text)) {}

void SeatPanel::outcome(const model::SeatAction& action,
                        const std::optional<model::Refusal>& refusal) {
  refusal_ = refusal ? refusal->reason : std::string();
  if (refusal) return;
  if (const auto* ack = std::get_if<model::seat::Acknowledge>(&action)) {
    incidents_.insert(ack->incident);
    incident_ = static_cast<int>(std::distance(incidents_.begin(), incidents_.find(ack->incident)));
  }
  if (std::holds_alternative<model::seat::PostStatus>(action)) message_[0] = '\0';
}

std::optional<model::SeatAction> SeatPanel::draw(const model::Run& run, const SeatFeed& feed,
                                                 std::optional<std::size_t> selected,
                                                 double clock_s, sf::Vector2f origin,
                                                 sf::Vector2f size, float window_height_px) {
  std::optional<model::SeatAction> chosen = draw_pages(run, clock_s, origin, size);
  ImGui::SetNextWindowPos({origin.x, origin.y + size.y - window_height_px});
  ImGui::SetNextWindowSize({size.x, window_height_px});
  const std::string title = "You: " + seat_text_ + "###seat";
  ImGui::SetNextWindowBgAlpha(0.97f);
  ImGui::Begin(title.c_str(), nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  if (ImGui::BeginTabBar("##seat-tabs")) {
    if (ImGui::BeginTabItem("Briefing")) {
      draw_briefing();
      ImGui::EndTabItem();
    }
    // Once paged, the actions show themselves.
    const bool paged = !run.seat_pages().empty() && !acting_shown_;
    if (paged) acting_shown_ = true;
    const auto shown = [&](SeatTab tab) {
      return show_ == tab ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
    };
    if (ImGui::BeginTabItem("Act", nullptr,
                            paged ? ImGuiTabItemFlags_SetSelected : shown(SeatTab::Act))) {
      if (auto a = draw_actions(selected); a && !chosen) chosen = std::move(a);
      ImGui::EndTabItem();
    }
    // A new finding shows itself.
    const bool fresh = run.seat_findings().size() > findings_seen_;
    findings_seen_ = run.seat_findings().size();
    if (ImGui::BeginTabItem("Findings", nullptr, fresh ? ImGuiTabItemFlags_SetSelected : 0)) {
      draw_findings(run);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Dashboard", nullptr, shown(SeatTab::Dashboard))) {
      draw_dashboard(run, feed, selected);
      ImGui::EndTabItem();
    }
    // The channel never brings itself forward (a page's Act tab keeps the front): its label
    // counts the lines said since it was last open.
    if (channel_open_ || show_ == SeatTab::Channel) channel_seen_ = feed.channel().size();
    channel_unread_ = feed.channel().size() - channel_seen_;
    const std::string channel = channel_unread_
                                    ? fmt::format("Channel ({})###channel", channel_unread_)
                                    : std::string("Channel###channel");
    channel_open_ = ImGui::BeginTabItem(channel.c_str(), nullptr, shown(SeatTab::Channel));
    if (channel_open_) {
      channel_seen_ = feed.channel().size();
      channel_unread_ = 0;
      draw_channel(feed);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Runbook", nullptr, shown(SeatTab::Runbook))) {
      draw_runbook(selected);
      ImGui::EndTabItem();
    }
    show_.reset();
    if (ImGui::BeginTabItem("Changes")) {
      draw_changes(run);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("On call")) {
      draw_on_call(run);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::End();
  return chosen;
}

// Each ringing page in front of the map, its title bar flashing, with what raised it, the
// team's runbooks and the escalation clock.
std::optional<model::SeatAction> SeatPanel::draw_pages(const model::Run& run, double clock_s,
                                                       sf::Vector2f origin, sf::Vector2f size) {
  std::optional<model::SeatAction> chosen;
  float y = origin.y + 12.0f;
  for (const model::RingingPage& page : run.seat_pages()) {
    const bool on = std::fmod(clock_s, 1.0) < 0.5;
    const ImVec4 red{0.80f, 0.12f, 0.10f, 1.0f};
    const ImVec4 dark{0.45f, 0.06f, 0.05f, 1.0f};
    ImGui::PushStyleColor(ImGuiCol_TitleBg, on ? red : dark);
    ImGui::PushStyleColor(ImGuiCol_TitleBgActive, on ? red : dark);
    ImGui::SetNextWindowPos({origin.x + (size.x - kPageWidthPx) / 2, y});
    ImGui::SetNextWindowSize({kPageWidthPx, 0});
    const std::string title =
        fmt::format("PAGE: INC-{} rings for you###page-{}", page.incident + 1, page.incident);
    ImGui::Begin(title.c_str(), nullptr,
                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                     ImGuiWindowFlags_AlwaysAutoResize);
    // The button first, where a click finds it whatever the page says.
    ImGui::PushStyleColor(ImGuiCol_Button, dark);
    if (ImGui::Button("Acknowledge (a)", {-1, 0})) chosen = model::seat::Acknowledge{page.incident};
    ImGui::PopStyleColor();
    const model::Team& team = sc_.teams[page.team];
    ImGui::TextWrapped("From %s's escalation policy, level %zu, since %s.", team.name.c_str(),
                       page.level + 1, offset(page.since).c_str());
    if (page.alerts.empty()) ImGui::TextWrapped("A responder paged your team.");
    for (const auto& [kind, rule] : page.alerts) {
      ImGui::Bullet();
      ImGui::TextWrapped("%s", scoring::describe_rule(sc_, kind, rule).c_str());
    }
    std::vector<std::string> runbooks;
    for (const model::Service& s : sc_.services)
      if (s.team == page.team && !s.runbooks.empty()) runbooks.push_back(s.name);
    ImGui::TextWrapped("Runbooks: %s", runbooks.empty()
                                           ? "none for your team's services"
                                           : fmt::format("{}", fmt::join(runbooks, ", ")).c_str());
    ImGui::TextColored(red, "Escalates to the next level in %s (at %s)",
                       countdown(page.escalates_at - run.now()).c_str(),
                       offset(page.escalates_at).c_str());
    ImGui::End();
    ImGui::PopStyleColor(2);
    y += 200.0f;
  }
  return chosen;
}

std::optional<model::SeatAction> SeatPanel::draw_actions(std::optional<std::size_t> selected) {
  namespace seat = model::seat;
  if (incidents_.empty()) {
    ImGui::TextWrapped(
        "No incident yet: when a page rings for you, acknowledge it. Meanwhile the map, the "
        "alerts and the dashboards are yours to read.");
    return std::nullopt;
  }
  const std::vector<std::size_t> mine(incidents_.begin(), incidents_.end());
  incident_ = std::clamp(incident_, 0, static_cast<int>(mine.size()) - 1);
  const std::size_t id = mine[static_cast<std::size_t>(incident_)];
  std::optional<model::SeatAction> chosen;
  // The last refusal first, where it is seen whatever the tab's scroll.
  if (!refusal_.empty())
    ImGui::TextColored({0.95f, 0.45f, 0.35f, 1.0f}, "Refused: %s", refusal_.c_str());
  const std::string current = fmt::format("INC-{}", id + 1);
  ImGui::SetNextItemWidth(110);
  if (ImGui::BeginCombo("incident", current.c_str())) {
    for (std::size_t k = 0; k < mine.size(); ++k)
      if (ImGui::Selectable(fmt::format("INC-{}", mine[k] + 1).c_str(),
                            static_cast<int>(k) == incident_))
        incident_ = static_cast<int>(k);
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(70);
  ImGui::Combo("##severity", &severity_, "P1\0P2\0P3\0P4\0");
  ImGui::SameLine();
  if (ImGui::Button("Declare severity"))
    chosen = seat::DeclareSeverity{id, static_cast<model::Severity>(severity_)};
  ImGui::SameLine();
  if (ImGui::Button("Escalate")) chosen = seat::Escalate{id};
  ImGui::SameLine();
  if (ImGui::Button("Resolve")) chosen = seat::Resolve{id};

  const std::string target =
      selected ? sc_.services[*selected].name : std::string("(select a service on the map)");
  if (ImGui::Button(("Investigate " + target).c_str()) && selected)
    chosen = seat::Investigate{id, *selected};
  std::string actions;
  for (std::size_t a = 0; a < model::kMitigationActionCount; ++a)
    actions += std::string(model::to_string(static_cast<model::MitigationAction>(a))) + '\0';
  ImGui::SetNextItemWidth(160);
  ImGui::Combo("##mitigation", &action_, actions.c_str());
  const auto action = static_cast<model::MitigationAction>(action_);
  if (action == model::MitigationAction::ScaleOut) {
    // 0: as the policy scales out; else to that many replicas.
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90);
    ImGui::InputInt("replicas (0: as needed)", &replicas_, 1, 5);
    replicas_ = std::clamp(replicas_, 0, model::kMaxScaleOutReplicas);
  }
  ImGui::SameLine();
  if (ImGui::Button(("Apply at " + target).c_str()) && selected)
    chosen = seat::Mitigate{id, action, *selected,
                            action == model::MitigationAction::ScaleOut ? replicas_ : 0};

  std::string teams;
  for (const model::Team& t : sc_.teams) teams += t.name + '\0';
  ImGui::SetNextItemWidth(160);
  ImGui::Combo("##team", &team_, teams.c_str());
  ImGui::SameLine();
  if (ImGui::Button("Page team")) chosen = seat::PageTeam{id, static_cast<std::size_t>(team_)};
  ImGui::SameLine();
  if (ImGui::Button("Ask for an incident commander"))
    chosen = seat::PageRole{id, model::Role::IncidentCommander};
  if (auto a = draw_people_actions(id); a && !chosen) chosen = std::move(a);
  if (auto a = draw_status_update(id); a && !chosen) chosen = std::move(a);
  return chosen;
}

// A person of any team: page them, hand them the incident, or give them a role.
std::optional<model::SeatAction> SeatPanel::draw_people_actions(std::size_t id) {
  namespace seat = model::seat;
  std::vector<model::PersonRef> people;
  std::string names;
  for (std::size_t t = 0; t < sc_.teams.size(); ++t)
    for (std::size_t p = 0; p < sc_.teams[t].people.size(); ++p) {
      people.push_back({t, p});
      names += sc_.teams[t].people[p].name + " (" + sc_.teams[t].name + ")" + '\0';
    }
  if (people.empty()) return std::nullopt;
  person_ = std::clamp(person_, 0, static_cast<int>(people.size()) - 1);
  const model::PersonRef who = people[static_cast<std::size_t>(person_)];
  std::optional<model::SeatAction> chosen;
  ImGui::SetNextItemWidth(160);
  ImGui::Combo("##person", &person_, names.c_str());
  ImGui::SameLine();
  if (ImGui::Button("Page")) chosen = seat::PagePerson{id, who};
  ImGui::SameLine();
  if (ImGui::Button("Hand off")) chosen = seat::HandOff{id, who};
  ImGui::SameLine();
  if (ImGui::Button("Give them a role...")) ImGui::OpenPopup("##role");
  if (ImGui::BeginPopup("##role")) {
    for (std::size_t r = 0; r < model::kRoleCount; ++r) {
      std::string role = model::to_string(static_cast<model::Role>(r));
      std::replace(role.begin(), role.end(), '_', ' ');
      if (ImGui::Selectable(role.c_str()))
        chosen = seat::AssignRole{id, static_cast<model::Role>(r), who};
    }
    ImGui::EndPopup();
  }
  return chosen;
}

// A status-page update: its phase, the journeys it names as affected, and the text.
std::optional<model::SeatAction> SeatPanel::draw_status_update(std::size_t id) {
  namespace seat = model::seat;
  affected_.resize(sc_.journeys.size(), false);
  std::vector<std::size_t> named;
  std::string label;
  for (std::size_t j = 0; j < sc_.journeys.size(); ++j)
    if (affected_[j]) {
      named.push_back(j);
      label += (label.empty() ? "" : ", ") + sc_.journeys[j].name;
    }
  ImGui::SetNextItemWidth(130);
  ImGui::Combo("##phase", &phase_, "investigating\0identified\0monitoring\0resolved\0");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(170);
  if (ImGui::BeginCombo("##affected", label.empty() ? "affected: none" : label.c_str())) {
    for (std::size_t j = 0; j < sc_.journeys.size(); ++j) {
      const bool on = affected_[j];
      if (ImGui::Selectable(sc_.journeys[j].name.c_str(), on, ImGuiSelectableFlags_DontClosePopups))
        affected_[j] = !on;
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 100);
  ImGui::InputText("##message", message_, sizeof message_);
  ImGui::SameLine();
  if (ImGui::Button("Post status") && message_[0] != '\0') {
    // In order of name, as the protocol keeps them.
    std::sort(named.begin(), named.end(), [this](std::size_t a, std::size_t b) {
      return sc_.journeys[a].name < sc_.journeys[b].name;
    });
    return seat::PostStatus{id, static_cast<seat::StatusPhase>(phase_), message_, named};
  }
  return std::nullopt;
}

// The selected service's runbook: what it covers, how each shows, what fixes it.
void SeatPanel::draw_runbook(std::optional<std::size_t> selected) const {
  if (!selected) {
    ImGui::TextDisabled("Select a service on the map to open its runbook.");
    return;
  }
  const std::string& name = sc_.services[*selected].name;
  const auto entries = model::runbook(sc_, *selected);
  if (entries.empty()) {
    ImGui::Text("%s has no runbook.", name.c_str());
    return;
  }
  ImGui::Text("Runbook: %s", name.c_str());
  for (const model::RunbookEntry& e : entries) {
    std::vector<std::string> fixes;
    for (const model::MitigationAction m : e.mitigations) fixes.push_back(model::to_string(m));
    std::string failure = model::to_string(e.fault);
    std::replace(failure.begin(), failure.end(), '_', ' ');
    ImGui::Bullet();
    ImGui::TextWrapped("%s: %s. Mitigate: %s", failure.c_str(), e.symptoms.c_str(),
                       fmt::format("{}", fmt::join(fixes, " or ")).c_str());
  }
}

// What the seat is told before the drill: who it plays, and a training drill's briefing.
void SeatPanel::draw_briefing() const {
  ImGui::TextWrapped(
      "You play %s. Everyone else follows the scenario's response policy. Space (or Play, "
      "top left) starts the drill and pauses it. The clock runs fast until you are paged, "
      "then at the trainer's pace. Select a service on the map to investigate it or act on "
      "it in the Act tab.",
      seat_text_.c_str());
  if (!sc_.briefing) return;
  ImGui::Spacing();
  ImGui::TextWrapped("Your role: %s", sc_.briefing->role.c_str());
  ImGui::Spacing();
  ImGui::TextWrapped("What you know: %s", sc_.briefing->context.c_str());
  ImGui::Spacing();
  ImGui::TextWrapped("What good looks like: %s", sc_.briefing->good_looks_like.c_str());
}

void SeatPanel::draw_findings(const model::Run& run) const {
  const auto& findings = run.seat_findings();
  if (findings.empty()) ImGui::TextDisabled("Investigate a service to see what it shows.");
  for (auto f = findings.rbegin(); f != findings.rend(); ++f) {
    const model::Service& s = sc_.services[f->service];
    ImGui::Text("%s  %s (INC-%zu)", offset(f->at).c_str(), s.name.c_str(), f->incident + 1);
    if (!s.observability.logs) ImGui::BulletText("no logs");
    for (const std::string& line : f->log_lines) ImGui::BulletText("%s", line.c_str());
    if (!s.observability.traces) {
      ImGui::BulletText("no traces");
    } else if (f->dependencies.empty()) {
      ImGui::BulletText("traces: its dependencies add no errors or latency");
    }
    for (const auto& d : f->dependencies)
      ImGui::BulletText("traces: %s gives %.0f %% of its errors, %.0f %% of its added latency",
                        sc_.services[d.service].name.c_str(), d.error_share * 100.0,
                        d.latency_share * 100.0);
  }
}

// The change feed: deploys and config pushes so far, newest first.
void SeatPanel::draw_changes(const model::Run& run) const {
  const auto feed = model::change_feed(sc_, run.faults(), run.now());
  if (feed.empty()) ImGui::TextDisabled("No deploys or config pushes so far.");
  for (auto c = feed.rbegin(); c != feed.rend(); ++c)
    ImGui::BulletText("%s  %s of %s", offset(c->at).c_str(), c->config ? "config push" : "deploy",
                      sc_.services[c->service].name.c_str());
}

// Who each team's escalation policy reaches now, level by level: whom a page would wake.
void SeatPanel::draw_on_call(const model::Run& run) const {
  for (std::size_t t = 0; t < sc_.teams.size(); ++t) {
    const model::Team& team = sc_.teams[t];
    ImGui::Text("%s", team.name.c_str());
    for (std::size_t l = 0; l < team.escalation.levels.size(); ++l) {
      std::vector<std::string> people;
      for (const auto& target : team.escalation.levels[l].targets)
        if (const auto who = model::resolve_target(sc_, t, target, run.now()))
          people.push_back(scoring::person_name(sc_, *who));
      const auto delay_min =
          std::chrono::duration_cast<std::chrono::minutes>(team.escalation.levels[l].delay).count();
      ImGui::BulletText("level %zu: %s (then %lld min)", l + 1,
                        people.empty() ? "nobody on call"
                                       : fmt::format("{}", fmt::join(people, ", ")).c_str(),
                        static_cast<long long>(delay_min));
    }
  }
}

// The last hour of the selected service's golden signals (where it has metrics) beside a
// journey's SLIs against its SLO, as small charts, one point a minute, each with its value now.
void SeatPanel::draw_dashboard(const model::Run& run, const SeatFeed& feed,
                               std::optional<std::size_t> selected) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float column = (ImGui::GetContentRegionAvail().x - style.ItemSpacing.x) / 2;
  ImGui::BeginChild("##service-dashboard", {column, 0});
  if (!selected) {
    ImGui::TextDisabled("Select a service on the map to see its last hour.");
  } else if (const model::Service& s = sc_.services[*selected]; !s.observability.metrics) {
    ImGui::Text("%s", s.name.c_str());
    ImGui::TextDisabled("%s has no metrics.", s.name.c_str());
  } else {
    const auto points = feed.dashboard(run, model::TargetKind::Service, *selected);
    const model::ServiceFlow& now = run.current_segment().services[*selected];
    ImGui::Text("%s", s.name.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("last hour, %d replicas up", now.healthy_replicas);
    const float rows = chart_rows(4);
    chart("rate", points, rows, {{&DashboardPoint::rate_rps, 1.0}}, "{:.1f} req/s");
    chart("errors", points, rows, {{&DashboardPoint::error_ratio, 100.0}}, "{:.2f} %");
    chart("p50/p99", points, rows,
          {{&DashboardPoint::p50_latency_ms, 1.0}, {&DashboardPoint::p99_latency_ms, 1.0}},
          "{:.0f}/{:.0f} ms");
    chart("saturation", points, rows, {{&DashboardPoint::utilisation, 100.0}}, "{:.0f} %", 100.0);
  }
  dashboard_fits_ = ImGui::GetScrollMaxY() <= 0;
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##journey-dashboard", {0, 0});
  // Until the person picks a journey, the one failing most now (the open steady state's error
  // ratio, an SLI every responder sees; ties to the first by name).
  if (!journey_picked_) {
    const model::Segment& open = run.current_segment();
    const auto failing = [&](std::size_t j) {
      const model::JourneyFlow& f = open.journeys[j];
      return f.offered_rps > 0 ? 1.0 - f.good_rps / f.offered_rps : 0.0;
    };
    std::size_t worst = 0;
    for (std::size_t j = 1; j < sc_.journeys.size(); ++j)
      if (failing(j) > failing(worst) ||
          (failing(j) == failing(worst) && sc_.journeys[j].name < sc_.journeys[worst].name))
        worst = j;
    journey_ = static_cast<int>(worst);
  }
  journey_ = std::clamp(journey_, 0, static_cast<int>(sc_.journeys.size()) - 1);
  const std::size_t j = static_cast<std::size_t>(journey_);
  const std::string preview = sc_.journeys[j].name + (journey_picked_ ? "" : " (worst now)");
  ImGui::SetNextItemWidth(std::min(190.0f, ImGui::GetContentRegionAvail().x * 0.6f));
  if (ImGui::BeginCombo("##journey", preview.c_str())) {
    for (std::size_t k = 0; k < sc_.journeys.size(); ++k)
      if (ImGui::Selectable(sc_.journeys[k].name.c_str(), k == j)) {
        journey_ = static_cast<int>(k);
        journey_picked_ = true;
      }
    ImGui::EndCombo();
  }
  const model::Slo& slo = sc_.journeys[j].slo;
  const double allowed = 1.0 - slo.objective;
  ImGui::SameLine();
  // The dashed line on its error chart is what the SLO allows to fail.
  const std::string objective = fmt::format("SLO {:g} %", slo.objective * 100.0);
  const std::string spelled = fmt::format("{}: {:g} % may fail", objective, allowed * 100.0);
  ImGui::TextDisabled("%s",
                      ImGui::CalcTextSize(spelled.c_str()).x <= ImGui::GetContentRegionAvail().x
                          ? spelled.c_str()
                          : objective.c_str());
  const auto points = feed.dashboard(run, model::TargetKind::Journey, j);
  const float rows = chart_rows(3);
  chart("rate", points, rows, {{&DashboardPoint::rate_rps, 1.0}}, "{:.1f} req/s");
  chart("errors", points, rows, {{&DashboardPoint::error_ratio, 100.0}}, "{:.2f} %",
        allowed * 100.0);
  chart("p50/p99", points, rows,
        {{&DashboardPoint::p50_latency_ms, 1.0}, {&DashboardPoint::p99_latency_ms, 1.0}},
        "{:.0f}/{:.0f} ms", slo.p99_latency_ms);
  dashboard_fits_ = dashboard_fits_ && ImGui::GetScrollMaxY() <= 0;
  ImGui::EndChild();
}

// The incident channel, newest first: what the responders around the seat said and did.
void SeatPanel::draw_channel(const SeatFeed& feed) const {
  const auto& lines = feed.channel();
  if (lines.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped(
        "Nobody has said anything yet: what the responders around you say and do shows here.");
    ImGui::PopStyleColor();
  }
  for (auto l = lines.rbegin(); l != lines.rend(); ++l) {
    ImGui::TextDisabled("%s", offset(l->at).c_str());
    ImGui::SameLine();
    ImGui::TextWrapped("%s", l->text.c_str());
  }
}

}  // namespace firedrill::visualizer
