#pragma once
// Dear ImGui on SFML: Debian's libimgui-dev renders through its OpenGL2 backend on SFML's GL
// context; this shim feeds ImGui SFML's input and display size (ImGui 1.86's KeysDown/KeyMap
// API). SFML stays in visualizer/.

#include <SFML/Graphics/RenderTarget.hpp>
#include <SFML/System/Time.hpp>
#include <SFML/Window/Event.hpp>
#include <array>
#include <string>

namespace firedrill::visualizer {

// Owns an ImGui context for one render target. REQUIRES: the target's GL context is active
// when constructing, rendering and destroying. Not copyable; one at a time.
class ImGuiLayer {
 public:
  // Loads `font_file` (TTF) at `font_px` pixels; throws std::runtime_error if it cannot.
  ImGuiLayer(const std::string& font_file, float font_px);
  ~ImGuiLayer();
  ImGuiLayer(const ImGuiLayer&) = delete;
  ImGuiLayer& operator=(const ImGuiLayer&) = delete;

  // Draws text `font_px` pixels high (scaling the loaded font) and every padding, spacing and
  // rounding `style_scale` times ImGui's dark style's.
  void set_scale(float font_px, float style_scale);
  // Passes an SFML event to ImGui.
  void handle(const sf::Event& event);
  // Starts a frame of `size` pixels, `elapsed` after the last one.
  void new_frame(sf::Vector2u size, sf::Time elapsed);
  // Draws the frame's widgets over what `target` holds.
  void render(sf::RenderTarget& target);
  // True iff ImGui wants the mouse (or keyboard): the graph must not take that input too.
  bool wants_mouse() const;
  bool wants_keyboard() const;

 private:
  // ImGui 1.86 reads the buttons' state once a frame: a press and its release within one frame
  // (a quick click, a scripted one) would never be seen down. Such a release waits a frame.
  float loaded_font_px_;
  std::array<bool, 3> pressed_this_frame_{};
  std::array<bool, 3> release_next_frame_{};
};

}  // namespace firedrill::visualizer
