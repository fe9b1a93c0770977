// Loading rule sets: the embedded default files, then user directories, with override by file
// name and an index of site files by host. Also the linter behind `winnow rules check`.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "html/attribute_filter.h"
#include "rules/rule.h"
#include "winnow/winnow.h"

namespace winnow {

namespace siteconfig {
class Library;
}

namespace rules {

struct RemoveIndex;

// The loaded rule set behind winnow::Rules (immutable once built, shared between copies).
struct RuleSet {
  std::vector<std::unique_ptr<RuleFile>> files;  // after overrides, in load order
  // Files without `site:`, in load order. Not const: a `lang:` file is compiled in place on first
  // use, as a site file is.
  std::vector<RuleFile*> generic;
  std::vector<const RuleFile*> unscoped;         // ... of those, the files without `lang:`
  // Host ("example.com", "news.example.co.uk") -> the site files that name it, in load order.
  // Not const: a deferred site file is compiled in place on first use (thread-safe, once).
  std::unordered_map<std::string, std::vector<RuleFile*>> by_host;
  std::unordered_set<std::string> generic_names;  // every `name:` of a generic file
  // The remove rules of the generic files without `lang:` (all a page of a language no file
  // names gets), made at load.
  std::shared_ptr<const RemoveIndex> generic_removes;
  // The remove index of each other list of generic files a page's language has had (the unscoped
  // files plus the `lang:` files of the language; for a page of unknown language all of them),
  // made by its first page, kept for the next. Guarded by language_removes_mutex.
  mutable std::mutex language_removes_mutex;
  mutable std::map<std::vector<const RuleFile*>, std::shared_ptr<const RemoveIndex>> language_removes;
  // Every attribute the selectors of the files read at load test (generic and site files), once.
  std::vector<std::string> attribute_names;
  // ... and those of the files named after a host compiled since, on first use, not already above.
  mutable std::mutex late_names_mutex;
  mutable std::vector<std::string> late_attribute_names;
  // The remove index of each list of site files a page's host has had (see rules::apply), made by
  // the first page of those files and kept for the next ones. Guarded by site_removes_mutex.
  mutable std::mutex site_removes_mutex;
  mutable std::map<std::vector<const RuleFile*>, std::shared_ptr<const RemoveIndex>> site_removes;
  // The site config directories (--site-config): listed at load, each file read on first use.
  // Null when none were given.
  std::shared_ptr<const siteconfig::Library> site_configs;
  // Some file named after a host was only listed: what it tests is learnt on the first page of
  // the host (see rules::keep_site_attributes).
  bool reads_on_first_use = false;
};

}  // namespace rules

// How the library reaches the rule set a Rules holds (winnow.h keeps it private).
struct RulesAccess {
  static const rules::RuleSet* of(const Rules& r) { return r.set_.get(); }
  static void assign(std::shared_ptr<const rules::RuleSet> set, Rules* r) { r->set_ = std::move(set); }
};

namespace rules {

// The rule set behind `rules` (never null: a default-made Rules holds an empty one).
inline const RuleSet* rule_set(const Rules& rules) { return RulesAccess::of(rules); }

// One rule file's text and where it came from, before parsing.
struct Source {
  std::string name;  // base name: the override key
  std::string path;  // shown in messages
  std::string dir;   // tests are resolved against it; "" for embedded files
  std::string text;
  int rank = 0;      // 0 for embedded files, 1 + index of the directory otherwise
  std::string host;  // the host the name gives (host_of_file_name), "" if the name is no host's
  bool unread = false;  // only listed: `text` is read on the first page of `host` (see site_files)
};

// Which files of the directories gather_sources reads.
enum class Reading {
  kEveryFile,  // all of them: `winnow rules check` and `rules test` find every error at once
  // Not the files named after a host ("example.com.rules"): only the directory listing says they
  // exist, and each is read the first time a page of its host is cleaned. Start-up then costs a
  // listing, not an open and read per file (5,000 files: 25 ms of system calls here).
  kListHostFiles,
};

// The embedded files, then each directory's `*.rules` files (sorted by name); a file replaces an
// earlier one of the same base name. A directory that cannot be listed, or a file that cannot be
// read, is appended to *errors (as "path: problem", line 0). Cost: listing the directories and
// reading the files `reading` asks for.
std::vector<Source> gather_sources(const std::vector<std::string>& dirs, std::vector<RuleError>* errors,
                                   Reading reading = Reading::kEveryFile);

// When build_rule_set compiles the site files' rules.
enum class SiteFiles {
  kCompile,  // at once, like the generic files: every error there is to find, found now
  // Checked now (ParseMode::kCheck: every syntax error is still found, with its line and
  // column), compiled on the first page of their host (site_files does it): start-up and memory
  // grow with the sites actually cleaned, not with the number of files. The price: a regex whose
  // syntax is fine but whose program is too large for RE2 (say ((a{100}){100}){100}) is only
  // found then, and fails the pages of its hosts. `winnow rules check` compiles.
  kDefer,
};

// Parses and indexes `sources`, appending every problem (all of them, not just the first) to
// *errors, including a site file's `disable:` of a name no generic file defines, and a file named
// after a host whose `site:` lines do not name exactly that host. An unread source is indexed
// under its name's host and left for its first use. Returns the rule set, complete even when
// there were errors (broken lines are left out). Cost: linear in the total size of the files read
// plus compiling each selector and regex once (kDefer: about 10 us per site file regex and a
// parse per selector, compiling waits for the first use).
std::shared_ptr<RuleSet> build_rule_set(std::vector<Source> sources, std::vector<RuleError>* errors,
                                            SiteFiles site_files = SiteFiles::kCompile);

// Lints the rule set made of the embedded files and `dirs`, exactly as load_rules would load it
// but reading and compiling every file now, and returns every problem found (empty: the set is
// fine). Behind `winnow rules check [DIR]`.
std::vector<RuleError> check_rules(const std::vector<std::string>& dirs);

// The site files that apply to `host` (lower case, "www." folded): those naming the host itself
// or any parent domain of it ("news.bbc.co.uk" matches files for "bbc.co.uk"), most general first.
// A file left for its first use is read (if unread) and compiled here the first time it is
// returned (once per file, whichever thread asks first; the others wait for it); a file found
// broken then is left out (prepare_site_files reports it). Cost: one hash lookup per label of the
// host, whatever the number of site files, plus the first use's read and compile (tens of
// microseconds per rule).
std::vector<const RuleFile*> site_files(const RuleSet& set, std::string_view host);

// The generic files that apply to a page of `language` (an ISO 639-1 code, "" when unknown), in
// load order: those without `lang:`, and those whose `lang:` lists the language (all of them when
// it is unknown). A `lang:` file is compiled the first time it is returned (once, whichever thread
// asks first); one found broken then is left out (prepare_language_files reports it). Cost: a
// pass over the generic files (none when no file has `lang:`), plus the first use's compile.
std::vector<const RuleFile*> generic_files(const RuleSet& set, std::string_view language);

// Readies the `lang:` files of `language` as generic_files does, and returns kRules with the first
// broken one's problem, "file:line:col: message (cleaning <input_name>)" (a regex too large to
// compile: the load checked everything else). clean() fails the page with it, as it does for a
// broken site file. Cost: that of generic_files.
Error prepare_language_files(const Rules& rules, std::string_view language, std::string_view input_name);

// Readies the site files of `host` as site_files does, and returns kRules with the first broken
// one's problem, "file:line:col: message (cleaning <input_name>)": the file could not be read, has
// a syntax error, names hosts other than its name's, disables a name no generic file defines, or
// holds a regex too large to compile. clean() fails the page with it before applying any rule;
// every later page of those hosts fails the same way, without reading the file again.
// Cost: that of site_files.
Error prepare_site_files(const Rules& rules, std::string_view host, std::string_view input_name);

// Adds to *keep every attribute the rule set reads: those tested by the selectors of every file
// read so far (at load, or on first use since), and those apply() reads itself (a `date:`
// element's datetime, a meta's content). Cost: one hash insert per name.
void keep_attributes_read(const Rules& rules, html::AttributeFilter* keep);

// Adds to *keep the attributes tested by the site files of `host` (ready them first with
// prepare_site_files). Returns true if *keep dropped one of them until now: a file named after a
// host is read on the first page of its host, so clean() asks this before that page's pre-scan.
bool keep_site_attributes(const Rules& rules, std::string_view host, html::AttributeFilter* keep);

// What load_rules does, handing the rule set over before it is shared: src/winnow.cc adds the
// site config directories to it (load_rules with site_config_dirs). Errors: load_rules's.
Error load_rule_set(const std::vector<std::string>& dirs, std::shared_ptr<RuleSet>* out);

// Reads and compiles every site file still waiting for its first use, and returns the problems
// of those found broken, in load order (the files `rules test` runs the tests of must all be
// read). Cost: reading and compiling those files.
std::vector<RuleError> prepare_all_site_files(const Rules& rules);

}  // namespace rules
}  // namespace winnow
