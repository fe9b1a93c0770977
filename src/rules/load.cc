#include "rules/load.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <system_error>

#include "common/file.h"
#include "rules/embedded.h"
#include "rules/parse.h"
#include "rules/remove_index.h"

namespace winnow {

Rules::Rules() : set_(std::make_shared<rules::RuleSet>()) {}
Rules::~Rules() = default;
Rules::Rules(const Rules&) = default;
Rules& Rules::operator=(const Rules&) = default;

namespace rules {

namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A rule file over this is no rule file (the largest shipped one is 4 KB).
constexpr std::size_t kMaxRuleFileBytes = std::size_t{16} << 20;

// Reads a rule file with read_file (open, fstat, read into a buffer of the file's size).
bool read_rule_file(const std::string& path, std::string* out, std::vector<RuleError>* errors) {
  Error e = read_file(path, kMaxRuleFileBytes, out);
  if (e.ok()) return true;
  // read_file's message is "path: problem"; a RuleError names the path itself.
  std::string message = e.message;
  if (message.rfind(path + ": ", 0) == 0) message.erase(0, path.size() + 2);
  errors->push_back({path, 0, 0, message});
  return false;
}

// Appends the names of the `*.rules` entries of `dir` that are not directories to *names, in
// directory order. One getdents call per few hundred entries; a stat only for the entries whose
// type the file system does not say (and for links). False, with *ec set, if the directory
// cannot be opened or read.
bool list_rule_files(const std::string& dir, std::vector<std::string>* names, std::error_code* ec) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    *ec = std::error_code(errno, std::generic_category());
    return false;
  }
  constexpr std::string_view kExtension = ".rules";
  while (true) {
    errno = 0;
    const dirent* entry = ::readdir(d);
    if (entry == nullptr) break;
    const std::string_view name = entry->d_name;
    if (name.size() <= kExtension.size() || name.substr(name.size() - kExtension.size()) != kExtension) continue;
    bool directory = entry->d_type == DT_DIR;
    if (entry->d_type == DT_UNKNOWN || entry->d_type == DT_LNK) {
      // A dangling link is not a directory: reading it will say what is wrong with it.
      struct stat st {};
      directory = ::fstatat(::dirfd(d), entry->d_name, &st, 0) == 0 && S_ISDIR(st.st_mode);
    }
    if (!directory) names->emplace_back(name);
  }
  const int error = errno;
  ::closedir(d);
  if (error != 0) *ec = std::error_code(error, std::generic_category());
  return error == 0;
}

// A file named after a host holds that host's rules, and only its: it is found by its name
// before it is read, so a `site:` naming another host would not be seen where it says.
void check_named_host(const RuleFile& file, const std::string& host, std::vector<RuleError>* errors) {
  if (file.hosts.empty()) {
    errors->push_back({file.path, 0, 0,
                       "a file named after a host holds that host's rules: add 'site: " + host +
                           "', or give the file a name that is not a host name (e.g. my-rules.rules)"});
    return;
  }
  for (std::size_t i = 0; i < file.hosts.size(); ++i) {
    if (file.hosts[i] == host) continue;
    const Position at = i < file.host_at.size() ? file.host_at[i] : Position{};
    errors->push_back({file.path, at.line, at.column,
                       "'" + file.hosts[i] + "' in a file named after " + host +
                           ": one file per host (put its rules in " + file.hosts[i] +
                           ".rules), or give this file a name that is not a host name"});
  }
}

// A site file's `disable:` must name a rule of a generic file.
void check_disables(const RuleSet& set, const RuleFile& file, std::vector<RuleError>* errors) {
  if (file.generic()) return;
  for (const Disable& d : file.disabled) {
    if (set.generic_names.count(d.name)) continue;
    const std::vector<std::string> names(set.generic_names.begin(), set.generic_names.end());
    std::string message = "no generic rule is named '" + d.name + "'";
    if (std::string near = did_you_mean(d.name, names); !near.empty()) message += ", did you mean '" + near + "'?";
    errors->push_back({file.path, d.line, d.column, message});
  }
}

// Readies a site file left for its first use, once (see site_files): reads it if unread, checks
// what the load could not, compiles it. A broken file keeps its errors and no rules.
void compile_pending(const RuleSet& set, RuleFile* file) {
  if (file->pending == Pending::kNothing) return;
  std::call_once(file->compiled, [&set, file] {
    std::vector<RuleError> errors;
    std::string text;
    const bool unread = file->pending == Pending::kRead;
    if (unread) read_rule_file(file->path, &text, &errors);
    else text = std::move(file->source);
    RuleFile scratch;  // a checked file's hosts, names and tests were filled in at load
    scratch.path = file->path;
    if (errors.empty()) parse_rule_file(file->path, text, &scratch, &errors, ParseMode::kCompile);
    if (errors.empty() && unread) {
      check_named_host(scratch, file->hosts.front(), &errors);
      check_disables(set, scratch, &errors);
    }
    file->source = std::string();
    if (!errors.empty()) {
      file->errors = std::move(errors);
      return;
    }
    file->rules = std::move(scratch.rules);
    if (unread) {
      file->attribute_names = std::move(scratch.attribute_names);
      // Each name once: every page reads this list, and a crawl may compile thousands of files.
      const std::lock_guard<std::mutex> lock(set.late_names_mutex);
      for (const std::string& name : file->attribute_names)
        if (!contains(set.attribute_names, name) && !contains(set.late_attribute_names, name))
          set.late_attribute_names.push_back(name);
      file->host_at = std::move(scratch.host_at);
      file->disabled = std::move(scratch.disabled);
      file->names = std::move(scratch.names);
      file->tests = std::move(scratch.tests);
    }
  });
}

// Calls fn(file) for each site file of `host` and its parent domains, most general first, each
// once.
template <class Fn>
void for_each_site_file(const RuleSet& set, std::string_view host, Fn&& fn) {
  if (host.empty() || set.by_host.empty()) return;
  // Suffixes from the most general ("co.uk", "bbc.co.uk") to the host itself.
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < host.size(); ++i)
    if (host[i] == '.') starts.push_back(i + 1);
  std::vector<RuleFile*> seen;
  std::string key;
  for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
    key.assign(host.substr(*it));
    auto found = set.by_host.find(key);
    if (found == set.by_host.end()) continue;
    for (RuleFile* f : found->second) {
      if (std::find(seen.begin(), seen.end(), f) != seen.end()) continue;
      seen.push_back(f);
      fn(f);
    }
  }
}

}  // namespace

std::vector<Source> gather_sources(const std::vector<std::string>& dirs, std::vector<RuleError>* errors,
                                   Reading reading) {
  std::vector<Source> sources;
  std::unordered_map<std::string, std::size_t> by_name;
  auto add = [&](Source s) {
    auto [it, inserted] = by_name.emplace(s.name, sources.size());
    if (inserted) sources.push_back(std::move(s));
    else sources[it->second] = std::move(s);
  };
  for (std::size_t i = 0; i < kEmbeddedRuleCount; ++i) {
    if (kEmbeddedRules[i].name.empty()) continue;
    const std::string name(kEmbeddedRules[i].name);
    add({name, name, "", std::string(kEmbeddedRules[i].text), 0, host_of_file_name(name)});
  }
  for (std::size_t d = 0; d < dirs.size(); ++d) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path dir(dirs[d]);
    if (!fs::is_directory(dir, ec)) {
      errors->push_back({dirs[d], 0, 0, fs::exists(dir, ec) ? "not a directory" : "no such directory"});
      continue;
    }
    std::vector<std::string> names;
    if (!list_rule_files(dirs[d], &names, &ec)) {
      errors->push_back({dirs[d], 0, 0, "cannot list the directory: " + ec.message()});
      continue;
    }
    std::sort(names.begin(), names.end());
    std::string prefix = dirs[d];
    if (prefix.back() != '/') prefix += '/';
    for (std::string& name : names) {
      Source s;
      s.path = prefix + name;
      s.host = host_of_file_name(name);
      s.name = std::move(name);
      s.dir = dirs[d];
      s.rank = static_cast<int>(d) + 1;
      s.unread = reading == Reading::kListHostFiles && !s.host.empty();
      if (!s.unread && !read_rule_file(s.path, &s.text, errors)) continue;
      add(std::move(s));
    }
  }
  return sources;
}

std::shared_ptr<RuleSet> build_rule_set(std::vector<Source> sources, std::vector<RuleError>* errors,
                                            SiteFiles site_files) {
  auto set = std::make_shared<RuleSet>();
  set->files.reserve(sources.size());
  for (Source& s : sources) {
    auto file = std::make_unique<RuleFile>();
    file->name = std::move(s.name);
    file->path = std::move(s.path);
    file->dir = std::move(s.dir);
    file->rank = s.rank;
    if (s.unread) {
      // Indexed by its name: what it says is learnt on the first page of its host.
      file->hosts.push_back(std::move(s.host));
      file->pending = Pending::kRead;
      set->reads_on_first_use = true;
    } else if (site_files == SiteFiles::kCompile) {
      parse_rule_file(file->path, s.text, file.get(), errors);
    } else {
      // Whether a file is a site file is only known once it is read: check every file, then
      // compile the generic ones now (a dozen embedded files), keep the site files' text.
      const std::size_t before = errors->size();
      parse_rule_file(file->path, s.text, file.get(), errors, ParseMode::kCheck);
      // A generic file with `lang:` waits too, for the first page of one of its languages: a
      // dozen languages' label files cost nothing until a page of each comes.
      if (!file->generic() || !file->languages.empty()) {
        file->pending = Pending::kCompile;
        file->source = std::move(s.text);
      } else {
        std::vector<RuleError> more;
        RuleFile compiled;
        parse_rule_file(file->path, s.text, &compiled, &more);
        file->rules = std::move(compiled.rules);
        // The check reported the syntax errors; add what only compiling finds, if it found none.
        if (errors->size() == before) errors->insert(errors->end(), more.begin(), more.end());
      }
    }
    if (!s.unread && !s.host.empty()) check_named_host(*file, s.host, errors);
    set->files.push_back(std::move(file));
  }
  // A user directory's file for a host hides the embedded (or earlier directories') files for
  // that host: that is what "my rules for this site" means. (Load order is not rank order: a
  // file overriding one of the same name takes its place.)
  set->by_host.reserve(set->files.size());
  for (const auto& owned : set->files) {
    RuleFile* f = owned.get();
    if (f->generic()) {
      set->generic.push_back(f);
      if (f->languages.empty()) set->unscoped.push_back(f);
      set->generic_names.insert(f->names.begin(), f->names.end());
      continue;
    }
    for (const std::string& host : f->hosts) {
      std::vector<RuleFile*>& list = set->by_host[host];
      if (!list.empty() && f->rank < list.front()->rank) continue;
      if (!list.empty() && f->rank > list.front()->rank) list.clear();
      list.push_back(f);
    }
  }
  set->generic_removes = index_remove_rules(set->unscoped);
  for (const auto& f : set->files) {
    check_disables(*set, *f, errors);
    for (const std::string& name : f->attribute_names)
      if (!contains(set->attribute_names, name)) set->attribute_names.push_back(name);
  }
  return set;
}

std::vector<RuleError> check_rules(const std::vector<std::string>& dirs) {
  std::vector<RuleError> errors;
  build_rule_set(gather_sources(dirs, &errors, Reading::kEveryFile), &errors);
  return errors;
}

std::vector<const RuleFile*> site_files(const RuleSet& set, std::string_view host) {
  std::vector<const RuleFile*> out;
  for_each_site_file(set, host, [&](RuleFile* f) {
    compile_pending(set, f);
    if (f->errors.empty()) out.push_back(f);
  });
  return out;
}

std::vector<const RuleFile*> generic_files(const RuleSet& set, std::string_view language) {
  if (set.unscoped.size() == set.generic.size()) return set.unscoped;
  std::vector<const RuleFile*> out;
  out.reserve(set.generic.size());
  for (RuleFile* f : set.generic) {
    if (!f->applies_to_language(language)) continue;
    compile_pending(set, f);
    if (f->errors.empty()) out.push_back(f);
  }
  return out;
}

Error prepare_language_files(const Rules& rules, std::string_view language, std::string_view input_name) {
  const RuleSet* set = rule_set(rules);
  if (set == nullptr || set->unscoped.size() == set->generic.size()) return Error{};
  for (RuleFile* f : set->generic) {
    if (!f->applies_to_language(language)) continue;
    compile_pending(*set, f);
    if (!f->errors.empty())
      return Error::make(ErrorCode::kRules, f->errors.front().str() + " (cleaning " + std::string(input_name) + ")");
  }
  return Error{};
}

Error prepare_site_files(const Rules& rules, std::string_view host, std::string_view input_name) {
  const RuleSet* set = rule_set(rules);
  if (set == nullptr) return Error{};
  const RuleError* broken = nullptr;
  for_each_site_file(*set, host, [&](RuleFile* f) {
    compile_pending(*set, f);
    if (broken == nullptr && !f->errors.empty()) broken = &f->errors.front();
  });
  if (broken == nullptr) return Error{};
  return Error::make(ErrorCode::kRules, broken->str() + " (cleaning " + std::string(input_name) + ")");
}

void keep_attributes_read(const Rules& rules, html::AttributeFilter* keep) {
  keep->keep("datetime");  // see apply.cc: a date: element's
  keep->keep("content");   // ... and a meta's, for title:, byline: and date:
  const RuleSet* set = rule_set(rules);
  if (set == nullptr) return;
  for (const std::string& name : set->attribute_names) keep->keep(name);
  const std::lock_guard<std::mutex> lock(set->late_names_mutex);
  for (const std::string& name : set->late_attribute_names) keep->keep(name);
}

bool keep_site_attributes(const Rules& rules, std::string_view host, html::AttributeFilter* keep) {
  const RuleSet* set = rule_set(rules);
  if (set == nullptr) return false;
  bool widened = false;
  for (const RuleFile* f : site_files(*set, host))
    for (const std::string& name : f->attribute_names) widened |= keep->keep(name);
  return widened;
}

std::vector<RuleError> prepare_all_site_files(const Rules& rules) {
  std::vector<RuleError> errors;
  if (rule_set(rules) == nullptr) return errors;
  for (const auto& f : rule_set(rules)->files) {
    compile_pending(*rule_set(rules), f.get());
    errors.insert(errors.end(), f->errors.begin(), f->errors.end());
  }
  return errors;
}

}  // namespace rules

namespace rules {

Error load_rule_set(const std::vector<std::string>& dirs, std::shared_ptr<RuleSet>* out) {
  std::vector<RuleError> errors;
  std::vector<Source> sources = gather_sources(dirs, &errors, Reading::kListHostFiles);
  if (!errors.empty()) {
    const ErrorCode code = errors.front().message == "no such directory" ? ErrorCode::kNotFound
                           : errors.front().message == "not a directory" ? ErrorCode::kUsage
                                                                         : ErrorCode::kUnreadable;
    return Error::make(code, errors.front().str());
  }
  std::shared_ptr<RuleSet> set = build_rule_set(std::move(sources), &errors, SiteFiles::kDefer);
  if (!errors.empty()) return Error::make(ErrorCode::kRules, errors.front().str());
  *out = std::move(set);
  return Error{};
}

}  // namespace rules

Error load_rules(const std::vector<std::string>& dirs, Rules* out) {
  std::shared_ptr<rules::RuleSet> set;
  if (Error e = rules::load_rule_set(dirs, &set); !e.ok()) return e;
  RulesAccess::assign(std::move(set), out);
  return Error{};
}

}  // namespace winnow
