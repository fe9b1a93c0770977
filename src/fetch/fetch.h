// Fetching pages over HTTP(S) with libcurl: one URL, or thousands concurrently and politely.
//
// Only http and https are fetched, and redirects are followed only to http and https. Every transfer
// has a connect timeout and a total timeout, and a retry's wait is bounded, so a batch always ends.
// Every failure is a winnow::Error whose message is one line naming the input URL and the cause.
#pragma once

#include <cstddef>
#include <ctime>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/winnow.h"

namespace winnow::fetch {

struct FetchOptions {
  // Time allowed to resolve the host and connect (including the TLS handshake).
  long connect_timeout_ms = 10'000;
  // Time allowed for a whole transfer, redirects included (not counting retries' waits).
  long timeout_ms = 30'000;
  // A (decoded) body larger than this aborts the transfer: an error, not a truncated page.
  std::size_t max_body_bytes = std::size_t{64} << 20;
  // Redirects followed before giving up with "too many redirects".
  int max_redirects = 10;
  // Empty: default_user_agent().
  std::string user_agent;
  // Extra request headers, each "Name: value".
  std::vector<std::string> headers;
  // More headers for one URL, asked when its transfer starts (a site config's http_header): each
  // "Name: value" replaces a header of `headers` of the same name, or is added. Null: none.
  // Called on the fetching thread.
  std::function<std::vector<std::string>(const std::string& url)> headers_for;
  // A cookie file (Netscape/curl format, or plain Set-Cookie lines) sent with matching requests.
  // It is only read, never written. Empty: no cookies.
  std::string cookie_file;
  // 429 and 503 responses are retried this many times. The wait is the response's Retry-After
  // (seconds or an HTTP date) or, without one, retry_backoff_ms doubled on each attempt. A server
  // asking for a wait longer than max_retry_wait_ms is not retried: its status is the error.
  int max_retries = 3;
  long retry_backoff_ms = 1'000;
  long max_retry_wait_ms = 60'000;
  // Transfers running at once, in all.
  int jobs = 8;
  // Transfers running at once to one host name (its initial URL's host; a redirect elsewhere does
  // not move it). A 429/503 with Retry-After makes the whole host wait, not just that URL.
  int per_host = 2;
  // Minimum time between the starts of two requests to one host. 0: none. A crawl of one site with
  // per_host = 1 and 1000 ms here makes at most one request a second.
  long per_host_delay_ms = 0;
};

struct FetchResult {
  std::string url;           // the input URL, as given
  std::string final_url;     // the URL the body came from, after redirects (site rules match this)
  long status = 0;           // the final HTTP status; 0 when no response arrived
  std::string content_type;  // the media type, lower case, without parameters ("text/html")
  std::string charset;       // the Content-Type charset parameter, lower case; empty: none. Give
                             // it to Options::charset: it beats <meta charset>, not a BOM.
  std::string date;          // the Date header, as sent
  std::string body;          // the decoded body (gzip/deflate/br/zstd undone); empty on error
  int attempts = 0;          // requests made, retries included
  // kFetch (DNS, connection, TLS, timeout, redirects, HTTP status, body size, truncated body,
  // unsupported scheme or bad URL) or kContentType (a response that is not HTML). One line.
  Error error;
};

// "winnow/<version> (+https://github.com/winnow)".
std::string default_user_agent();

// Called once per input URL, on the thread that called fetch_all, as each finishes (success or not),
// in the order they finish. `index` is the URL's position in the input. While it runs no transfer
// makes progress, so long work belongs on another thread: hand the result over and return.
using FetchCallback = std::function<void(std::size_t index, FetchResult&& result)>;

// Fetches every URL in `urls` with up to options.jobs concurrent transfers, at most options.per_host
// to one host, options.per_host_delay_ms apart, and calls on_done exactly once for each URL. Returns
// when all are done. Failures are reported through FetchResult::error, never thrown; an exception
// thrown by on_done aborts the remaining transfers and propagates. Cost: one libcurl multi handle;
// memory is the bodies of the transfers in flight (each bounded by max_body_bytes).
void fetch_all(const std::vector<std::string>& urls, const FetchOptions& options, const FetchCallback& on_done);

// Fetches one URL (fetch_all of a single URL).
FetchResult fetch_one(const std::string& url, const FetchOptions& options);

// The wait a Retry-After header value asks for, in milliseconds: delay-seconds ("120") or an HTTP
// date, measured from `now` (a date in the past is 0). Returns -1 if the value is neither.
long long retry_after_ms(std::string_view value, std::time_t now);

}  // namespace winnow::fetch
