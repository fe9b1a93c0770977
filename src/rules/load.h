// Loading rule sets: the embedded default files, then user directories, with override by file
// name and an index of site files by host. Also the linter behind `winnow rules check`.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "rules/rule.h"
#include "winnow/winnow.h"

namespace winnow {

namespace rules {
struct RemoveIndex;
}

// The loaded rule set behind winnow::Rules (immutable once built, shared between copies).
struct Rules::Impl {
  std::vector<std::unique_ptr<rules::RuleFile>> files;  // after overrides, in load order
  std::vector<const rules::RuleFile*> generic;          // files without `site:`, in load order
  // Host ("example.com", "news.example.co.uk") -> the site files that name it, in load order.
  std::unordered_map<std::string, std::vector<const rules::RuleFile*>> by_host;
  std::unordered_set<std::string> generic_names;  // every `name:` of a generic file
  std::shared_ptr<const rules::RemoveIndex> generic_removes;  // the generic files' remove rules
};

namespace rules {

// One rule file's text and where it came from, before parsing.
struct Source {
  std::string name;  // base name: the override key
  std::string path;  // shown in messages
  std::string dir;   // tests are resolved against it; "" for embedded files
  std::string text;
  int rank = 0;      // 0 for embedded files, 1 + index of the directory otherwise
};

// The embedded files, then each directory's `*.rules` files (sorted by name); a file replaces an
// earlier one of the same base name. A directory that cannot be listed, or a file that cannot be
// read, is appended to *errors (as "path: problem", line 0). Cost: reading the files.
std::vector<Source> gather_sources(const std::vector<std::string>& dirs, std::vector<RuleError>* errors);

// Parses and indexes `sources`, appending every problem (all of them, not just the first) to
// *errors, including a site file's `disable:` of a name no generic file defines. Returns the rule
// set, complete even when there were errors (broken lines are left out). Cost: linear in the
// total size of the files plus compiling each selector and regex once.
std::shared_ptr<Rules::Impl> build_rule_set(std::vector<Source> sources, std::vector<RuleError>* errors);

// Lints the rule set made of the embedded files and `dirs`, exactly as load_rules would load it,
// and returns every problem found (empty: the set is fine). Behind `winnow rules check [DIR]`.
std::vector<RuleError> check_rules(const std::vector<std::string>& dirs);

// The site files that apply to `host` (lower case, "www." folded): those naming the host itself
// or any parent domain of it ("news.bbc.co.uk" matches files for "bbc.co.uk"), most general first.
// Cost: one hash lookup per label of the host, whatever the number of site files.
std::vector<const RuleFile*> site_files(const Rules::Impl& set, std::string_view host);

}  // namespace rules
}  // namespace winnow
