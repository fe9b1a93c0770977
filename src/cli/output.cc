#include "cli/output.h"

#include <cstdio>

#include "common/ascii.h"
#include "common/temp_file.h"

namespace winnow::cli {

const char* extension_for(Format format) {
  switch (format) {
    case Format::kMarkdown: return ".md";
    case Format::kJson: return ".json";
    case Format::kHtml: return ".html";
    case Format::kText: break;
  }
  return ".txt";
}

namespace {

bool is_url(std::string_view s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string output_stem(std::string_view input) {
  std::string_view base = input;
  if (input == "-") {
    base = "stdin";
  } else if (is_url(input)) {
    base.remove_prefix(base.find("://") + 3);
    base = base.substr(0, base.find_first_of("?#"));
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  } else {
    if (const std::size_t slash = base.rfind('/'); slash != std::string_view::npos) base.remove_prefix(slash + 1);
    for (std::string_view ext : {".html", ".htm", ".xhtml", ".shtml"}) {
      if (ends_with(base, ext) && base.size() > ext.size()) {
        base.remove_suffix(ext.size());
        break;
      }
    }
  }
  std::string stem;
  for (char c : base) {
    const bool safe = is_ascii_alnum(c) || c == '.' || c == '_' || c == '-';
    if (safe) stem.push_back(c);
    else if (!stem.empty() && stem.back() != '_') stem.push_back('_');
    if (stem.size() >= 100) break;
  }
  while (!stem.empty() && (stem.back() == '_' || stem.back() == '.')) stem.pop_back();
  while (!stem.empty() && stem.front() == '.') stem.erase(0, 1);  // never a hidden file
  return stem.empty() ? "page" : stem;
}

std::string unique_output_path(const std::string& dir, const std::string& stem, const char* ext,
                               std::set<std::string>* taken) {
  std::string name = stem + ext;
  for (int n = 2; taken->count(name) != 0; ++n) name = stem + "-" + std::to_string(n) + ext;
  taken->insert(name);
  return dir + "/" + name;
}

Error write_file_atomically(const std::string& path, std::string_view data) {
  const std::size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  std::string tmp;
  if (Error e = write_temp_file(dir, data, path, &tmp); !e.ok()) return e;
  return rename_temp_file(tmp, path, path);
}

}  // namespace winnow::cli
