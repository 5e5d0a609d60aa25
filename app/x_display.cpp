// Apart from the rest of app/: Xlib's macros (None, Status, Bool) clash with SFML's names.
#include "app/x_display.hpp"

#include <X11/Xlib.h>

namespace firedrill::app {

bool x_display_opens() {
  // Kept open for the process's life: an X server that resets when its last client leaves
  // (Xvfb under xvfb-run) would refuse SFML's connection during the reset were it closed here.
  static Display* const display = XOpenDisplay(nullptr);
  return display != nullptr;
}

}  // namespace firedrill::app
