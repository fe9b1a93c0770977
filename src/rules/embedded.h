// The default rule files, compiled into the binary by scripts/embed_rules.py so that winnow works
// from any directory.
#pragma once

#include <cstddef>
#include <string_view>

namespace winnow::rules {

struct EmbeddedRuleFile {
  std::string_view name;  // base name, e.g. "generic.rules" or "thehill.com.rules"
  std::string_view text;
};

extern const EmbeddedRuleFile kEmbeddedRules[];
extern const std::size_t kEmbeddedRuleCount;

}  // namespace winnow::rules
