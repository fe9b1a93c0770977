#include "siteconfig/library.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include "common/ascii.h"
#include "common/file.h"

namespace winnow::siteconfig {

namespace {

constexpr std::string_view kExtension = ".txt";
// A site config over this is no site config (the collection's largest is 12 KB).
constexpr std::size_t kMaxConfigBytes = std::size_t{4} << 20;

}  // namespace

std::string lookup_host(std::string_view host) {
  std::string h = ascii_lower(host);
  if (const std::size_t colon = h.find(':'); colon != std::string::npos && h.find(']') == std::string::npos)
    h.resize(colon);
  while (!h.empty() && h.back() == '.') h.pop_back();
  if (h.rfind("www.", 0) == 0) h.erase(0, 4);
  return h;
}

Error Library::open(const std::vector<std::string>& dirs, std::shared_ptr<Library>* out) {
  auto library = std::make_shared<Library>();
  library->dirs_ = dirs;
  std::map<std::string, std::string> paths;  // name -> path; a later directory wins
  for (const std::string& dir : dirs) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0)
      return Error::make(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kUnreadable,
                         dir + ": " + (errno == ENOENT ? "no such directory" : std::strerror(errno)));
    if (!S_ISDIR(st.st_mode)) return Error::make(ErrorCode::kUsage, dir + ": not a directory");
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return Error::make(ErrorCode::kUnreadable, dir + ": cannot list the directory: " + std::strerror(errno));
    std::string prefix = dir;
    if (prefix.back() != '/') prefix += '/';
    while (const dirent* e = ::readdir(d)) {
      const std::string_view name = e->d_name;
      if (name.size() <= kExtension.size() || name.substr(name.size() - kExtension.size()) != kExtension) continue;
      if (e->d_type == DT_DIR) continue;
      // A site config is named after a host, so it has a dot before ".txt" (not counting a
      // leading one): LICENSE.txt and Full-Text RSS's global.txt are not site configs.
      const std::string_view stem = name.substr(0, name.size() - kExtension.size());
      if (stem.find('.', 1) == std::string_view::npos) continue;
      paths[std::string(name)] = prefix + std::string(name);
    }
    ::closedir(d);
  }
  library->entries_.reserve(paths.size());
  for (auto& [name, path] : paths) {
    auto entry = std::make_unique<Entry>();
    entry->name = name;
    entry->path = std::move(path);
    library->entries_.push_back(std::move(entry));
  }
  library->by_key_.reserve(library->entries_.size());
  for (const auto& entry : library->entries_) {
    const std::string_view name = entry->name;
    library->by_key_.emplace(name.substr(0, name.size() - kExtension.size()), entry.get());
  }
  *out = std::move(library);
  return Error{};
}

Entry* Library::find(std::string_view raw_host) const {
  if (by_key_.empty()) return nullptr;
  const std::string host = lookup_host(raw_host);
  if (host.empty()) return nullptr;
  if (const auto it = by_key_.find(host); it != by_key_.end()) return it->second;
  // ".parent" for each parent domain of two labels or more: news.example.com tries
  // .example.com, never .com; example.com tries nothing more.
  std::string key;
  for (std::size_t dot = host.find('.'); dot != std::string::npos; dot = host.find('.', dot + 1)) {
    const std::string_view parent = std::string_view(host).substr(dot + 1);
    if (parent.find('.') == std::string_view::npos) break;
    key.assign(".").append(parent);
    if (const auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  }
  return nullptr;
}

const Config* Library::load(Entry* entry) {
  std::call_once(entry->loaded, [entry] {
    std::string text;
    if (Error e = read_file(entry->path, kMaxConfigBytes, &text); !e.ok()) {
      std::string message = e.message;
      if (message.rfind(entry->path + ": ", 0) == 0) message.erase(0, entry->path.size() + 2);
      entry->problems.errors.push_back({entry->path, 0, 0, message});
      return;
    }
    auto config = std::make_unique<Config>();
    config->name = entry->name;
    config->path = entry->path;
    parse_config(entry->path, text, config.get(), &entry->problems);
    entry->config = std::move(config);
  });
  return entry->config.get();
}

}  // namespace winnow::siteconfig
