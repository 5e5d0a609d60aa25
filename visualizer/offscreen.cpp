#include "visualizer/offscreen.hpp"

#include <SFML/Graphics/RenderTexture.hpp>
#include <stdexcept>

namespace firedrill::visualizer {
namespace {

// ImGui lays a window out from the frame after its first: draw a few before taking the picture.
constexpr int kSettleFrames = 3;

}  // namespace

sf::Image render_offscreen(const model::Scenario& scenario, std::uint64_t seed,
                           const LiveViewOptions& options, model::SimTime at, sf::Vector2u size) {
  sf::RenderTexture texture;
  if (!texture.create(size.x, size.y))
    throw std::runtime_error("cannot create an offscreen render target");
  if (!texture.setActive(true)) throw std::runtime_error("cannot activate the GL context");
  LiveView view(scenario, seed, options, texture);
  view.seek(at);
  for (int i = 0; i < kSettleFrames; ++i) view.draw(sf::milliseconds(16));
  texture.display();
  return texture.getTexture().copyToImage();
}

}  // namespace firedrill::visualizer
