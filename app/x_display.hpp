#pragma once
// Whether the X display SFML will use can be opened: SFML aborts the process when it cannot.

namespace firedrill::app {

// Returns true iff Xlib opens the display DISPLAY names. The first call connects (a round trip
// to the X server) and keeps the connection for the process's life; later calls answer the same.
bool x_display_opens();

}  // namespace firedrill::app
