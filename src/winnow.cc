// The pipeline. Each stage's folder under src/ holds its code; this file only wires them together,
// in this order (clean_page says why):
//   load (sniff, decode) -> the host's site files and site config, from the given URL or the one
//   the page names -> html (pre-scan keeping what they read, one parse) -> extract: metadata from
//   the untouched page -> siteconfig -> rules -> extract: the article root -> write.
#include "winnow/winnow.h"

#include "common/text.h"
#include "extract/attributes.h"
#include "extract/content.h"
#include "extract/dates.h"
#include "extract/language.h"
#include "extract/metadata.h"
#include "extract/page_signals.h"
#include "extract/page_type.h"
#include "extract/url.h"
#include "html/noscript.h"
#include "html/parse.h"
#include "html/prescan.h"
#include "load/charset.h"
#include "load/sniff.h"
#include "pipeline.h"
#include "rules/apply.h"
#include "rules/load.h"
#include "siteconfig/apply.h"
#include "siteconfig/library.h"
#include "write/render.h"

namespace winnow {

const char* version() { return WINNOW_VERSION; }

html::AttributeFilter attributes_read(const Rules& rules, Format format) {
  html::AttributeFilter keep = html::AttributeFilter::selective();
  rules::keep_attributes_read(rules, &keep);
  extract::keep_attributes_read(&keep);
  write::keep_attributes_read(format, &keep);
  return keep;
}

Error load_rules(const std::vector<std::string>& dirs, const std::vector<std::string>& site_config_dirs,
                 Rules* out) {
  std::shared_ptr<rules::RuleSet> set;
  if (Error e = rules::load_rule_set(dirs, &set); !e.ok()) return e;
  if (!site_config_dirs.empty()) {
    std::shared_ptr<siteconfig::Library> library;
    if (Error e = siteconfig::Library::open(site_config_dirs, &library); !e.ok()) return e;
    set->site_configs = std::move(library);
  }
  RulesAccess::assign(std::move(set), out);
  return Error{};
}

namespace {

// The site config of a page's host, if there is one and winnow's own site rules for the host do
// not win over it (then *note says so). *problems (when not null) gets what parsing it found.
const siteconfig::Config* site_config(const Rules& rules, const std::string& host, std::string* note,
                                      const siteconfig::Problems** problems = nullptr) {
  note->clear();
  const rules::RuleSet* set = rules::rule_set(rules);
  if (set == nullptr || set->site_configs == nullptr || host.empty()) return nullptr;
  siteconfig::Entry* entry = set->site_configs->find(host);
  if (entry == nullptr) return nullptr;
  if (const auto own = rules::site_files(*set, host); !own.empty()) {
    *note = "site config " + entry->path + " not used: winnow's own rules for the host win (" + own.back()->path + ")";
    return nullptr;
  }
  const siteconfig::Config* config = siteconfig::Library::load(entry);
  if (problems != nullptr) *problems = &entry->problems;
  return config;
}

// Widens *keep to what `config`'s expressions test; true if it dropped one of them until now.
bool keep_config_attributes(const siteconfig::Config& config, html::AttributeFilter* keep) {
  if (keep->keeps_everything()) return false;
  if (config.reads_every_attribute) {
    *keep = html::AttributeFilter();
    return true;
  }
  bool widened = false;
  for (const std::string& name : config.attribute_names) widened |= keep->keep(name);
  return widened;
}

// One page cleaned up to its article root, before it is rendered.
struct Page {
  html::Dom dom;
  html::NodeId root = html::kNoNode;
  Document doc;
};

// What a page's host asks of the parse: its site files ready, its site config (if any), and the
// pre-scan's filter widened to every attribute they test.
struct SiteChoice {
  Error error;  // a site file of the host found broken (see rules::prepare_site_files)
  const siteconfig::Config* config = nullptr;
  const siteconfig::Problems* config_problems = nullptr;
  std::string config_note;
  bool widened = false;  // *keep now keeps an attribute it dropped before
  bool replaces() const { return config != nullptr && !config->replacements.empty(); }
};

SiteChoice choose_site(const Rules& rules, const std::string& host, std::string_view input_name,
                       html::AttributeFilter* keep) {
  SiteChoice c;
  // A site file is read on the first page of its host: if it is broken, so is this page.
  c.error = rules::prepare_site_files(rules, host, input_name);
  c.config = site_config(rules, host, &c.config_note, &c.config_problems);
  if (c.config != nullptr) c.widened |= keep_config_attributes(*c.config, keep);
  if (!keep->keeps_everything()) c.widened |= rules::keep_site_attributes(rules, host, keep);
  return c;
}

// The page's URL as extract::page_url will read it from the parsed page, from the <link>, <meta>
// and <base> tags the pre-scan kept aside (a parse of those few tags, not of the page).
std::string url_before_parse(const html::Prescan& scanned) {
  if (scanned.url_tags.empty()) return "";
  return extract::page_url(html::parse(scanned.url_tags), "");
}

thread_local int parses_of_last_page_ = 0;

// The page is decoded, and its host is known before the parse: the given URL's, else the one the
// page's own <link rel=canonical>, og:url or <base> names, which the pre-scan reads. So the site
// files and site config of the host are read first, a site config's find_string works on the
// text, and the pre-scan keeps every attribute they test: the page is parsed once. Then metadata
// is read from the untouched page, before anything is removed (the rules take away the very
// elements it reads: bylines, dates, headings, the <head>); the site config, then the rules,
// remove junk (the rules keep the site config's body); the detector finds the article root where
// neither names it; clean() renders it.
Error clean_page(std::string_view bytes, const Options& options, const CleanHooks& hooks, const Rules& rules,
                 std::string_view input_name, Page* page) {
  const bool drop = hooks.drop_before_parse;
  parses_of_last_page_ = 0;
  if (Error e = load::sniff(bytes, options.max_input_bytes, input_name); !e.ok()) return e;

  load::Decoded decoded = load::to_utf8(bytes, options.charset);
  const std::string given_url = normalize_space(options.url);
  std::string host = extract::url_host(given_url);
  // The pre-scan drops the attributes no stage reads (two thirds of what Gumbo would copy).
  html::AttributeFilter keep;
  if (drop && hooks.drop_unread_attributes) keep = attributes_read(rules, options.format);
  SiteChoice site;
  if (!given_url.empty()) {
    site = choose_site(rules, host, input_name, &keep);
    // A site config's find_string / replace_string work on the text before the parse.
    if (site.error.ok() && site.config != nullptr) siteconfig::replace_strings(*site.config, &decoded.utf8);
  }
  html::Prescan scanned = html::prescan(decoded.utf8, drop, keep);
  if (scanned.max_depth > options.max_depth)
    return Error::make(ErrorCode::kTooDeep, std::string(input_name) + ": markup is nested over " +
                                                std::to_string(options.max_depth) + " elements deep");
  if (!site.error.ok()) return site.error;
  bool replaced = !given_url.empty() && site.replaces();
  // Without a URL, the host the page names matters before the parse only if its files can ask
  // for something: a site config, or a file named after a host not read yet testing an attribute.
  const rules::RuleSet* set = rules::rule_set(rules);
  const bool host_asks = set != nullptr && (set->site_configs != nullptr ||
                                            (set->reads_on_first_use && !keep.keeps_everything()));
  if (given_url.empty() && host_asks) {
    // The host the page names. Should the pre-scan have read it otherwise than the parse will (a
    // <frameset>, markup its model lost track of), the host is chosen again after the parse below.
    host = extract::url_host(url_before_parse(scanned));
    site = choose_site(rules, host, input_name, &keep);
    if (site.error.ok() && (site.widened || site.replaces())) {
      if (site.config != nullptr) siteconfig::replace_strings(*site.config, &decoded.utf8);
      replaced = site.replaces();
      scanned = html::prescan(decoded.utf8, drop, keep);
    }
  }
  // Peak memory: Gumbo's tree and the Dom built from it are the big items; the page's text needs
  // to live only as long as Gumbo reads it, and the UTF-8 copy not at all once pre-scanned.
  if (drop) std::string().swap(decoded.utf8);
  html::Dom dom = html::parse(drop ? scanned.html : decoded.utf8);
  ++parses_of_last_page_;
  std::string().swap(scanned.html);

  const std::string url = extract::page_url(dom, options.url);
  if (const std::string parsed_host = extract::url_host(url); parsed_host != host) {
    host = parsed_host;
    site = choose_site(rules, host, input_name, &keep);
    if (!site.error.ok()) return site.error;
    if (replaced || site.widened || site.replaces()) {
      decoded = load::to_utf8(bytes, options.charset);
      if (site.config != nullptr) siteconfig::replace_strings(*site.config, &decoded.utf8);
      dom = html::parse(drop ? html::prescan(decoded.utf8, true, keep).html : decoded.utf8);
      ++parses_of_last_page_;
      std::string().swap(decoded.utf8);
    }
  } else if (!site.error.ok()) {
    return site.error;
  }
  const siteconfig::Config* config = site.config;
  const siteconfig::Problems* config_problems = site.config_problems;
  const std::string& config_note = site.config_note;
  html::show_noscript_fallback(&dom);
  Document doc;
  doc.metadata = extract::read_metadata(dom, url);
  doc.metadata.charset = decoded.charset;
  // The language picks the `lang:` rule files: what the page declares, unless its text is
  // clearly in another.
  const extract::PageLanguage language = extract::page_language(dom, doc.metadata.language);
  doc.metadata.language = language.tag;
  doc.notes.push_back(language.code.empty() ? "language: unknown (every lang: file applies)"
                                            : "language: " + language.code + " (" + language.source + ")");
  const extract::PageSignals signals = extract::read_page_signals(dom, url);

  // JSON output lists the rules that fired, so it needs the removals as --explain does.
  const bool record = options.explain || options.format == Format::kJson;
  std::vector<Removal>* removals = record ? &doc.removals : nullptr;
  if (!config_note.empty()) doc.notes.push_back(config_note);

  // A site config works before the rules: its strips, then its body, which the rules keep (and
  // with `prune: no` do not clean at all).
  html::NodeId config_root = html::kNoNode;
  bool run_rules = true, detect = true;
  if (config != nullptr) {
    doc.notes.push_back("site config: " + config->path);
    // What `rules check --site-config` would say of it: a line left out is worth knowing here.
    if (config_problems != nullptr) {
      for (const rules::RuleError& e : config_problems->errors) doc.notes.push_back("site config: " + e.str());
      for (const rules::RuleError& w : config_problems->warnings) doc.notes.push_back("site config: warning: " + w.str());
    }
    siteconfig::Found found = siteconfig::apply(*config, &dom, removals);
    doc.notes.insert(doc.notes.end(), found.notes.begin(), found.notes.end());
    if (!found.title.empty()) doc.metadata.title = found.title;
    if (!found.author.empty()) doc.metadata.byline = found.author;
    if (!found.date.empty()) {
      const std::string iso = extract::iso8601(found.date);
      doc.metadata.published = iso.empty() ? found.date : iso;
    }
    if (!found.single_page_link.empty()) doc.single_page_url = extract::resolve_url(url, found.single_page_link);
    if (!found.next_page_link.empty()) doc.next_page_url = extract::resolve_url(url, found.next_page_link);
    config_root = found.root;
    if (config_root != html::kNoNode) {
      detect = false;
      if (!config->prune) {
        run_rules = false;
        doc.notes.push_back("site config: prune: no: the body is kept as the site config selects it");
      }
    } else if (!config->autodetect_on_failure) {
      // The body is what the site config says or nothing: an empty article.
      run_rules = detect = false;
      html::NodeId parent = dom.find_first(GUMBO_TAG_BODY);
      config_root = dom.add_element(parent == html::kNoNode ? dom.document() : parent, GUMBO_TAG_DIV, "");
      doc.notes.push_back("site config: autodetect_on_failure: no, and no body expression matched: the article is empty");
    } else if (!config->body.empty()) {
      doc.notes.push_back("site config: autodetect_on_failure: the article root is detected");
    }
  }

  rules::Hints hints;
  if (run_rules) {
    if (Error e = rules::prepare_language_files(rules, language.code, input_name); !e.ok()) return e;
    hints = rules::apply(rules, host, language.code, &dom, removals, config_root);
  }
  if (!hints.title.empty()) doc.metadata.title = hints.title;
  if (!hints.byline.empty()) doc.metadata.byline = hints.byline;
  if (!hints.date.empty()) doc.metadata.published = hints.date;
  for (const std::string& file : hints.files) doc.notes.push_back("rules: " + file);
  doc.notes.insert(doc.notes.end(), hints.notes.begin(), hints.notes.end());

  extract::Article article;
  if (detect) {
    // A site rule's root says what the page's content is; the detector needs to know what kind of
    // page it is reading.
    if (hints.root == html::kNoNode) {
      doc.metadata.page_type = extract::page_type(signals);
      if (!doc.metadata.page_type.empty()) doc.notes.push_back("detector: page type " + doc.metadata.page_type);
    }
    article = extract::find_article(&dom, hints.root, doc.metadata, signals, removals, hooks.trace, hooks.junk_shapes);
  } else {
    article.root = config_root;
  }
  doc.notes.insert(doc.notes.end(), article.notes.begin(), article.notes.end());

  page->root = article.root;
  page->doc = std::move(doc);
  page->dom = std::move(dom);
  return Error{};
}

}  // namespace

int parses_of_last_page() { return parses_of_last_page_; }

Error clean(std::string_view bytes, const Options& options, const Rules& rules,
            std::string_view input_name, Document* out) {
  return clean_with_hooks(bytes, options, CleanHooks(), rules, input_name, out);
}

Error clean_with_hooks(std::string_view bytes, const Options& options, const CleanHooks& hooks, const Rules& rules,
                       std::string_view input_name, Document* out) {
  *out = Document{};
  Page page;
  if (Error e = clean_page(bytes, options, hooks, rules, input_name, &page); !e.ok()) return e;
  write::render(page.dom, page.root, options, &page.doc);
  *out = std::move(page.doc);
  return Error{};
}

Error clean_pages(const std::vector<std::string_view>& pages, const std::vector<std::string>& urls,
                  const Options& options, const Rules& rules, std::string_view input_name, Document* out) {
  *out = Document{};
  if (pages.empty()) return Error::make(ErrorCode::kUsage, std::string(input_name) + ": no page to clean");
  Page first;
  Options one = options;
  if (!urls.empty()) one.url = urls[0];
  if (Error e = clean_page(pages[0], one, CleanHooks(), rules, input_name, &first); !e.ok()) return e;
  for (std::size_t i = 1; i < pages.size(); ++i) {
    Page next;
    one.url = i < urls.size() ? urls[i] : std::string();
    const std::string name = i < urls.size() ? urls[i] : std::string(input_name) + " (page " + std::to_string(i + 1) + ")";
    if (Error e = clean_page(pages[i], one, CleanHooks(), rules, name, &next); !e.ok()) return e;
    // The next page's article goes at the end of the first's.
    first.dom.append_copy(next.dom, next.root, first.root);
    for (std::string& note : next.doc.notes) first.doc.notes.push_back("page " + std::to_string(i + 1) + ": " + note);
    for (Removal& r : next.doc.removals) first.doc.removals.push_back(std::move(r));
  }
  if (pages.size() > 1) first.doc.notes.push_back("joined the articles of " + std::to_string(pages.size()) + " pages");
  // The links were followed: what is left to follow is the last page's.
  first.doc.next_page_url.clear();
  write::render(first.dom, first.root, options, &first.doc);
  *out = std::move(first.doc);
  return Error{};
}

std::vector<std::string> site_http_headers(const Rules& rules, std::string_view url) {
  std::vector<std::string> out;
  std::string note;
  if (const siteconfig::Config* config = site_config(rules, extract::url_host(url), &note); config != nullptr)
    for (const siteconfig::Header& h : config->http_headers) out.push_back(h.name + ": " + h.value);
  return out;
}

}  // namespace winnow
