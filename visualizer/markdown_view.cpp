#include "visualizer/markdown_view.hpp"

#include <imgui.h>

#include <string>
#include <vector>

namespace firedrill::visualizer {
namespace {

std::vector<std::string> cells_of(std::string_view row) {
  std::vector<std::string> cells;
  row.remove_prefix(1);  // the leading '|'
  while (!row.empty()) {
    const std::size_t bar = row.find('|');
    std::string_view cell = row.substr(0, bar);
    while (!cell.empty() && cell.front() == ' ') cell.remove_prefix(1);
    while (!cell.empty() && cell.back() == ' ') cell.remove_suffix(1);
    cells.emplace_back(cell);
    if (bar == std::string_view::npos) break;
    row.remove_prefix(bar + 1);
  }
  if (!cells.empty() && cells.back().empty()) cells.pop_back();  // after the trailing '|'
  return cells;
}

void draw_table(const std::vector<std::vector<std::string>>& rows, int id) {
  std::size_t columns = 0;
  for (const auto& r : rows) columns = std::max(columns, r.size());
  if (columns == 0) return;
  ImGui::PushID(id);
  if (ImGui::BeginTable(
          "##table", static_cast<int>(columns),
          ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
    for (std::size_t r = 0; r < rows.size(); ++r) {
      ImGui::TableNextRow();
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        ImGui::TableSetColumnIndex(static_cast<int>(c));
        if (r == 0)
          ImGui::TextColored({0.65f, 0.80f, 1.0f, 1.0f}, "%s", rows[r][c].c_str());
        else
          ImGui::TextWrapped("%s", rows[r][c].c_str());
      }
    }
    ImGui::EndTable();
  }
  ImGui::PopID();
}

}  // namespace

void draw_markdown(std::string_view markdown) {
  std::vector<std::vector<std::string>> table;
  int tables = 0;
  const auto flush = [&] {
    if (!table.empty()) draw_table(table, tables++);
    table.clear();
  };
  while (!markdown.empty()) {
    const std::size_t end = markdown.find('\n');
    const std::string_view line = markdown.substr(0, end);
    markdown.remove_prefix(end == std::string_view::npos ? markdown.size() : end + 1);
    if (line.starts_with("|")) {
      if (!line.starts_with("|---")) table.push_back(cells_of(line));
      continue;
    }
    flush();
    if (line.starts_with("#")) {
      std::string_view title = line;
      while (title.starts_with("#")) title.remove_prefix(1);
      ImGui::Spacing();
      ImGui::TextColored({1.0f, 0.85f, 0.45f, 1.0f}, "%.*s", static_cast<int>(title.size() - 1),
                         title.data() + 1);
      ImGui::Separator();
    } else if (line.starts_with("- ")) {
      ImGui::Bullet();
      ImGui::TextWrapped("%.*s", static_cast<int>(line.size() - 2), line.data() + 2);
    } else if (!line.empty()) {
      ImGui::TextWrapped("%.*s", static_cast<int>(line.size()), line.data());
    }
  }
  flush();
}

}  // namespace firedrill::visualizer
