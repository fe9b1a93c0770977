#include "siteconfig/check.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "common/file.h"
#include "load/saved_headers.h"
#include "siteconfig/library.h"

namespace winnow::siteconfig {

bool check(const std::vector<std::string>& dirs, CheckReport* report, Error* error) {
  std::shared_ptr<Library> library;
  if (Error e = Library::open(dirs, &library); !e.ok()) {
    *error = std::move(e);
    return false;
  }
  for (const auto& entry : library->entries()) {
    ++report->files;
    const Config* config = Library::load(entry.get());
    const Problems& p = entry->problems;
    if (config != nullptr) {
      report->expressions += config->expression_count();
      report->expressions_compiled += config->expression_count();
      report->ignored_lines += static_cast<std::size_t>(config->ignored_directives);
    }
    // An expression that did not compile is not in the config: count it as written.
    for (const rules::RuleError& e : p.errors)
      if (e.line > 0) ++report->expressions;
    if (!p.errors.empty()) report->broken_files.push_back(entry->path);
    else if (!p.warnings.empty()) report->warned_files.push_back(entry->path);
    report->errors.insert(report->errors.end(), p.errors.begin(), p.errors.end());
    report->warnings.insert(report->warnings.end(), p.warnings.begin(), p.warnings.end());
  }
  return true;
}

namespace {

// The saved pages under `dir` (see fetch/save_html.h) by the URLs their headers name.
std::map<std::string, std::string> saved_pages(const std::string& dir, Error* error) {
  std::map<std::string, std::string> pages;
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    *error = Error::make(fs::exists(dir, ec) ? ErrorCode::kUsage : ErrorCode::kNotFound,
                         dir + (fs::exists(dir, ec) ? ": not a directory" : ": no such directory"));
    return pages;
  }
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.extension() != ".headers") continue;
    fs::path html = p;
    html.replace_extension(".html");
    if (!fs::is_regular_file(html, ec)) continue;
    load::SavedHeaders saved;
    if (!load::read_saved_headers(p.string(), &saved).ok()) continue;
    if (!saved.final_url.empty()) pages.emplace(saved.final_url, html.string());
    if (!saved.url.empty()) pages.emplace(saved.url, html.string());
  }
  if (ec) *error = Error::make(ErrorCode::kUnreadable, dir + ": cannot list the directory: " + ec.message());
  return pages;
}

}  // namespace

bool run_tests(const Rules& rules, const std::vector<std::string>& config_dirs, const std::string& pages_dir,
               std::vector<ConfigTest>* results, Error* error) {
  std::shared_ptr<Library> library;
  if (Error e = Library::open(config_dirs, &library); !e.ok()) {
    *error = std::move(e);
    return false;
  }
  std::map<std::string, std::string> pages;
  if (!pages_dir.empty()) {
    pages = saved_pages(pages_dir, error);
    if (!error->ok()) return false;
  }
  for (const auto& entry : library->entries()) {
    const Config* config = Library::load(entry.get());
    if (config == nullptr) continue;
    for (const Test& t : config->tests) {
      ConfigTest r;
      r.where = entry->path + ":" + std::to_string(t.line);
      r.url = t.url;
      const auto found = pages.find(t.url);
      if (found == pages.end()) {
        results->push_back(std::move(r));
        continue;
      }
      r.page = found->second;
      std::string bytes;
      Document doc;
      Options options;
      options.url = t.url;
      Error e = read_file(r.page, options.max_input_bytes, &bytes);
      if (e.ok()) e = clean(bytes, options, rules, r.page, &doc);
      if (!e.ok()) {
        r.failures.push_back(e.message);
      } else {
        const std::string own = "site config: " + entry->path;
        const bool used = std::find(doc.notes.begin(), doc.notes.end(), own) != doc.notes.end();
        bool body = false;
        for (const std::string& n : doc.notes) body |= n.rfind("site config: body by ", 0) == 0;
        if (!used) r.failures.push_back("the page was not cleaned with this site config");
        else if (t.contains.empty() && !body) r.failures.push_back("the site config found no body");
        const std::string text = doc.metadata.title + "\n" + doc.text;
        for (const std::string& c : t.contains)
          if (text.find(c) == std::string::npos) r.failures.push_back("missing: " + c);
      }
      r.passed = r.failures.empty();
      results->push_back(std::move(r));
    }
  }
  return true;
}

}  // namespace winnow::siteconfig
