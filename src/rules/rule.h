// One parsed rule file: what it applies to, its rules (selectors and regexes already compiled), the
// generic rules it switches off and the tests it declares. The format is described in docs/rules.md.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <mutex>
#include <string>
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

struct RuleFile {
  std::string name;  // base name, e.g. "thehill.com.rules": a later file of this name replaces it
  std::string path;  // full path for files read from disk, the base name for embedded files
  std::string dir;   // the directory tests are resolved against ("" for embedded files)
  std::vector<std::string> hosts;  // lower case, "www." folded; empty: a generic file
  std::vector<Rule> rules;
  std::vector<Disable> disabled;
  std::vector<std::string> names;  // every `name:` the file defines, in order
  std::vector<RuleTest> tests;

  // A site file loaded by load_rules is only checked at load (ParseMode::kCheck): `rules` stays
  // empty and `source` keeps the text until the first page of one of its hosts compiles it, once
  // (see compile_deferred in load.h). Empty `source`, false `deferred` for compiled files.
  bool deferred = false;
  std::string source;
  std::once_flag compiled;

  bool generic() const { return hosts.empty(); }
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

}  // namespace winnow::rules
