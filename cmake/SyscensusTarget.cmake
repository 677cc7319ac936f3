# One helper for every library target: the folder is the target, the include
# prefix and the namespace; warnings are shared.
function(syscensus_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
  if(SYSCENSUS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  # GCC 12's flow analysis, confused by the sanitizers' checks, reports
  # uninitialised members inside libstdc++ (std::regex's std::function).
  if(SYSCENSUS_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
endfunction()

if(SYSCENSUS_SANITIZE)
  # No vptr check: it needs the typeinfo of SOCI's backend classes, which Debian's
  # SOCI libraries do not export (the link fails on soci::postgresql_session_backend).
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# libFuzzer builds of tests/fuzz: every object carries the fuzzer's coverage
# hooks and ASan/UBSan (any UB aborts, so the fuzzer keeps the input).
option(SYSCENSUS_FUZZ "Build only the libFuzzer targets of tests/fuzz (needs clang)" OFF)
if(SYSCENSUS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SYSCENSUS_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

function(syscensus_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPENDS})
  syscensus_warnings(${name})
endfunction()
