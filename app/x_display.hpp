#pragma once
// Whether the X display SFML will use can be opened: SFML aborts the process when it cannot.

namespace firedrill::app {

// Returns true iff Xlib opens the display DISPLAY names (then closes it again). Costs a round
// trip to the X server.
bool x_display_opens();

}  // namespace firedrill::app
