#include "visualizer/fonts.hpp"

#include <stdexcept>

namespace firedrill::visualizer {

std::filesystem::path dejavu_sans(bool bold) {
  const std::filesystem::path file = std::filesystem::path("/usr/share/fonts/truetype/dejavu") /
                                     (bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf");
  if (!std::filesystem::exists(file))
    throw std::runtime_error("font " + file.string() +
                             " not found: install Debian's fonts-dejavu-core "
                             "(scripts/bootstrap.sh does)");
  return file;
}

}  // namespace firedrill::visualizer
