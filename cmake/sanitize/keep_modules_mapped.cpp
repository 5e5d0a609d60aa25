// Linked into every executable of the sanitizer build (FIREDRILL_SANITIZE): no shared library is
// unmapped before LeakSanitizer looks for leaks at exit.
//
// Why: Mesa's GLX unloads its DRI driver (dlclose of swrast_dri.so, the llvmpipe renderer under
// Xvfb) when SFML closes the X display. The blocks the driver still holds in its own globals are
// then unreachable, so LeakSanitizer reports them as leaked (3 blocks, 240 bytes, allocated
// from "<unknown module>" since the driver is gone), and GCC 12's LeakSanitizer can suppress
// neither an unknown module nor an address. With the driver kept mapped until exit they are
// reachable again, so nothing needs suppressing and a real leak still shows, with its module.

#include <dlfcn.h>
#include <link.h>

// Interposes the C library's dlclose (this executable comes first in symbol lookup): marks the
// module RTLD_NODELETE (a dlopen of a loaded module only changes its flags and count), then
// closes as asked. The module's destructors then run at exit, as for any module never closed.
extern "C" int dlclose(void* handle) {
  using Dlclose = int (*)(void*);
  static const auto next = reinterpret_cast<Dlclose>(dlsym(RTLD_NEXT, "dlclose"));
  link_map* module = nullptr;
  if (dlinfo(handle, RTLD_DI_LINKMAP, &module) == 0 && module != nullptr &&
      module->l_name != nullptr && module->l_name[0] != '\0')
    dlopen(module->l_name, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
  return next(handle);
}
