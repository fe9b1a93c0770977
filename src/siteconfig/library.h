// The site config directories (--site-config DIR, WINNOW_SITE_CONFIG): their files listed at
// start-up, each read and compiled the first time a page of its host needs it.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "siteconfig/config.h"
#include "siteconfig/parse.h"
#include "winnow/winnow.h"

namespace winnow::siteconfig {

// One listed file.
struct Entry {
  std::string name;  // "nytimes.com.txt", ".blogspot.com.txt"
  std::string path;
  // Filled on first use (load()), once, whichever thread asks first.
  std::once_flag loaded;
  std::unique_ptr<Config> config;  // null if the file could not be read
  Problems problems;               // what parsing it found (an unreadable file: one error, line 0)
};

class Library {
 public:
  // Lists the `*.txt` files named after a host (a dot in the name: not LICENSE.txt nor Full-Text
  // RSS's global.txt) of each directory, in order: a file replaces one of the same name in
  // an earlier directory (Full-Text RSS's custom/ over standard/). Returns kNotFound (no such
  // directory), kUsage (not a directory) or kUnreadable, naming it. Reads no file. Cost: one
  // directory listing each (2,000 files: about a millisecond).
  static Error open(const std::vector<std::string>& dirs, std::shared_ptr<Library>* out);

  // The file for `host` (lower case; a leading "www." is dropped), looked up as Full-Text RSS
  // does: "host.txt", then ".parent.txt" for each parent domain of a sub-domain, most specific
  // first ("news.example.com": news.example.com.txt, .example.com.txt); ".example.com.txt" does
  // not match example.com itself. Null when none. Cost: one hash lookup per label.
  Entry* find(std::string_view host) const;

  // The entry's config, reading and compiling the file on its first use (thread-safe, once).
  // Expressions that did not compile are left out (entry->problems says which); null only if
  // the file could not be read. Cost: the first time, reading the file and compiling its XPath.
  static const Config* load(Entry* entry);

  const std::vector<std::unique_ptr<Entry>>& entries() const { return entries_; }
  const std::vector<std::string>& dirs() const { return dirs_; }

 private:
  std::vector<std::string> dirs_;
  std::vector<std::unique_ptr<Entry>> entries_;          // by name, sorted
  std::unordered_map<std::string_view, Entry*> by_key_;  // name without ".txt" -> entry
};

// `host` as the lookup reads it: lower case, without a port or a trailing dot, one leading
// "www." dropped.
std::string lookup_host(std::string_view host);

}  // namespace winnow::siteconfig
