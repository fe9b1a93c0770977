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
  // Not const: a deferred site file is compiled in place on first use (thread-safe, once).
  std::unordered_map<std::string, std::vector<rules::RuleFile*>> by_host;
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

// When build_rule_set compiles the site files' rules.
enum class SiteFiles {
  kCompile,  // at once, like the generic files: every error there is to find, found now
  // Checked now (ParseMode::kCheck: every syntax error is still found, with its line and
  // column), compiled on the first page of their host (site_files does it): start-up and memory
  // grow with the sites actually cleaned, not with the number of files. The price: a regex whose
  // syntax is fine but whose program is too large for RE2 (say ((a{100}){100}){100}) is only
  // found then; it is left out, and said once on standard error. `winnow rules check` compiles.
  kDefer,
};

// Parses and indexes `sources`, appending every problem (all of them, not just the first) to
// *errors, including a site file's `disable:` of a name no generic file defines. Returns the rule
// set, complete even when there were errors (broken lines are left out). Cost: linear in the
// total size of the files plus compiling each selector and regex once (kDefer: about 10 us per
// site file regex and a parse per selector, compiling waits for the first use).
std::shared_ptr<Rules::Impl> build_rule_set(std::vector<Source> sources, std::vector<RuleError>* errors,
                                            SiteFiles site_files = SiteFiles::kCompile);

// Lints the rule set made of the embedded files and `dirs`, exactly as load_rules would load it,
// and returns every problem found (empty: the set is fine). Behind `winnow rules check [DIR]`.
std::vector<RuleError> check_rules(const std::vector<std::string>& dirs);

// The site files that apply to `host` (lower case, "www." folded): those naming the host itself
// or any parent domain of it ("news.bbc.co.uk" matches files for "bbc.co.uk"), most general first.
// A deferred file is compiled here the first time it is returned (once per file, whichever
// thread asks first; the others wait for it): an error only compiling finds (a regex too large
// for RE2) leaves that rule out and is printed once on standard error as "winnow: file:line:col:
// message (rule left out)". Cost: one hash lookup per label of the host, whatever the number of
// site files, plus the first use's compile (tens of microseconds per rule).
std::vector<const RuleFile*> site_files(const Rules::Impl& set, std::string_view host);

}  // namespace rules
}  // namespace winnow
