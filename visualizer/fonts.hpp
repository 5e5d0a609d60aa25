#pragma once
// The fonts the live view draws with: DejaVu Sans from Debian's fonts-dejavu-core, read at run
// time (never committed).

#include <filesystem>

namespace firedrill::visualizer {

// Returns the DejaVu Sans TTF file (Bold when `bold`). Throws std::runtime_error naming the
// package to install when it is missing.
std::filesystem::path dejavu_sans(bool bold = false);

}  // namespace firedrill::visualizer
