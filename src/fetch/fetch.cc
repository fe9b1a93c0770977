#include "fetch/fetch.h"

#include <curl/curl.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <mutex>

#include "common/ascii.h"
#include "load/charset.h"
#include "load/http.h"

// CURLOPT_PROTOCOLS_STR arrived in 7.85; the bitmask options it replaces are deprecated since.
#if LIBCURL_VERSION_NUM >= 0x075500
#define WINNOW_CURL_PROTOCOLS_STR 1
#endif

namespace winnow::fetch {

namespace {

using Clock = std::chrono::steady_clock;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// URLs, reason phrases and curl's error text come from outside: keep a message on one line, and
// UTF-8 (a header's bytes may be anything).
std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(std::min<std::size_t>(s.size(), 512));
  for (char c : s) {
    if (out.size() >= 512) {
      out += "...";
      break;
    }
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return load::valid_utf8(out);
}

// For HTTP/2 and /3, which send no reason phrase.
const char* reason_phrase(long status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 451: return "Unavailable For Legal Reasons";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

std::string seconds(double s) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f s", s);
  return buffer;
}

struct Transfer;

// Per host name: what runs now and what waits its turn.
struct Host {
  int active = 0;
  Clock::time_point next_start{};
  std::deque<Transfer*> queue;
  bool listed = false;  // in Session::hosts_with_work
};

struct Transfer {
  std::size_t index = 0;
  FetchResult result;
  std::string host_name;
  Host* host = nullptr;
  Clock::time_point not_before{};
  CURL* easy = nullptr;
  std::size_t max_body = 0;

  // The current attempt's last response (headers of redirects and retried responses are reset).
  std::string reason;
  std::string retry_after;
  std::string location;
  bool type_checked = false;
  bool refused_type = false;
  bool too_large = false;
  bool discard_body = false;
  std::size_t discarded = 0;
  char errbuf[CURL_ERROR_SIZE] = {};
  curl_slist* own_headers = nullptr;  // FetchOptions::headers_for's, with the common ones

  Transfer() = default;
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;
  ~Transfer() { curl_slist_free_all(own_headers); }

  void reset_attempt() {
    result.status = 0;
    result.content_type.clear();
    result.charset.clear();
    result.date.clear();
    result.body.clear();
    result.final_url.clear();
    reason.clear();
    retry_after.clear();
    location.clear();
    type_checked = refused_type = too_large = discard_body = false;
    discarded = 0;
    errbuf[0] = '\0';
  }
};

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::string_view line = load::trim_http(std::string_view(data, size * count));
  std::string_view value;
  if (line.size() > 5 && line.substr(0, 5) == "HTTP/") {
    // A new response (after a redirect, or the final one): forget the previous one's headers.
    t->reason.clear();
    t->retry_after.clear();
    t->location.clear();
    t->result.content_type.clear();
    t->result.charset.clear();
    t->result.date.clear();
    const std::size_t code = line.find(' ');
    const std::size_t text = code == std::string_view::npos ? code : line.find(' ', code + 1);
    if (text != std::string_view::npos) t->reason = one_line(load::trim_http(line.substr(text + 1)));
  } else if (load::header_is(line, "content-type", &value)) {
    load::parse_content_type(value, &t->result.content_type, &t->result.charset);
  } else if (load::header_is(line, "date", &value)) {
    t->result.date = one_line(value);
  } else if (load::header_is(line, "retry-after", &value)) {
    t->retry_after = std::string(value);
  } else if (load::header_is(line, "location", &value)) {
    t->location = std::string(value);
  }
  return size * count;
}

// libcurl passes only the final response's body here (it skips the bodies of redirects it follows).
size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (!t->type_checked) {
    t->type_checked = true;
    long status = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 200 && status < 300 && !load::is_html_type(t->result.content_type)) {
      t->refused_type = true;  // do not download a 50 MB PDF only to refuse it
      return 0;
    }
    t->discard_body = status >= 300;
  }
  if (t->discard_body) {
    // An error page: read it so the connection can be reused, keep none of it.
    t->discarded += n;
    if (t->discarded > t->max_body) return 0;
    return n;
  }
  if (t->result.body.size() + n > t->max_body) {
    t->too_large = true;
    return 0;
  }
  t->result.body.append(data, n);
  return n;
}

// Everything fetch_all keeps; the destructor returns every libcurl resource, even when on_done throws.
struct Session {
  const FetchOptions& options;
  std::string user_agent;
  curl_slist* headers = nullptr;
  CURLM* multi = nullptr;
  std::vector<std::unique_ptr<Transfer>> transfers;
  std::map<std::string, Host> hosts;
  std::vector<Host*> hosts_with_work;
  std::size_t cursor = 0;
  int active = 0;
  std::vector<std::size_t> unstartable;  // out of memory: reported as failed, never retried

  explicit Session(const FetchOptions& o) : options(o) {
    user_agent = o.user_agent.empty() ? default_user_agent() : o.user_agent;
    for (const std::string& h : o.headers) headers = curl_slist_append(headers, h.c_str());
    multi = curl_multi_init();
  }
  ~Session() {
    for (auto& t : transfers) {
      if (t && t->easy) {
        curl_multi_remove_handle(multi, t->easy);
        curl_easy_cleanup(t->easy);
      }
    }
    curl_multi_cleanup(multi);
    curl_slist_free_all(headers);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
};

// Checks the scheme and finds the host. Returns false with t->result.error set if the URL is not one
// we fetch.
bool parse_url(Transfer* t) {
  const std::string& url = t->result.url;
  const std::string name = one_line(url);
  CURLU* u = curl_url();
  std::string scheme;
  const CURLUcode rc = curl_url_set(u, CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME);
  if (rc == CURLUE_OK) {
    char* part = nullptr;
    if (curl_url_get(u, CURLUPART_SCHEME, &part, 0) == CURLUE_OK) scheme = ascii_lower(part);
    curl_free(part);
    part = nullptr;
    if (curl_url_get(u, CURLUPART_HOST, &part, 0) == CURLUE_OK) t->host_name = ascii_lower(part);
    curl_free(part);
  }
  curl_url_cleanup(u);
  if (rc != CURLUE_OK) {
    t->result.error = Error::make(ErrorCode::kFetch, name + ": not a valid URL (" + curl_url_strerror(rc) + ")");
    return false;
  }
  if (scheme != "http" && scheme != "https") {
    t->result.error = Error::make(ErrorCode::kFetch, name + ": unsupported scheme '" + one_line(scheme) +
                                                         "' (only http and https are fetched)");
    return false;
  }
  if (t->host_name.empty()) {
    t->result.error = Error::make(ErrorCode::kFetch, name + ": not a valid URL (no host)");
    return false;
  }
  return true;
}

CURL* make_easy(Session& s, Transfer* t) {
  CURL* e = curl_easy_init();
  if (e == nullptr) return nullptr;
  const FetchOptions& o = s.options;
  curl_easy_setopt(e, CURLOPT_URL, t->result.url.c_str());
  curl_easy_setopt(e, CURLOPT_PRIVATE, t);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
#ifdef WINNOW_CURL_PROTOCOLS_STR
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(e, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(std::max(0, o.max_redirects)));
  curl_easy_setopt(e, CURLOPT_AUTOREFERER, 1L);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, std::max(1L, o.connect_timeout_ms));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, std::max(1L, o.timeout_ms));
  // Rejects a too large body up front when the server announces its length.
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_body_bytes));
  curl_easy_setopt(e, CURLOPT_USERAGENT, s.user_agent.c_str());
  curl_slist* headers = s.headers;
  if (o.headers_for) {
    const std::vector<std::string> extra = o.headers_for(t->result.url);
    if (!extra.empty()) {
      auto name_of = [](const std::string& h) { return ascii_lower(std::string_view(h).substr(0, h.find(':'))); };
      curl_slist_free_all(t->own_headers);
      t->own_headers = nullptr;
      for (const std::string& h : o.headers) {
        bool replaced = false;
        for (const std::string& x : extra) replaced |= name_of(x) == name_of(h);
        if (!replaced) t->own_headers = curl_slist_append(t->own_headers, h.c_str());
      }
      for (const std::string& x : extra) t->own_headers = curl_slist_append(t->own_headers, x.c_str());
      headers = t->own_headers;
    }
  }
  if (headers != nullptr) curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
  // "": offer every encoding this libcurl can decode (gzip, deflate, and br/zstd when built in).
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  if (!o.cookie_file.empty()) curl_easy_setopt(e, CURLOPT_COOKIEFILE, o.cookie_file.c_str());
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
  return e;
}

// The one-line cause of a failed transfer (without the URL).
std::string transfer_failure(const Session& s, const Transfer* t, CURLcode rc) {
  const std::string detail = one_line(t->errbuf[0] != '\0' ? t->errbuf : curl_easy_strerror(rc));
  double total = 0;
  curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME, &total);
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return "cannot resolve host name '" + one_line(t->host_name) + "' (DNS failure)";
    case CURLE_COULDNT_CONNECT: {
      long os_errno = 0;
      curl_easy_getinfo(t->easy, CURLINFO_OS_ERRNO, &os_errno);
      if (os_errno == ECONNREFUSED) return "connection refused (" + detail + ")";
      return "cannot connect (" + detail + ")";
    }
    case CURLE_OPERATION_TIMEDOUT: {
      double connected = 0;
      curl_easy_getinfo(t->easy, CURLINFO_CONNECT_TIME, &connected);
      if (connected <= 0)
        return "timed out connecting after " + seconds(total) + " (connect timeout " +
               seconds(s.options.connect_timeout_ms / 1000.0) + ")";
      return "timed out after " + seconds(total) + " (timeout " + seconds(s.options.timeout_ms / 1000.0) + ")";
    }
    case CURLE_TOO_MANY_REDIRECTS:
      return "too many redirects (more than " + std::to_string(s.options.max_redirects) + ")";
    case CURLE_UNSUPPORTED_PROTOCOL:
      // The input's scheme was checked before the transfer, so this is a redirect's.
      if (!t->location.empty()) return "redirected to a URL that is not http or https: " + one_line(t->location);
      return "redirected to a URL that is not http or https (" + detail + ")";
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
      return "connection closed in the middle of the body (" + detail + ")";
    case CURLE_GOT_NOTHING:
      return "the server closed the connection without a response";
    case CURLE_FILESIZE_EXCEEDED:
      return "body over the limit of " + std::to_string(s.options.max_body_bytes) + " bytes";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_USE_SSL_FAILED:
      return "TLS failure (" + detail + ")";
    default:
      return std::string(curl_easy_strerror(rc)) + " (" + detail + ")";
  }
}

enum class Outcome { kDone, kRetry };

// Reads the finished attempt into t->result. Returns kRetry (with t->not_before set) when a 429 or 503
// is to be tried again.
Outcome finish(Session& s, Transfer* t, CURLcode rc) {
  FetchResult& r = t->result;
  const std::string name = one_line(r.url);
  curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &r.status);
  char* effective = nullptr;
  if (curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective != nullptr)
    r.final_url = effective;
  if (r.final_url.empty()) r.final_url = r.url;

  std::string http_error;
  if (r.status >= 300) {
    std::string reason = t->reason.empty() ? reason_phrase(r.status) : t->reason;
    http_error = "HTTP " + std::to_string(r.status) + (reason.empty() ? "" : " " + reason);
  }

  if (t->refused_type) {
    r.body.clear();
    r.error = Error::make(ErrorCode::kContentType,
                          name + ": not an HTML page (content type " + one_line(r.content_type) + ")");
    return Outcome::kDone;
  }
  // The status is the news even when its error page was cut short or announced as too large.
  if (r.status >= 400 && (rc == CURLE_OK || t->discard_body || rc == CURLE_FILESIZE_EXCEEDED)) {
    const bool retryable = r.status == 429 || r.status == 503;
    if (retryable && r.attempts <= s.options.max_retries) {
      long long wait = t->retry_after.empty() ? -1 : retry_after_ms(t->retry_after, std::time(nullptr));
      if (wait < 0) wait = static_cast<long long>(s.options.retry_backoff_ms) << std::min(r.attempts - 1, 20);
      if (wait <= s.options.max_retry_wait_ms) {
        t->not_before = Clock::now() + std::chrono::milliseconds(wait);
        return Outcome::kRetry;
      }
      http_error += " (asked to retry after " + seconds(wait / 1000.0) + ", over the " +
                    seconds(s.options.max_retry_wait_ms / 1000.0) + " limit)";
    } else if (retryable && s.options.max_retries > 0) {
      http_error += " (after " + std::to_string(r.attempts) + " attempts)";
    }
    r.body.clear();
    r.error = Error::make(ErrorCode::kFetch, name + ": " + http_error);
    return Outcome::kDone;
  }
  if (t->too_large) {
    r.body.clear();
    r.error = Error::make(ErrorCode::kFetch, name + ": body over the limit of " +
                                                 std::to_string(s.options.max_body_bytes) + " bytes");
    return Outcome::kDone;
  }
  if (rc != CURLE_OK) {
    r.body.clear();
    r.error = Error::make(ErrorCode::kFetch, name + ": " + transfer_failure(s, t, rc));
    return Outcome::kDone;
  }
  if (r.status >= 300 && r.status < 400) {
    r.body.clear();
    r.error = Error::make(ErrorCode::kFetch, name + ": " + http_error + " (a redirect without a usable Location)");
    return Outcome::kDone;
  }
  if (r.status < 200 || r.status >= 300) {
    r.body.clear();
    r.error = Error::make(ErrorCode::kFetch, name + ": unexpected HTTP status " + std::to_string(r.status));
    return Outcome::kDone;
  }
  if (!load::is_html_type(r.content_type)) {  // an empty body never reached on_body's check
    r.body.clear();
    r.error = Error::make(ErrorCode::kContentType,
                          name + ": not an HTML page (content type " + one_line(r.content_type) + ")");
  }
  return Outcome::kDone;
}

void enqueue(Session& s, Transfer* t, bool front) {
  Host* h = t->host;
  if (front) {
    h->queue.push_front(t);
  } else {
    h->queue.push_back(t);
  }
  if (!h->listed) {
    h->listed = true;
    s.hosts_with_work.push_back(h);
  }
}

// Starts what may start now, round-robin over hosts. Returns the earliest time a waiting transfer
// may start (Clock::time_point::max() if none waits on the clock).
Clock::time_point start_ready(Session& s) {
  const int jobs = std::max(1, s.options.jobs);
  const int per_host = std::max(1, s.options.per_host);
  const auto delay = std::chrono::milliseconds(std::max(0L, s.options.per_host_delay_ms));
  Clock::time_point wake = Clock::time_point::max();
  const Clock::time_point now = Clock::now();
  bool started = true;
  while (started && s.active < jobs) {
    started = false;
    // Drop hosts whose queue ran dry so that the scan stays proportional to the hosts with work.
    std::erase_if(s.hosts_with_work, [](Host* h) {
      if (!h->queue.empty()) return false;
      h->listed = false;
      return true;
    });
    const std::size_t n = s.hosts_with_work.size();
    std::size_t next_cursor = n == 0 ? 0 : s.cursor % n;
    for (std::size_t k = 0; k < n && s.active < jobs; ++k) {
      Host* h = s.hosts_with_work[(s.cursor + k) % n];
      if (h->queue.empty() || h->active >= per_host) continue;
      Transfer* t = h->queue.front();
      const Clock::time_point ready = std::max(h->next_start, t->not_before);
      if (ready > now) {
        wake = std::min(wake, ready);
        continue;
      }
      h->queue.pop_front();
      t->reset_attempt();
      t->result.attempts++;
      t->easy = make_easy(s, t);
      if (t->easy == nullptr || curl_multi_add_handle(s.multi, t->easy) != CURLM_OK) {
        // Only out of memory gets here; fail this URL rather than the batch.
        if (t->easy != nullptr) curl_easy_cleanup(t->easy);
        t->easy = nullptr;
        t->result.error = Error::make(ErrorCode::kInternal, one_line(t->result.url) + ": cannot start a transfer");
        s.unstartable.push_back(t->index);
        continue;
      }
      h->active++;
      h->next_start = now + delay;
      s.active++;
      next_cursor = (s.cursor + k + 1) % n;
      started = true;
    }
    s.cursor = next_cursor;
  }
  return wake;
}

}  // namespace

std::string default_user_agent() {
  return std::string("winnow/") + version() + " (+https://github.com/winnow)";
}

long long retry_after_ms(std::string_view value, std::time_t now) {
  value = load::trim_http(value);
  if (value.empty()) return -1;
  if (std::all_of(value.begin(), value.end(), is_ascii_digit)) {
    if (value.size() > 9) return 999'999'999'000LL;  // absurd, but a number: the caller caps it
    return std::stoll(std::string(value)) * 1000;
  }
  const std::string date(value);
  const std::time_t when = curl_getdate(date.c_str(), nullptr);
  if (when == static_cast<std::time_t>(-1)) return -1;
  if (when <= now) return 0;
  // A date in a far year (curl reads years up to 2^31) is seconds enough to overflow in milliseconds.
  const long long seconds = static_cast<long long>(when - now);
  return seconds > 999'999'999 ? 999'999'999'000LL : seconds * 1000;
}

void fetch_all(const std::vector<std::string>& urls, const FetchOptions& options, const FetchCallback& on_done) {
  global_init();
  Session s(options);
  s.transfers.resize(urls.size());
  std::size_t done = 0;
  std::vector<std::size_t> refused;
  for (std::size_t i = 0; i < urls.size(); ++i) {
    auto t = std::make_unique<Transfer>();
    t->index = i;
    t->result.url = urls[i];
    t->max_body = options.max_body_bytes;
    if (parse_url(t.get())) {
      t->host = &s.hosts[t->host_name];
      enqueue(s, t.get(), false);
    } else {
      refused.push_back(i);
    }
    s.transfers[i] = std::move(t);
  }
  if (s.multi == nullptr) {
    for (auto& t : s.transfers) {
      if (t->result.error.ok())
        t->result.error = Error::make(ErrorCode::kInternal, one_line(t->result.url) + ": cannot start libcurl");
    }
  }
  auto complete = [&](std::size_t i) {
    std::unique_ptr<Transfer> t = std::move(s.transfers[i]);
    ++done;
    on_done(i, std::move(t->result));
  };
  for (std::size_t i : refused) complete(i);
  if (s.multi == nullptr) {
    for (std::size_t i = 0; i < s.transfers.size(); ++i)
      if (s.transfers[i]) complete(i);
    return;
  }

  while (done < urls.size()) {
    const Clock::time_point wake = start_ready(s);
    std::vector<std::size_t> unstartable;
    unstartable.swap(s.unstartable);
    for (std::size_t i : unstartable) complete(i);
    int running = 0;
    curl_multi_perform(s.multi, &running);
    bool finished_any = false;
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(s.multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
      const CURLcode rc = msg->data.result;
      curl_multi_remove_handle(s.multi, t->easy);
      const Outcome outcome = finish(s, t, rc);
      curl_easy_cleanup(t->easy);
      t->easy = nullptr;
      t->host->active--;
      s.active--;
      finished_any = true;
      if (outcome == Outcome::kRetry) {
        // The server asked the whole host to slow down, not just this URL.
        t->host->next_start = std::max(t->host->next_start, t->not_before);
        enqueue(s, t, true);
      } else {
        complete(t->index);
      }
    }
    if (finished_any || done == urls.size()) continue;
    long timeout_ms = 1000;
    if (wake != Clock::time_point::max()) {
      const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(wake - Clock::now()).count();
      timeout_ms = std::clamp<long>(static_cast<long>(until) + 1, 0, 1000);
    }
    curl_multi_poll(s.multi, nullptr, 0, static_cast<int>(timeout_ms), nullptr);
  }
}

FetchResult fetch_one(const std::string& url, const FetchOptions& options) {
  FetchResult out;
  fetch_all({url}, options, [&](std::size_t, FetchResult&& r) { out = std::move(r); });
  return out;
}

}  // namespace winnow::fetch
