#include "rules/load.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "rules/apply.h"
#include "rules/embedded.h"
#include "rules/parse.h"

namespace winnow {

Rules::Rules() : impl_(std::make_shared<Impl>()) {}
Rules::~Rules() = default;
Rules::Rules(const Rules&) = default;
Rules& Rules::operator=(const Rules&) = default;

namespace rules {

namespace {

bool read_file(const std::filesystem::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return false;
  *out = buffer.str();
  return true;
}

// Compiles a deferred site file's rules in place, the first time only (see site_files).
void compile_deferred(RuleFile* file) {
  if (!file->deferred) return;
  std::call_once(file->compiled, [file] {
    RuleFile scratch;  // hosts, names, tests: the check at load filled those in already
    std::vector<RuleError> errors;
    parse_rule_file(file->path, file->source, &scratch, &errors, ParseMode::kCompile);
    for (const RuleError& e : errors) std::fprintf(stderr, "winnow: %s (rule left out)\n", e.str().c_str());
    file->rules = std::move(scratch.rules);
    file->source = std::string();
  });
}

}  // namespace

std::vector<Source> gather_sources(const std::vector<std::string>& dirs, std::vector<RuleError>* errors) {
  std::vector<Source> sources;
  std::unordered_map<std::string, std::size_t> by_name;
  auto add = [&](Source s) {
    auto [it, inserted] = by_name.emplace(s.name, sources.size());
    if (inserted) sources.push_back(std::move(s));
    else sources[it->second] = std::move(s);
  };
  for (std::size_t i = 0; i < kEmbeddedRuleCount; ++i) {
    if (kEmbeddedRules[i].name.empty()) continue;
    add({std::string(kEmbeddedRules[i].name), std::string(kEmbeddedRules[i].name), "",
         std::string(kEmbeddedRules[i].text), 0});
  }
  for (std::size_t d = 0; d < dirs.size(); ++d) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path dir(dirs[d]);
    if (!fs::is_directory(dir, ec)) {
      errors->push_back({dirs[d], 0, 0, fs::exists(dir, ec) ? "not a directory" : "no such directory"});
      continue;
    }
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->path().extension() == ".rules" && !it->is_directory(ec)) files.push_back(it->path());
    if (ec) {
      errors->push_back({dirs[d], 0, 0, "cannot list the directory: " + ec.message()});
      continue;
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& path : files) {
      Source s;
      s.name = path.filename().string();
      s.path = path.string();
      s.dir = dirs[d];
      s.rank = static_cast<int>(d) + 1;
      if (!read_file(path, &s.text)) {
        errors->push_back({s.path, 0, 0, "cannot read the file"});
        continue;
      }
      add(std::move(s));
    }
  }
  return sources;
}

std::shared_ptr<Rules::Impl> build_rule_set(std::vector<Source> sources, std::vector<RuleError>* errors,
                                            SiteFiles site_files) {
  auto set = std::make_shared<Rules::Impl>();
  std::vector<int> ranks;
  for (Source& s : sources) {
    auto fresh = [&s] {
      auto file = std::make_unique<RuleFile>();
      file->name = s.name;
      file->path = s.path;
      file->dir = s.dir;
      return file;
    };
    std::unique_ptr<RuleFile> file = fresh();
    if (site_files == SiteFiles::kCompile) {
      parse_rule_file(s.path, s.text, file.get(), errors);
    } else {
      // Whether a file is a site file is only known once it is read: check every file, then
      // compile the generic ones now (a dozen embedded files), keep the site files' text.
      const std::size_t before = errors->size();
      parse_rule_file(s.path, s.text, file.get(), errors, ParseMode::kCheck);
      if (!file->generic()) {
        file->deferred = true;
        file->source = std::move(s.text);
      } else {
        std::vector<RuleError> more;
        file = fresh();
        parse_rule_file(s.path, s.text, file.get(), &more);
        // The check reported the syntax errors; add what only compiling finds, if it found none.
        if (errors->size() == before) errors->insert(errors->end(), more.begin(), more.end());
      }
    }
    set->files.push_back(std::move(file));
    ranks.push_back(s.rank);
  }
  // A user directory's file for a host hides the embedded (or earlier directories') files for
  // that host: that is what "my rules for this site" means.
  std::unordered_map<std::string, int> host_rank;
  for (std::size_t i = 0; i < set->files.size(); ++i) {
    RuleFile* f = set->files[i].get();
    if (f->generic()) {
      set->generic.push_back(f);
      set->generic_names.insert(f->names.begin(), f->names.end());
      continue;
    }
    for (const std::string& host : f->hosts) {
      auto [it, inserted] = host_rank.emplace(host, ranks[i]);
      std::vector<RuleFile*>& list = set->by_host[host];
      if (!inserted && ranks[i] > it->second) {
        list.clear();
        it->second = ranks[i];
      }
      list.push_back(f);
    }
  }
  set->generic_removes = index_remove_rules(set->generic);
  const std::vector<std::string> names(set->generic_names.begin(), set->generic_names.end());
  for (const auto& f : set->files) {
    for (const Disable& d : f->disabled) {
      if (f->generic() || set->generic_names.count(d.name)) continue;
      std::string message = "no generic rule is named '" + d.name + "'";
      if (std::string near = did_you_mean(d.name, names); !near.empty()) message += ", did you mean '" + near + "'?";
      errors->push_back({f->path, d.line, d.column, message});
    }
  }
  return set;
}

std::vector<RuleError> check_rules(const std::vector<std::string>& dirs) {
  std::vector<RuleError> errors;
  build_rule_set(gather_sources(dirs, &errors), &errors);
  return errors;
}

std::vector<const RuleFile*> site_files(const Rules::Impl& set, std::string_view host) {
  std::vector<const RuleFile*> out;
  if (host.empty() || set.by_host.empty()) return out;
  // Suffixes from the most general ("co.uk", "bbc.co.uk") to the host itself.
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < host.size(); ++i)
    if (host[i] == '.') starts.push_back(i + 1);
  std::string key;
  for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
    key.assign(host.substr(*it));
    auto found = set.by_host.find(key);
    if (found == set.by_host.end()) continue;
    for (RuleFile* f : found->second) {
      if (std::find(out.begin(), out.end(), f) != out.end()) continue;
      compile_deferred(f);
      out.push_back(f);
    }
  }
  return out;
}

}  // namespace rules

Error load_rules(const std::vector<std::string>& dirs, Rules* out) {
  std::vector<rules::RuleError> errors;
  std::vector<rules::Source> sources = rules::gather_sources(dirs, &errors);
  if (!errors.empty()) {
    const ErrorCode code = errors.front().message == "no such directory" ? ErrorCode::kNotFound
                           : errors.front().message == "not a directory" ? ErrorCode::kUsage
                                                                         : ErrorCode::kUnreadable;
    return Error::make(code, errors.front().str());
  }
  std::shared_ptr<Rules::Impl> set =
      rules::build_rule_set(std::move(sources), &errors, rules::SiteFiles::kDefer);
  if (!errors.empty()) return Error::make(ErrorCode::kRules, errors.front().str());
  out->impl_ = std::move(set);
  return Error{};
}

}  // namespace winnow
