#pragma once
// How far an incident has come, as the live view shows it.

#include <cstddef>

namespace firedrill::visualizer {

// An incident's furthest phase reached, from the timeline's IncidentOpened (impact began,
// nobody knows), IncidentDetected, PageAcknowledged, IncidentMitigated and IncidentResolved
// events (a fault that expires before anyone notices is Mitigated without being Detected).
enum class IncidentPhase { Impact, Detected, Acknowledged, Mitigated, Resolved };
constexpr std::size_t kIncidentPhaseCount = 5;
const char* to_string(IncidentPhase phase);  // "impact", "detected", ...

}  // namespace firedrill::visualizer
