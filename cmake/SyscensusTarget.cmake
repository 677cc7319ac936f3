# One helper for every library target: the folder is the target, the include
# prefix and the namespace; warnings are shared.
function(syscensus_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
  if(SYSCENSUS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(SYSCENSUS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

function(syscensus_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPENDS})
  syscensus_warnings(${name})
endfunction()
