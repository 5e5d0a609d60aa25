// Apart from the rest of app/: Xlib's macros (None, Status, Bool) clash with SFML's names.
#include "app/x_display.hpp"

#include <X11/Xlib.h>

namespace firedrill::app {

bool x_display_opens() {
  Display* display = XOpenDisplay(nullptr);
  if (!display) return false;
  XCloseDisplay(display);
  return true;
}

}  // namespace firedrill::app
