#include "extract/entities.h"

#include "common/text.h"

#include <cstdlib>

namespace winnow::extract {

std::string unescape_entities(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '&') {
      out += in[i];
      continue;
    }
    const std::size_t semi = in.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += in[i];
      continue;
    }
    const std::string_view name = in.substr(i + 1, semi - i - 1);
    unsigned long cp = 0;
    if (name == "amp") cp = '&';
    else if (name == "lt") cp = '<';
    else if (name == "gt") cp = '>';
    else if (name == "quot") cp = '"';
    else if (name == "apos") cp = '\'';
    else if (name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string digits(name.substr(hex ? 2 : 1));
      char* end = nullptr;
      cp = digits.empty() ? 0 : std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
      if (end == nullptr || *end != '\0' || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0;
    }
    if (cp == 0) {
      out += in[i];
      continue;
    }
    append_utf8(&out, cp);
    i = semi;
  }
  return out;
}

}  // namespace winnow::extract
