// Reading the WCXB development corpus (../shared/corpus/wcxb: html/NNNN.html.gz and
// ground-truth/NNNN.json), shared by bench/accuracy and bench/blocks.
#pragma once

#include <zlib.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace wcxb {

struct Page {
  std::string id;        // "0001"
  std::string url;
  std::string type;      // article, forum, product, collection, listing, documentation, service
  std::string part;      // "study" (read page by page) or "score" (only scored): see split()
  std::string title;
  std::string truth;     // main_content
  std::vector<std::string> with, without;
  std::filesystem::path html;  // the .html.gz file
};

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The page's bytes, gunzipped; "" when the file is missing or not gzip.
inline std::string read_html(const Page& page) {
  gzFile f = gzopen(page.html.string().c_str(), "rb");
  if (f == nullptr) return "";
  std::string out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  gzclose(f);
  return out;
}

// The host of a URL, lower case, without "www.".
inline std::string host_of(const std::string& url) {
  std::size_t b = url.find("://");
  b = b == std::string::npos ? 0 : b + 3;
  std::size_t e = url.find_first_of("/?#:", b);
  std::string h = url.substr(b, e == std::string::npos ? std::string::npos : e - b);
  for (char& c : h) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (h.rfind("www.", 0) == 0) h.erase(0, 4);
  return h;
}

// The split, fixed once: a page is in the "score" part when the FNV-1a hash of its host is 0 mod 3
// (a third of the hosts), else in the "study" part. By host, so that no site is in both.
inline std::string split(const std::string& url) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : host_of(url)) h = (h ^ c) * 0x100000001b3ull;
  return h % 3 == 0 ? "score" : "study";
}

// Every page of the corpus at `dir`, in file order. Pages whose truth does not parse are left out.
inline std::vector<Page> read_corpus(const std::filesystem::path& dir) {
  std::vector<Page> pages;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir / "ground-truth"))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    const auto j = nlohmann::json::parse(read_file(f), nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    Page p;
    p.id = f.stem().string();
    p.url = j.value("url", "");
    if (j.contains("_internal") && j["_internal"].contains("page_type"))
      p.type = j["_internal"]["page_type"].value("primary", "");
    const auto& gt = j.contains("ground_truth") ? j["ground_truth"] : nlohmann::json::object();
    auto str = [&](const char* k) { return gt.contains(k) && gt[k].is_string() ? gt[k].get<std::string>() : ""; };
    p.title = str("title");
    p.truth = str("main_content");
    for (const char* k : {"with", "without"}) {
      if (!gt.contains(k) || !gt[k].is_array()) continue;
      for (const auto& s : gt[k])
        if (s.is_string()) (std::string(k) == "with" ? p.with : p.without).push_back(s.get<std::string>());
    }
    p.part = split(p.url);
    p.html = dir / "html" / (p.id + ".html.gz");
    pages.push_back(std::move(p));
  }
  return pages;
}

}  // namespace wcxb
