# Small helpers so each module's CMakeLists.txt says only what is particular to it.

# hoist_library(NAME SOURCES ... [DEPS ...]): a static library whose headers are included by
# their path from the source root ("sigv4/signer.h", "engine/http/client.h"). With
# HOIST_UNITY_BUILD (the default) its sources compile 8 to a translation unit: the headers
# they share (the standard library, nlohmann/json, CLI11) are parsed once per batch, which
# took a g++ build of the libraries and the CLI from 9.5 to 3.6 CPU-minutes. Names in
# anonymous namespaces must therefore differ between the files of one library.
function(hoist_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES UNITY_BUILD ${HOIST_UNITY_BUILD} UNITY_BUILD_BATCH_SIZE 8)
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/include)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# What every compiled test source gets: where the test data and the build tree are, and no
# optimisation whatever the build type. g++ 12 compiles a large test file in less than half
# the time at -O0 than at -O2 -g (cli_transfer_test.cpp: 14 s against 32 s), and no test's
# speed depends on how its own code is optimised; the code under test keeps the build's flags.
function(hoist_test_compile_settings target)
  target_compile_definitions(${target} PRIVATE
    HOIST_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    HOIST_BINARY_DIR="${PROJECT_BINARY_DIR}")
  target_compile_options(${target} PRIVATE -O0)
endfunction()

# hoist_test_sources(NAME SOURCES ... [DEPS ...]): test sources that several hoist_test()
# binaries share, compiled once (an object library); a binary takes them by listing NAME in
# its DEPS.
function(hoist_test_sources name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} OBJECT ${ARG_SOURCES})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} GTest::gtest GTest::gmock)
  hoist_test_compile_settings(${name})
endfunction()

# hoist_test(NAME SOURCES ... [DEPS ...] [LABELS ...] [PREFIX p] [THREADS]): a GoogleTest
# binary; every TEST() becomes its own ctest test, so a failing case is named in ctest's
# summary. PREFIX tells apart the ctest names of binaries built from the same tests (e.g. one
# per server). THREADS: its tests run the engine's or the server's threads, so the
# ThreadSanitizer pass of tools/test.sh runs them (label threads; built by the target
# hoist_thread_tests, which tests/CMakeLists.txt defines).
function(hoist_test name)
  cmake_parse_arguments(ARG "THREADS" "PREFIX" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  hoist_test_compile_settings(${name})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  gtest_discover_tests(${name}
    TEST_PREFIX "${ARG_PREFIX}"
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${ARG_LABELS}")
  if(ARG_THREADS)
    add_dependencies(hoist_thread_tests ${name})
    # The label is added by ctest, after the discovered tests are read in: their properties
    # pass through gtest_discover_tests as a flattened list, which cannot carry two labels.
    # ${name}_TESTS is the list of test names the discovery script defines.
    set(label_file "${CMAKE_CURRENT_BINARY_DIR}/${name}_threads_label.cmake")
    file(WRITE "${label_file}"
      "if(${name}_TESTS)\n"
      "  set_tests_properties(\${${name}_TESTS} PROPERTIES LABELS \"${ARG_LABELS};threads\")\n"
      "endif()\n")
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${label_file}")
  endif()
endfunction()

# hoist_benchmark(NAME SOURCES ... [DEPS ...]): a Google Benchmark binary.
function(hoist_benchmark name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark benchmark::benchmark_main)
endfunction()

# hoist_fuzzer(NAME SOURCES ... [DEPS ...]): the libFuzzer executable fuzz_NAME (HOIST_FUZZ
# builds only), and a ctest test (label fuzz) that runs it once over each input of its seed
# corpus tests/fuzz/corpus/NAME and of tests/fuzz/regressions/NAME, inputs that once crashed.
function(hoist_fuzzer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  set(target fuzz_${name})
  add_executable(${target} ${ARG_SOURCES})
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/include)
  target_link_libraries(${target} PRIVATE ${ARG_DEPS})
  target_link_options(${target} PRIVATE -fsanitize=fuzzer)
  add_dependencies(hoist_fuzz ${target})
  set(inputs)
  foreach(dir corpus regressions)
    if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/tests/fuzz/${dir}/${name})
      list(APPEND inputs ${PROJECT_SOURCE_DIR}/tests/fuzz/${dir}/${name})
    endif()
  endforeach()
  # -runs=0: execute the given inputs and stop, without mutating (so nothing is written).
  add_test(NAME ${target}_inputs COMMAND ${target} -runs=0 -timeout=10 ${inputs})
  set_tests_properties(${target}_inputs PROPERTIES LABELS fuzz)
endfunction()
