# One place that sets the language level, warnings and sanitizers for every firedrill target.
option(FIREDRILL_WERROR "Treat warnings as errors" OFF)
set(FIREDRILL_SANITIZERS "" CACHE STRING "Comma-separated -fsanitize= list, e.g. address,undefined")
# The sanitizer job's set (scripts/test.sh): AddressSanitizer (with LeakSanitizer) and
# UndefinedBehaviorSanitizer, plus float-cast-overflow, which GCC's `undefined` leaves out; the
# first finding aborts the process, so no test can pass over one.
option(FIREDRILL_SANITIZE "Build with ASan and UBSan (incl. float-cast-overflow), no recovery" OFF)

set(firedrill_sanitize_flags "")
if(FIREDRILL_SANITIZE)
  list(APPEND firedrill_sanitize_flags
    -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all)
elseif(FIREDRILL_SANITIZERS)
  list(APPEND firedrill_sanitize_flags -fsanitize=${FIREDRILL_SANITIZERS})
endif()

function(firedrill_target target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion)
  if(FIREDRILL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(firedrill_sanitize_flags)
    target_compile_options(${target} PRIVATE ${firedrill_sanitize_flags} -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE ${firedrill_sanitize_flags})
  endif()
  # The graphics driver must stay mapped until LeakSanitizer runs (the file says why).
  get_target_property(type ${target} TYPE)
  if(FIREDRILL_SANITIZE AND type STREQUAL "EXECUTABLE")
    target_sources(${target} PRIVATE
      ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/sanitize/keep_modules_mapped.cpp)
    target_link_libraries(${target} PRIVATE ${CMAKE_DL_LIBS})
  endif()
endfunction()
