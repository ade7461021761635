# Warning, tuning and sanitizer flags shared by every hoist target.
add_compile_options(-Wall -Wextra)
# g++ 12's -Wrestrict misfires inside libstdc++'s std::string concatenation when inlined at -O3
# (GCC bug 105329, fixed in 13); with -Werror it breaks Release builds on correct code.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  add_compile_options(-Wno-restrict)
endif()
# clang checks the lock rules written with base/thread_annotations.h (GUARDED_BY, REQUIRES).
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  add_compile_options(-Wthread-safety)
endif()
if(HOIST_WERROR)
  add_compile_options(-Werror)
endif()
if(HOIST_NATIVE)
  add_compile_options(-march=native)
endif()

if(HOIST_SANITIZE)
  string(REPLACE "," ";" _hoist_sanitizers "${HOIST_SANITIZE}")
  foreach(s IN LISTS _hoist_sanitizers)
    if(NOT s MATCHES "^(address|undefined|thread|leak)$")
      message(FATAL_ERROR "HOIST_SANITIZE: unknown sanitizer '${s}'")
    endif()
  endforeach()
  add_compile_options(-fsanitize=${HOIST_SANITIZE} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${HOIST_SANITIZE})
endif()

# libFuzzer builds: the project's code carries coverage instrumentation (fuzzer-no-link) and
# both sanitizers, so that the fuzzer sees which branches an input reaches and any memory or
# undefined-behaviour error stops it; only the fuzz_* executables link libFuzzer itself
# (hoist_fuzzer() in HoistTargets.cmake).
if(HOIST_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "HOIST_FUZZ needs clang (libFuzzer): -DCMAKE_CXX_COMPILER=clang++")
  endif()
  if(HOIST_SANITIZE)
    message(FATAL_ERROR "HOIST_FUZZ brings address,undefined itself; leave HOIST_SANITIZE empty")
  endif()
  # Meant for a Debug build type, so that assert()s stay on; -O1 as libFuzzer recommends, and
  # line tables are all stack traces need (and build much faster than full debug info).
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=all -O1 -gline-tables-only)
  add_link_options(-fsanitize=address,undefined)
endif()
