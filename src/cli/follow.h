// Following a site config's links when fetching: the single-page view of an article instead of
// its first page (single_page_link), and the pages after it (next_page_link), joined.
#pragma once

#include <string>
#include <vector>

#include "fetch/fetch.h"
#include "winnow/winnow.h"

namespace winnow::cli {

// The most pages of one article that are fetched and joined, the first included.
inline constexpr int kMaxArticlePages = 10;

// Cleans `first`, a page fetched from `input`, into *out, following what its site config says:
// when clean() reports a single-page URL, that page is fetched and cleaned instead (if it fails
// to fetch, the first page stands, and a note says so); then, while the article's current page
// reports a next-page URL not seen yet, up to kMaxArticlePages pages are fetched and the whole is
// cleaned with clean_pages (a next page that fails to fetch ends the article there, noted).
// Every page fetched is kept under `save_dir` when it is not empty, like the first. `options`
// holds the first page's URL and charset. Returns clean()'s error for the first page or the
// single-page view. Cost: one fetch and two cleans per page followed (one to find its next link,
// one in clean_pages).
Error clean_following(const fetch::FetchResult& first, const Options& options, const Rules& rules,
                      const fetch::FetchOptions& transfers, const std::string& save_dir, const std::string& input,
                      Document* out);

}  // namespace winnow::cli
