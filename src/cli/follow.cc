#include "cli/follow.h"

#include <algorithm>

#include "fetch/save_html.h"

namespace winnow::cli {

namespace {

// Fetches `url` and keeps it under `save_dir`; false with a note in *notes when it cannot.
bool fetch_page(const std::string& url, const fetch::FetchOptions& transfers, const std::string& save_dir,
                fetch::FetchResult* page, std::vector<std::string>* notes) {
  *page = fetch::fetch_one(url, transfers);
  if (!page->error.ok()) {
    notes->push_back("site config: not followed: " + page->error.message);
    return false;
  }
  if (!save_dir.empty()) {
    if (Error e = fetch::save_html(save_dir, *page, nullptr); !e.ok()) {
      notes->push_back("site config: " + e.message);
    }
  }
  return true;
}

Options options_for(const Options& base, const fetch::FetchResult& page) {
  Options o = base;
  o.url = page.final_url.empty() ? page.url : page.final_url;
  o.charset = page.charset;
  if (!base.charset.empty()) o.charset = base.charset;
  return o;
}

}  // namespace

Error clean_following(const fetch::FetchResult& first, const Options& options, const Rules& rules,
                      const fetch::FetchOptions& transfers, const std::string& save_dir, const std::string& input,
                      Document* out) {
  if (Error e = clean(first.body, options, rules, input, out); !e.ok()) return e;
  std::vector<std::string> notes;
  // The single-page view replaces the page.
  fetch::FetchResult single;
  const fetch::FetchResult* start = &first;
  Options start_options = options;
  if (!out->single_page_url.empty() && out->single_page_url != options.url) {
    if (fetch_page(out->single_page_url, transfers, save_dir, &single, &notes)) {
      Document doc;
      start_options = options_for(options, single);
      if (Error e = clean(single.body, start_options, rules, out->single_page_url, &doc); !e.ok()) return e;
      doc.notes.insert(doc.notes.begin(), "site config: single_page_link followed: " + out->single_page_url);
      *out = std::move(doc);
      start = &single;
      // The single-page view is the whole article: its own links are not followed.
      out->next_page_url.clear();
    }
  }
  if (out->next_page_url.empty()) {
    out->notes.insert(out->notes.end(), notes.begin(), notes.end());
    return Error{};
  }
  // next_page_link: fetch while each page names a next one not seen yet.
  std::vector<fetch::FetchResult> later;
  std::vector<std::string> urls{start_options.url};
  std::string next = out->next_page_url;
  while (!next.empty() && static_cast<int>(urls.size()) < kMaxArticlePages &&
         std::find(urls.begin(), urls.end(), next) == urls.end()) {
    fetch::FetchResult page;
    if (!fetch_page(next, transfers, save_dir, &page, &notes)) break;
    Document probe;
    const Options page_options = options_for(options, page);
    urls.push_back(page_options.url);
    const std::string this_url = next;
    next.clear();
    if (clean(page.body, page_options, rules, this_url, &probe).ok()) next = probe.next_page_url;
    later.push_back(std::move(page));
  }
  if (later.empty()) {
    out->notes.insert(out->notes.end(), notes.begin(), notes.end());
    return Error{};
  }
  std::vector<std::string_view> pages{start->body};
  for (const fetch::FetchResult& p : later) pages.push_back(p.body);
  Options joined = start_options;
  std::vector<std::string> notes_before = out->notes;
  if (Error e = clean_pages(pages, urls, joined, rules, input, out); !e.ok()) return e;
  if (start == &single) out->notes.insert(out->notes.begin(), notes_before.front());
  out->notes.insert(out->notes.end(), notes.begin(), notes.end());
  if (!next.empty() && static_cast<int>(urls.size()) >= kMaxArticlePages)
    out->notes.push_back("site config: stopped after " + std::to_string(kMaxArticlePages) + " pages");
  return Error{};
}

}  // namespace winnow::cli
