// winnow: turn a web page's HTML into the article's clean text, with the site junk removed.
//
// The whole library is this header (and winnow/warc.h, to read crawls). A typical use, where
// html_bytes holds the page as read, in any charset, and die() is your error handling:
//
//   winnow::Rules rules;
//   if (winnow::Error e = winnow::load_rules({}, &rules); !e.ok()) die(e.message);
//   winnow::Options options;
//   options.url = "https://example.com/story";  // where the page came from: picks site rules
//   winnow::Document doc;
//   winnow::Error e = winnow::clean(html_bytes, options, rules, "story.html", &doc);
//   if (!e.ok()) die(e.message);
//   fputs(doc.output.c_str(), stdout);
//
// (The tests compile and run this example, and README.md's: see scripts/doc_examples.py.)
//
// Thread safety: a loaded Rules may be shared by any number of threads calling clean() at once.
// Everything else is plain data owned by the caller.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace winnow {

// The version of the library and of the `winnow` command.
const char* version();

// What went wrong. Every failing function returns an Error whose message is one line that names the
// input (a path, a URL or a rule file position) and the problem, ready to print as is.
enum class ErrorCode {
  kOk = 0,
  kUsage,        // the caller asked for something that makes no sense (bad option value)
  kNotFound,     // a path that does not exist
  kUnreadable,   // a path that exists but cannot be read (permissions, I/O error)
  kUnwritable,   // an output file or directory that cannot be written (permissions, full disk)
  kIsDirectory,  // a path that names a directory where a file was wanted
  kEmpty,        // an input with no bytes, or nothing but whitespace
  kBinary,       // an input that is not text (NUL bytes, an image's magic number)
  kTooLarge,     // an input over Options::max_input_bytes
  kTooDeep,      // markup nested deeper than Options::max_depth
  kRules,        // a rule file that does not parse (message is file:line:col: ...)
  kFetch,        // a URL that could not be fetched (DNS, TLS, timeout, HTTP status...)
  kContentType,  // a fetched resource that is not HTML
  kCorrupt,      // an input that is not in the format it should be (a WARC file that is not WARC,
                 // a broken WARC record: the message gives its byte offset)
  kInternal,     // a bug in winnow: please report it
};

struct Error {
  ErrorCode code = ErrorCode::kOk;
  std::string message;  // empty when ok()

  bool ok() const { return code == ErrorCode::kOk; }
  static Error make(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }
};

// How the cleaned article is rendered into Document::output.
enum class Format {
  kText,      // plain text: one paragraph per block, blank line between paragraphs
  kMarkdown,  // CommonMark with pipe tables
  kJson,      // one JSON object: metadata, text, and the rules that fired
  kHtml,      // the cleaned article as well-formed HTML
};

struct Options {
  // Where the page came from. Chooses the site rules and makes relative links absolute. When empty,
  // the page's own <link rel=canonical>, og:url or <base href> is used instead.
  std::string url;
  // A charset declared outside the page (an HTTP Content-Type header or --charset). It overrides
  // the page's <meta charset> and detection, but not a byte order mark. Empty: none.
  std::string charset;
  // Inputs larger than this are refused with kTooLarge before any parsing.
  std::size_t max_input_bytes = std::size_t{64} << 20;
  // Markup nested deeper than this is refused with kTooDeep: real pages stay well under a few
  // hundred levels, and an HTML parser's cost grows with the square of the depth.
  std::size_t max_depth = 10000;
  Format format = Format::kText;
  // Print the title on top of text and Markdown output.
  bool include_title = true;
  // Record every removal in Document::removals (costs a copy of each removed element's text).
  // Format::kJson records them whatever this says: its output lists the rules that fired.
  bool explain = false;
};

// What is known about the page besides its text. Empty strings mean "not found".
struct Metadata {
  std::string title;
  std::string byline;          // authors, comma-separated
  std::string published;       // ISO 8601
  std::string modified;        // ISO 8601
  std::string site_name;
  // BCP 47, e.g. "en" or "pt-BR": the page's lang (else its content-language, JSON-LD or
  // og:locale), unless the text is clearly in another language; then, and when the page declares
  // none, the language its text is in ("ru", from its letters or common words); "" when neither
  // says. It picks the `lang:` rule files (docs/rules.md); --explain says where it came from.
  std::string language;
  std::string url;             // the URL the site rules were chosen by (see Options::url)
  std::string canonical_url;
  std::string description;
  std::string image;           // lead image, absolute URL
  std::string charset;         // the charset the input was decoded from
  // What kind of page it is: article, forum, product, collection, listing, documentation or
  // service (from schema.org types, og:type, the URL's words and the page's structure); empty
  // when a site rule or site config chose the article.
  std::string page_type;
};

// One element or text block that a rule or the detector removed (recorded only with
// Options::explain or Format::kJson).
struct Removal {
  std::string rule;     // "file:line" of the rule, then its name if it has one
  std::string pattern;  // the selector or text pattern that matched
  std::string excerpt;  // the first ~80 characters of the removed text
};

// The result of cleaning one page.
struct Document {
  Metadata metadata;
  std::string text;    // the article as plain text (without the title)
  std::string output;  // the article rendered in Options::format
  std::vector<Removal> removals;
  // Where the rest of the article is, when the page's site config says (its single_page_link and
  // next_page_link, absolute): the fetching code follows them (see clean_pages). Empty: nowhere.
  std::string single_page_url;
  std::string next_page_url;
  // Human-readable notes on decisions made while cleaning (e.g. which rules applied, how the
  // article root was found). Printed by --explain.
  std::vector<std::string> notes;
};

namespace rules {
struct RuleSet;  // what load_rules loads: private to the library
}

// A loaded, validated rule set: the embedded default rules plus any user rule directories (see
// load_rules). A default-made Rules holds no rule at all. Copying a Rules is cheap (it shares the
// loaded data).
class Rules {
 public:
  Rules();
  ~Rules();
  Rules(const Rules&);
  Rules& operator=(const Rules&);

 private:
  friend struct RulesAccess;
  std::shared_ptr<const rules::RuleSet> set_;
};

// Loads the embedded default rules, then every `*.rules` file of each directory in `dirs` in order;
// a user file overrides an embedded (or earlier) file of the same name. Every file read is checked
// in full: on the first broken rule it returns kRules with "file:line:col: problem" and leaves *out
// unchanged; a directory that does not exist is kNotFound, a path that is not a directory kUsage, an
// unreadable one kUnreadable. A directory's files named after a host ("example.com.rules") are not
// read here, only listed: each is read, checked and compiled the first time a page of its host is
// cleaned; one found broken then fails the pages of its host (see clean). Cost: listing the
// directories, reading the files not named after a host, compiling the generic ones.
Error load_rules(const std::vector<std::string>& dirs, Rules* out);

// load_rules(dirs), plus the FiveFilters / Instapaper site config files ("ftr-site-config", XPath
// 1.0; docs/rules.md#site-configs) of each directory in `site_config_dirs`: a file of the same
// name in a later directory replaces an earlier one. Only the directory listings are read here;
// a page's file is looked up by its host ("www." dropped: host.txt, then .parent.txt for a
// sub-domain) and read and compiled the first time a page of that host is cleaned. winnow's own
// site rule files for a host win over its site config. Errors: those of load_rules, and kNotFound,
// kUsage or kUnreadable for a site config directory that does not exist, is not a directory or
// cannot be listed. Cost: load_rules's plus one listing per directory (2,000 files: ~1 ms).
Error load_rules(const std::vector<std::string>& dirs, const std::vector<std::string>& site_config_dirs,
                 Rules* out);

// Cleans one page. `bytes` is the raw page in any charset. On success fills *out and returns ok;
// on failure returns the error (kEmpty, kBinary, kTooLarge, kTooDeep; kRules, "file:line:col:
// problem (cleaning <input_name>)", when a site file of the page's host is found broken on first
// use) and leaves *out empty.
// Broken HTML is never an error: it is parsed the way a browser would. `input_name` names the
// input in error messages (a path, a URL or "<stdin>").
// Cost: linear in the size of the page; the parse tree lives only for the duration of the call.
Error clean(std::string_view bytes, const Options& options, const Rules& rules,
            std::string_view input_name, Document* out);

// Cleans an article split over several pages (a site config's next_page_link): pages[0] is the
// first page, the others follow in order, urls[i] where pages[i] came from (Options::url for that
// page). Each page is cleaned as clean() does, and the article of each later page is appended to
// the first's; the metadata is the first page's. Errors: those of clean() for any page (naming
// it), kUsage for no page. Cost: one clean() per page.
Error clean_pages(const std::vector<std::string_view>& pages, const std::vector<std::string>& urls,
                  const Options& options, const Rules& rules, std::string_view input_name, Document* out);

// The request headers the site config of `url`'s host asks for (its http_header(name): value
// lines, "Name: value" each), for the fetching code; empty when none applies (none listed, or
// winnow's own rules for the host win). The first call for a host may read its file. Cost: a
// lookup per label of the host.
std::vector<std::string> site_http_headers(const Rules& rules, std::string_view url);

}  // namespace winnow
