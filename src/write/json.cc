#include "write/json.h"

#include <nlohmann/json.hpp>

#include <unordered_map>

namespace winnow::write {

namespace {

// Keys keep the documented order (plain nlohmann::json would sort them).
using Json = nlohmann::ordered_json;

Json string_or_null(std::string_view s) { return s.empty() ? Json(nullptr) : Json(std::string(s)); }

void add_document(const Document& doc, Json* out) {
  Json& j = *out;
  const Metadata& m = doc.metadata;
  j["title"] = string_or_null(m.title);
  j["byline"] = string_or_null(m.byline);
  j["published"] = string_or_null(m.published);
  j["modified"] = string_or_null(m.modified);
  j["site_name"] = string_or_null(m.site_name);
  j["language"] = string_or_null(m.language);
  j["url"] = string_or_null(m.url);
  j["canonical_url"] = string_or_null(m.canonical_url);
  j["description"] = string_or_null(m.description);
  j["image"] = string_or_null(m.image);
  j["charset"] = string_or_null(m.charset);
  j["page_type"] = string_or_null(m.page_type);
  j["text"] = doc.text;

  Json rules = Json::array();
  std::unordered_map<std::string_view, std::size_t> index;  // rule -> position in `rules`
  for (const Removal& r : doc.removals) {
    auto [it, added] = index.try_emplace(r.rule, rules.size());
    if (added) rules.push_back(Json{{"rule", r.rule}, {"pattern", r.pattern}, {"count", 0}});
    Json& count = rules[it->second]["count"];
    count = count.get<long>() + 1;
  }
  j["rules"] = std::move(rules);
  j["notes"] = doc.notes;
}

std::string dump_line(const Json& j) {
  // replace: a page's stray invalid byte must not throw away the whole record.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kUsage: return "usage";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kUnreadable: return "unreadable";
    case ErrorCode::kUnwritable: return "unwritable";
    case ErrorCode::kIsDirectory: return "is_directory";
    case ErrorCode::kEmpty: return "empty";
    case ErrorCode::kBinary: return "binary";
    case ErrorCode::kTooLarge: return "too_large";
    case ErrorCode::kTooDeep: return "too_deep";
    case ErrorCode::kRules: return "rules";
    case ErrorCode::kFetch: return "fetch";
    case ErrorCode::kContentType: return "content_type";
    case ErrorCode::kCorrupt: return "corrupt";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

std::string render_json(const Document& doc) {
  Json j = Json::object();
  add_document(doc, &j);
  return dump_line(j);
}

std::string json_record(std::string_view input, const Document* doc, const Error* error, std::string_view final_url,
                        long status) {
  Json j = Json::object();
  j["input"] = std::string(input);
  j["final_url"] = string_or_null(final_url);
  j["status"] = status == 0 ? Json(nullptr) : Json(status);
  if ((error == nullptr || error->ok()) && doc != nullptr) {
    add_document(*doc, &j);
  } else {
    const bool is_url = input.rfind("http://", 0) == 0 || input.rfind("https://", 0) == 0;
    j["url"] = !final_url.empty() ? Json(std::string(final_url)) : is_url ? Json(std::string(input)) : Json(nullptr);
    const ErrorCode code = error != nullptr ? error->code : ErrorCode::kInternal;
    const std::string message = error != nullptr ? error->message : std::string(input) + ": no result";
    j["error"] = Json{{"code", error_code_name(code)}, {"message", message}};
  }
  return dump_line(j);
}

std::string warc_json_record(const WarcRecordInfo& record, const Document* doc, const Error* error, Format format) {
  Json j = Json::object();
  j["url"] = string_or_null(record.url);
  j["warc_record_id"] = string_or_null(record.record_id);
  j["date"] = string_or_null(record.date);
  j["status"] = record.status == 0 ? Json(nullptr) : Json(record.status);
  if ((error == nullptr || error->ok()) && doc != nullptr) {
    const Metadata& m = doc->metadata;
    j["title"] = string_or_null(m.title);
    j["byline"] = string_or_null(m.byline);
    j["published"] = string_or_null(m.published);
    j["modified"] = string_or_null(m.modified);
    j["site_name"] = string_or_null(m.site_name);
    j["language"] = string_or_null(m.language);
    j["canonical_url"] = string_or_null(m.canonical_url);
    j["description"] = string_or_null(m.description);
    j["image"] = string_or_null(m.image);
    j["charset"] = string_or_null(m.charset);
    j["page_type"] = string_or_null(m.page_type);
    j["text"] = doc->text;
    if (format == Format::kMarkdown) j["markdown"] = doc->output;
    if (format == Format::kHtml) j["html"] = doc->output;
  } else {
    const ErrorCode code = error != nullptr ? error->code : ErrorCode::kInternal;
    j["error"] = Json{{"code", error_code_name(code)}, {"message", error != nullptr ? error->message : "no result"}};
  }
  return dump_line(j);
}

}  // namespace winnow::write
