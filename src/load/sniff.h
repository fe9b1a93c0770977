// Refusing inputs that are not web pages before any work is spent on them.
#pragma once

#include <string_view>

#include "winnow/winnow.h"

namespace winnow::load {

// Returns ok if `bytes` may be a page: not empty or blank (kEmpty), not larger than `max_bytes`
// (kTooLarge), not binary — an image, PDF or archive signature, or NUL bytes in the first 8 KiB
// without a UTF-16 byte order mark (kBinary). The message names `input_name`. Cost: looks at the
// first 8 KiB only (and the whole input only when it is all white space).
Error sniff(std::string_view bytes, std::size_t max_bytes, std::string_view input_name);

}  // namespace winnow::load
