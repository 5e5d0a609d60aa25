#pragma once
// Draws the Markdown firedrill writes (debrief.md) with Dear ImGui widgets in the current window:
// headings, paragraphs, "- " bullets and pipe tables, the subset our writers use.

#include <string_view>

namespace firedrill::visualizer {

// REQUIRES: inside an ImGui window of the current frame.
void draw_markdown(std::string_view markdown);

}  // namespace firedrill::visualizer
