// Time limits in tests that catch a hang or a quadratic blow-up (how fast winnow is, is measured in
// bench/, never asserted). AddressSanitizer and UndefinedBehaviorSanitizer slow the code about
// tenfold, so in the sanitizer build (scripts/test.sh's build-san) a limit is ten times longer:
// still far below what a quadratic walk over the same input would take.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define WINNOW_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WINNOW_SANITIZED 1
#endif
#endif

#ifdef WINNOW_SANITIZED
inline constexpr double kTimeScale = 10.0;
#else
inline constexpr double kTimeScale = 1.0;
#endif

// `seconds`, scaled for the build the test runs in.
inline constexpr double time_limit(double seconds) { return seconds * kTimeScale; }
