// One parsed rule file: what it applies to, its rules (selectors and regexes already compiled), the
// generic rules it switches off and the tests it declares. The format is described in docs/rules.md.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "html/selector.h"

namespace winnow::rules {

enum class Action {
  kRemove,       // remove: SELECTOR          remove every selected element
  kRemoveText,   // remove-text: PATTERN      remove a block whose whole text matches
  kRemoveLabel,  // remove-label: PATTERN     ... and the link list it introduces
  kCut,          // cut-from: SELECTOR        remove the first selected element and all after it
  kUnwrap,       // unwrap: SELECTOR          replace an element by its children
  kReplace,      // replace: PATTERN => TEXT  RE2 substitution in every text node
  kBody,         // body: SELECTOR            the article root
  kTitle,        // title: SELECTOR
  kByline,       // byline: SELECTOR
  kDate,         // date: SELECTOR
};

struct Rule {
  Action action = Action::kRemove;
  int line = 0;
  std::string name;        // the `name:` group the rule belongs to, or ""
  std::string pattern;     // the selector or pattern as written
  html::Selector selector;  // compiled, for selector actions
  std::unique_ptr<RE2> regex;  // compiled, for text actions (full match against the text)
  std::string replacement;     // kReplace only
};

// A declared test: the page, the URL to clean it as, and what the text must (not) hold.
struct RuleTest {
  int line = 0;
  std::string page;    // path as written, relative to the rule file's directory
  std::string url;     // "" means https://<first host of the file>/
  std::string expect;  // path of the expected text file, or ""
  std::vector<std::string> must_contain;
  std::vector<std::string> must_not_contain;
};

struct Disable {
  int line = 0;
  int column = 0;
  std::string name;
};

// A problem found in a rule file, pointing at the offending text.
struct RuleError {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;  // "what was expected", ending with the offending text in quotes

  // "file:line:col: message"
  std::string str() const;
};

// Where a `site:` host was written.
struct Position {
  int line = 0;
  int column = 0;
};

// How much of a site file load_rules left for its first use (see site_files in load.h).
enum class Pending {
  kNothing,  // compiled
  kCompile,  // read and checked at load; `source` keeps the text to compile (a site file, or a
             // generic file with `lang:`, compiled on the first page of one of its languages)
  kRead,     // named after its host: only listed at load; `hosts` is the name's host, all else waits
};

struct RuleFile {
  std::string name;  // base name, e.g. "thehill.com.rules": a later file of this name replaces it
  std::string path;  // full path for files read from disk, the base name for embedded files
  std::string dir;   // the directory tests are resolved against ("" for embedded files)
  int rank = 0;      // 0 for embedded files, 1 + index of the --rules directory otherwise
  std::vector<std::string> hosts;  // lower case, "www." folded; empty: a generic file
  std::vector<Position> host_at;   // where each of `hosts` was first written
  // `lang:` codes (ISO 639-1, lower case): the file applies only to pages of these languages and
  // to pages whose language is unknown. Empty: to every page. Generic files only.
  std::vector<std::string> languages;
  std::vector<Rule> rules;
  std::vector<Disable> disabled;
  std::vector<std::string> names;  // every `name:` the file defines, in order
  std::vector<RuleTest> tests;
  // Every attribute its selectors test (each once): the pre-scan must keep them. Filled when the
  // file is checked or compiled (for a file named after a host: on first use).
  std::vector<std::string> attribute_names;

  // Site files loaded by load_rules wait for the first page of one of their hosts, which reads
  // (kRead) and compiles them once, whichever thread comes first; generic `lang:` files (kCompile)
  // for the first page of one of their languages or of unknown language. A file found broken then stays
  // empty and keeps its problems in `errors`: every page of its hosts fails with the first.
  // Written only inside `compiled`'s call_once, read only after it.
  Pending pending = Pending::kNothing;
  std::string source;
  std::vector<RuleError> errors;
  std::once_flag compiled;

  bool generic() const { return hosts.empty(); }
  // Whether the file's rules run on a page of `language` ("" when unknown: every file does).
  bool applies_to_language(std::string_view language) const {
    if (languages.empty() || language.empty()) return true;
    for (const std::string& l : languages)
      if (l == language) return true;
    return false;
  }
};

}  // namespace winnow::rules
