// Rendering a cleaned page as JSON: one object on one line, so that the same writer serves
// --format json and --format jsonl (one object per input line).
#pragma once

#include <string>
#include <string_view>

#include "winnow/winnow.h"

namespace winnow::write {

// `doc` as one compact JSON object followed by '\n', keys in this order:
//   "title", "byline", "published", "modified", "site_name", "language", "url", "canonical_url",
//   "description", "image", "charset": the Metadata fields, each a string, or null when not found;
//   "text": the article as plain text (doc.text);
//   "rules": the rules that removed something, in the order they first fired, each
//            {"rule": "file:line name", "pattern": "...", "count": N} (from doc.removals, so
//            empty unless the pipeline recorded removals);
//   "notes": doc.notes, an array of strings.
// Invalid UTF-8 in any field is replaced by U+FFFD rather than failing. Cost: linear.
std::string render_json(const Document& doc);

// One line of a batch's JSON Lines stream, for the input named `input` (a path, a URL or "-"),
// followed by '\n'. Keys, in order:
//   "input": `input` as given;
//   "final_url": the URL the page came from after redirects, null when not fetched (empty);
//   "status": the final HTTP status, null when not fetched or no response arrived (0);
// then, when `error` is null or ok and `doc` is set, every key of render_json(*doc) ("url",
// metadata, "text", "rules", "notes"); otherwise
//   "url": `final_url`, else `input` when it starts with http:// or https://, else null;
//   "error": {"code": "fetch" | "not_found" | ... (ErrorCode in snake case), "message": "..."}.
// Cost: linear in the document.
std::string json_record(std::string_view input, const Document* doc, const Error* error, std::string_view final_url,
                        long status);

// Where a page of a WARC file came from (see winnow/warc.h: WarcPage).
struct WarcRecordInfo {
  std::string_view url;        // WARC-Target-URI
  std::string_view record_id;  // WARC-Record-ID
  std::string_view date;       // WARC-Date
  int status = 0;              // HTTP status
};

// One line of the JSON Lines stream winnow writes for WARC input, followed by '\n'. Keys, in order:
//   "url", "warc_record_id", "date" (the record's), "status" (HTTP); then, when `error` is null or
//   ok and `doc` is set, "title", "byline", "published", "modified", "site_name", "language",
//   "canonical_url", "description", "image", "charset" (the Metadata fields, null when not found),
//   "text" (doc->text), and "markdown" or "html" (doc->output) when `format` is one of those;
//   otherwise "error": {"code": ..., "message": ...}. Cost: linear in the document.
std::string warc_json_record(const WarcRecordInfo& record, const Document* doc, const Error* error, Format format);

// The snake-case name of an error code: "ok", "usage", "not_found", "unreadable", "is_directory",
// "empty", "binary", "too_large", "too_deep", "rules", "fetch", "content_type", "corrupt", "internal".
const char* error_code_name(ErrorCode code);

}  // namespace winnow::write
