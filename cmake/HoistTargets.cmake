# Small helpers so each module's CMakeLists.txt says only what is particular to it.

# hoist_library(NAME SOURCES ... [DEPS ...]): a static library whose headers are included by
# their path from the source root ("sigv4/signer.h", "engine/http/client.h").
function(hoist_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/include)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# hoist_test(NAME SOURCES ... [DEPS ...] [LABELS ...] [PREFIX p]): a GoogleTest binary; every
# TEST() becomes its own ctest test, so a failing case is named in ctest's summary. PREFIX
# tells apart the ctest names of binaries built from the same tests (e.g. one per server).
function(hoist_test name)
  cmake_parse_arguments(ARG "" "PREFIX" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE
    HOIST_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    HOIST_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  gtest_discover_tests(${name}
    TEST_PREFIX "${ARG_PREFIX}"
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${ARG_LABELS}")
endfunction()

# hoist_benchmark(NAME SOURCES ... [DEPS ...]): a Google Benchmark binary.
function(hoist_benchmark name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark benchmark::benchmark_main)
endfunction()
