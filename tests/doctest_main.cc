// doctest's implementation and main(), compiled once for every test executable: built into each
// of them it was two thirds of the tests' compile time.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
