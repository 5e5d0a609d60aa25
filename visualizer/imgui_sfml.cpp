#include "visualizer/imgui_sfml.hpp"

#include <imgui.h>
#include <imgui_impl_opengl2.h>

#include <stdexcept>

namespace firedrill::visualizer {
namespace {

// ImGui's key map, as indices into io.KeysDown (SFML's key codes).
void map_keys(ImGuiIO& io) {
  using K = sf::Keyboard;
  const std::pair<ImGuiKey, K::Key> keys[] = {
      {ImGuiKey_Tab, K::Tab},
      {ImGuiKey_LeftArrow, K::Left},
      {ImGuiKey_RightArrow, K::Right},
      {ImGuiKey_UpArrow, K::Up},
      {ImGuiKey_DownArrow, K::Down},
      {ImGuiKey_PageUp, K::PageUp},
      {ImGuiKey_PageDown, K::PageDown},
      {ImGuiKey_Home, K::Home},
      {ImGuiKey_End, K::End},
      {ImGuiKey_Insert, K::Insert},
      {ImGuiKey_Delete, K::Delete},
      {ImGuiKey_Backspace, K::Backspace},
      {ImGuiKey_Space, K::Space},
      {ImGuiKey_Enter, K::Enter},
      {ImGuiKey_Escape, K::Escape},
      {ImGuiKey_KeyPadEnter, K::Enter},
      {ImGuiKey_A, K::A},
      {ImGuiKey_C, K::C},
      {ImGuiKey_V, K::V},
      {ImGuiKey_X, K::X},
      {ImGuiKey_Y, K::Y},
      {ImGuiKey_Z, K::Z},
  };
  for (const auto& [imgui_key, sfml_key] : keys) io.KeyMap[imgui_key] = sfml_key;
}

void set_key(ImGuiIO& io, const sf::Event::KeyEvent& key, bool down) {
  if (key.code >= 0 && key.code < static_cast<int>(sizeof io.KeysDown))
    io.KeysDown[key.code] = down;
  io.KeyCtrl = key.control;
  io.KeyShift = key.shift;
  io.KeyAlt = key.alt;
  io.KeySuper = key.system;
}

}  // namespace

ImGuiLayer::ImGuiLayer(const std::string& font_file, float font_px) : loaded_font_px_(font_px) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no imgui.ini written into the user's directory
  map_keys(io);
  // Latin-1 and the punctuation, arrows, maths and shapes the panel writes (—, …, →, ×, ≥).
  static const ImWchar kGlyphs[] = {0x0020, 0x00FF, 0x2000, 0x206F, 0x2190, 0x21FF,
                                    0x2200, 0x22FF, 0x25A0, 0x25FF, 0};
  if (!io.Fonts->AddFontFromFileTTF(font_file.c_str(), font_px, nullptr, kGlyphs)) {
    ImGui::DestroyContext();
    throw std::runtime_error("cannot load the font " + font_file +
                             " (install Debian's fonts-dejavu-core)");
  }
  ImGui::StyleColorsDark();
  ImGui_ImplOpenGL2_Init();
}

void ImGuiLayer::set_scale(float font_px, float style_scale) {
  ImGui::GetIO().FontGlobalScale = font_px / loaded_font_px_;
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.ScaleAllSizes(style_scale);
  ImGui::GetStyle() = style;
}

ImGuiLayer::~ImGuiLayer() {
  ImGui_ImplOpenGL2_Shutdown();
  ImGui::DestroyContext();
}

void ImGuiLayer::handle(const sf::Event& event) {
  ImGuiIO& io = ImGui::GetIO();
  switch (event.type) {
    case sf::Event::MouseMoved:
      io.MousePos =
          ImVec2(static_cast<float>(event.mouseMove.x), static_cast<float>(event.mouseMove.y));
      break;
    case sf::Event::MouseButtonPressed:
    case sf::Event::MouseButtonReleased:
      if (event.mouseButton.button < 3) {
        const auto b = static_cast<std::size_t>(event.mouseButton.button);
        if (event.type == sf::Event::MouseButtonPressed) {
          io.MouseDown[b] = pressed_this_frame_[b] = true;
          release_next_frame_[b] = false;
        } else if (pressed_this_frame_[b]) {
          release_next_frame_[b] = true;
        } else {
          io.MouseDown[b] = false;
        }
      }
      io.MousePos =
          ImVec2(static_cast<float>(event.mouseButton.x), static_cast<float>(event.mouseButton.y));
      break;
    case sf::Event::MouseWheelScrolled:
      if (event.mouseWheelScroll.wheel == sf::Mouse::VerticalWheel)
        io.MouseWheel += event.mouseWheelScroll.delta;
      else
        io.MouseWheelH += event.mouseWheelScroll.delta;
      break;
    case sf::Event::KeyPressed:
    case sf::Event::KeyReleased:
      set_key(io, event.key, event.type == sf::Event::KeyPressed);
      break;
    case sf::Event::TextEntered:
      if (event.text.unicode >= ' ' && event.text.unicode != 127)
        io.AddInputCharacter(event.text.unicode);
      break;
    case sf::Event::LostFocus:
      for (bool& down : io.KeysDown) down = false;
      break;
    default:
      break;
  }
}

void ImGuiLayer::new_frame(sf::Vector2u size, sf::Time elapsed) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(size.x), static_cast<float>(size.y));
  io.DeltaTime = std::max(elapsed.asSeconds(), 1e-4f);
  pressed_this_frame_ = {};
  ImGui_ImplOpenGL2_NewFrame();
  ImGui::NewFrame();
}

void ImGuiLayer::render(sf::RenderTarget& target) {
  ImGui::Render();
  // This frame saw the quick clicks' presses: their releases count from the next one.
  ImGuiIO& io = ImGui::GetIO();
  for (std::size_t b = 0; b < release_next_frame_.size(); ++b)
    if (release_next_frame_[b]) io.MouseDown[b] = release_next_frame_[b] = false;
  target.pushGLStates();
  ImGui_ImplOpenGL2_RenderDrawData(ImGui::GetDrawData());
  target.popGLStates();
}

bool ImGuiLayer::wants_mouse() const { return ImGui::GetIO().WantCaptureMouse; }
bool ImGuiLayer::wants_keyboard() const { return ImGui::GetIO().WantCaptureKeyboard; }

}  // namespace firedrill::visualizer
