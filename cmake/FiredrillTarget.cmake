# One place that sets the language level, warnings and sanitizers for every firedrill target.
option(FIREDRILL_WERROR "Treat warnings as errors" OFF)
# The sanitizer job's set (scripts/test.sh): AddressSanitizer (with LeakSanitizer) and
# UndefinedBehaviorSanitizer, plus float-cast-overflow, which GCC's `undefined` leaves out; the
# first finding aborts the process, so no test can pass over one.
option(FIREDRILL_SANITIZE "Build with ASan and UBSan (incl. float-cast-overflow), no recovery" OFF)

set(firedrill_sanitize_flags "")
if(FIREDRILL_SANITIZE)
  list(APPEND firedrill_sanitize_flags
    -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all)
endif()

# The libFuzzer build (docs/fuzzing.md): clang's coverage instrumentation, AddressSanitizer and
# UndefinedBehaviorSanitizer on every target, any report fatal; tests/fuzz/ adds the fuzzers.
option(FIREDRILL_FUZZ "Build only the libraries and the libFuzzer targets (clang)" OFF)
if(FIREDRILL_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "FIREDRILL_FUZZ needs clang (libFuzzer): -DCMAKE_CXX_COMPILER=clang++")
  endif()
  if(FIREDRILL_SANITIZE)
    message(FATAL_ERROR "FIREDRILL_FUZZ sets its own sanitizers; leave FIREDRILL_SANITIZE off")
  endif()
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
  if(FIREDRILL_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined
                           -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
