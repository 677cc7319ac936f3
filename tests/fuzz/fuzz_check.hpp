#pragma once
// Assertions for the fuzz targets: a violated property prints what and where,
// then aborts, so libFuzzer saves the input as a crasher and the corpus replay
// test fails. Independent of NDEBUG.
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                     \
  do {                                                                                       \
    if (!(cond)) {                                                                           \
      std::fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond);     \
      std::abort();                                                                          \
    }                                                                                        \
  } while (0)
