// The pipeline: load -> html -> rules -> extract -> write. Each stage's folder under src/ holds its
// code; this file only wires them together, in order.
#include "winnow/winnow.h"

#include "extract/attributes.h"
#include "extract/content.h"
#include "extract/metadata.h"
#include "extract/page_signals.h"
#include "html/noscript.h"
#include "html/parse.h"
#include "html/prescan.h"
#include "load/charset.h"
#include "load/sniff.h"
#include "pipeline.h"
#include "rules/apply.h"
#include "rules/load.h"
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

Error clean(std::string_view bytes, const Options& options, const Rules& rules,
            std::string_view input_name, Document* out) {
  return clean_traced(bytes, options, rules, input_name, out, nullptr);
}

Error clean_traced(std::string_view bytes, const Options& options, const Rules& rules, std::string_view input_name,
                   Document* out, extract::BlockTrace* trace) {
  *out = Document{};
  if (Error e = load::sniff(bytes, options.max_input_bytes, input_name); !e.ok()) return e;

  load::Decoded decoded = load::to_utf8(bytes, options.charset);
  // The pre-scan drops the attributes no stage reads (two thirds of what Gumbo would copy).
  html::AttributeFilter keep;
  if (options.prescan && options.drop_unread_attributes) keep = attributes_read(rules, options.format);
  html::Prescan scanned = html::prescan(decoded.utf8, options.prescan, keep);
  if (scanned.max_depth > options.max_depth)
    return Error::make(ErrorCode::kTooDeep, std::string(input_name) + ": markup is nested over " +
                                                std::to_string(options.max_depth) + " elements deep");
  // Peak memory: Gumbo's tree and the Dom built from it are the big items; the page's text needs
  // to live only as long as Gumbo reads it, and the UTF-8 copy not at all once pre-scanned.
  if (options.prescan) std::string().swap(decoded.utf8);
  html::Dom dom = html::parse(options.prescan ? scanned.html : decoded.utf8);
  std::string().swap(scanned.html);

  const std::string url = extract::page_url(dom, options.url);
  const std::string host = extract::url_host(url);
  // A site file is read on the first page of its host: if it is broken, so is this page.
  if (Error e = rules::prepare_site_files(rules, host, input_name); !e.ok()) return e;
  // ... and if it tests an attribute the pre-scan dropped, this page is parsed again keeping it
  // (the later pages of the host keep it from the start: see rules::keep_attributes_read).
  if (!keep.keeps_everything() && rules::keep_site_attributes(rules, host, &keep)) {
    decoded = load::to_utf8(bytes, options.charset);
    dom = html::parse(html::prescan(decoded.utf8, true, keep).html);
    std::string().swap(decoded.utf8);
  }
  html::show_noscript_fallback(&dom);
  Document doc;
  doc.metadata = extract::read_metadata(dom, url);
  doc.metadata.charset = decoded.charset;
  const extract::PageSignals signals = extract::read_page_signals(dom, url);

  // JSON output lists the rules that fired, so it needs the removals as --explain does.
  const bool record = options.explain || options.format == Format::kJson;
  std::vector<Removal>* removals = record ? &doc.removals : nullptr;
  rules::Hints hints = rules::apply(rules, host, &dom, removals);
  if (!hints.title.empty()) doc.metadata.title = hints.title;
  if (!hints.byline.empty()) doc.metadata.byline = hints.byline;
  if (!hints.date.empty()) doc.metadata.published = hints.date;
  for (const std::string& file : hints.files) doc.notes.push_back("rules: " + file);
  doc.notes.insert(doc.notes.end(), hints.notes.begin(), hints.notes.end());

  extract::Article article = extract::find_article(&dom, hints.root, doc.metadata, signals, removals, trace);
  doc.notes.insert(doc.notes.end(), article.notes.begin(), article.notes.end());

  write::render(dom, article.root, options, &doc);
  *out = std::move(doc);
  return Error{};
}

}  // namespace winnow
