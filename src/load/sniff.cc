#include "load/sniff.h"

#include <cstring>
#include <string>

#include "common/ascii.h"

namespace winnow::load {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// The file formats people most often feed a page cleaner by mistake.
const char* binary_signature(std::string_view b) {
  if (starts_with(b, "\x89PNG")) return "a PNG image";
  if (starts_with(b, "\xFF\xD8\xFF")) return "a JPEG image";
  if (starts_with(b, "GIF87a") || starts_with(b, "GIF89a")) return "a GIF image";
  if (starts_with(b, "RIFF") && b.size() >= 12 && b.substr(8, 4) == "WEBP") return "a WebP image";
  if (starts_with(b, "%PDF-")) return "a PDF document";
  if (starts_with(b, "PK\x03\x04")) return "a ZIP archive";
  if (starts_with(b, "\x1F\x8B")) return "gzip-compressed data";
  if (starts_with(b, "\x7F" "ELF")) return "an executable";
  return nullptr;
}

std::string mib(std::size_t bytes) {
  return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MiB";
}

}  // namespace

Error sniff(std::string_view bytes, std::size_t max_bytes, std::string_view input_name) {
  const std::string name(input_name);
  if (bytes.size() > max_bytes)
    return Error::make(ErrorCode::kTooLarge, name + ": input is " + std::to_string(bytes.size()) +
                                                 " bytes, over the limit of " + mib(max_bytes) +
                                                 " (see --max-size)");
  if (bytes.find_first_not_of(kCSpace) == std::string_view::npos)
    return Error::make(ErrorCode::kEmpty, name + ": input is empty");
  if (const char* kind = binary_signature(bytes))
    return Error::make(ErrorCode::kBinary, name + ": input is " + kind + ", not HTML");
  const bool utf16 = starts_with(bytes, "\xFF\xFE") || starts_with(bytes, "\xFE\xFF");
  const std::string_view head = bytes.substr(0, 8192);
  if (!utf16 && std::memchr(head.data(), '\0', head.size()) != nullptr)
    return Error::make(ErrorCode::kBinary, name + ": input is binary (it contains NUL bytes), not HTML");
  return Error{};
}

}  // namespace winnow::load
