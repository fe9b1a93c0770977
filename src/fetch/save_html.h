// Keeping fetched pages on disk (--save-html DIR), so that a page can be cleaned again offline and
// become the fixture of a new site rule.
//
// Layout: DIR/<host>/<slug>.html holds the body exactly as fetched (after transfer decoding), and
// DIR/<host>/<slug>.headers beside it holds the headers that matter, one "Name: value" a line:
//
//   URL: https://example.com/news/story      (the final URL, after redirects)
//   Requested-URL: https://example.com/s/1   (only when it differs)
//   Status: 200
//   Content-Type: text/html; charset=windows-1252
//   Date: Tue, 14 Nov 2023 22:13:20 GMT
#pragma once

#include <string>
#include <string_view>

#include "fetch/fetch.h"
#include "winnow/winnow.h"

namespace winnow::fetch {

// The directory name for a URL's host: lower case, only [a-z0-9.-_] ("[::1]" becomes "__1"),
// "unknown-host" when there is none.
std::string url_host_dir(std::string_view url);

// A file name stem for a URL's path and query: runs of characters outside [A-Za-z0-9._-] become one
// '-', no leading or trailing '-' or '.', a trailing .html/.htm dropped, "index" for "/", and at most
// 80 characters (a long one is cut and ends with 8 hex digits of a hash of the whole URL, so two long
// URLs that share a prefix still differ). Never empty, never "." or "..".
std::string url_slug(std::string_view url);

// Writes page.body and its headers file under `dir` (created if missing), named for page.final_url
// (page.url if empty). An existing page of the same name is kept: the new one gets "-2", "-3"...
// Each file appears whole or not at all (written to a temporary file, then linked or renamed into
// place), so concurrent savers and a crash never leave a half-written page. On success sets
// *html_path (if not null) to the page's path. Errors (one line, naming the path): kUnreadable when a
// directory cannot be created or a file written (permissions, full disk). Cost: two file writes.
Error save_html(const std::string& dir, const FetchResult& page, std::string* html_path);

}  // namespace winnow::fetch
