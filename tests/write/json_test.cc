#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "html/parse.h"
#include "write/json.h"
#include "write/render.h"

namespace {

using nlohmann::json;

winnow::Document sample() {
  winnow::Document doc;
  winnow::Metadata& m = doc.metadata;
  m.title = "Title \"quoted\"";
  m.byline = "Ann Author, Bob Writer";
  m.published = "2024-03-01T10:00:00Z";
  m.modified = "2024-03-02";
  m.site_name = "Example News";
  m.language = "en";
  m.url = "https://example.com/a";
  m.canonical_url = "https://example.com/a-canonical";
  m.description = "About things.";
  m.image = "https://example.com/lead.jpg";
  m.charset = "utf-8";
  doc.text = "Para one.\n\nPara two \xe2\x80\x94 done.\n";
  doc.removals = {{"junk.rules:3 share", ".share", "Share this"},
                  {"junk.rules:7", "nav", "Home"},
                  {"junk.rules:3 share", ".share", "Tweet"}};
  doc.notes = {"rules: junk.rules", "article root: <article>"};
  return doc;
}

}  // namespace

TEST_CASE("render_json: one line that parses back with every field") {
  const std::string out = winnow::write::render_json(sample());
  REQUIRE(!out.empty());
  CHECK(out.back() == '\n');
  CHECK(out.find('\n') == out.size() - 1);
  const json j = json::parse(out);
  CHECK(j["title"] == "Title \"quoted\"");
  CHECK(j["byline"] == "Ann Author, Bob Writer");
  CHECK(j["published"] == "2024-03-01T10:00:00Z");
  CHECK(j["modified"] == "2024-03-02");
  CHECK(j["site_name"] == "Example News");
  CHECK(j["language"] == "en");
  CHECK(j["url"] == "https://example.com/a");
  CHECK(j["canonical_url"] == "https://example.com/a-canonical");
  CHECK(j["description"] == "About things.");
  CHECK(j["image"] == "https://example.com/lead.jpg");
  CHECK(j["charset"] == "utf-8");
  CHECK(j["text"] == "Para one.\n\nPara two \xe2\x80\x94 done.\n");
  REQUIRE(j["rules"].size() == 2);
  CHECK(j["rules"][0] == json{{"rule", "junk.rules:3 share"}, {"pattern", ".share"}, {"count", 2}});
  CHECK(j["rules"][1] == json{{"rule", "junk.rules:7"}, {"pattern", "nav"}, {"count", 1}});
  CHECK(j["notes"] == json{"rules: junk.rules", "article root: <article>"});
  // Keys come in the documented order.
  CHECK(out.find("\"title\"") < out.find("\"byline\""));
  CHECK(out.find("\"charset\"") < out.find("\"text\""));
  CHECK(out.find("\"text\"") < out.find("\"rules\""));
}

TEST_CASE("render_json: missing metadata is null, invalid UTF-8 is replaced") {
  winnow::Document doc;
  doc.text = "bad \xff byte\n";
  const json j = json::parse(winnow::write::render_json(doc));
  for (const char* key : {"title", "byline", "published", "modified", "site_name", "language", "url",
                          "canonical_url", "description", "image", "charset"}) {
    CAPTURE(key);
    CHECK(j.contains(key));
    CHECK(j[key].is_null());
  }
  CHECK(j["text"] == "bad \xef\xbf\xbd byte\n");
  CHECK(j["rules"] == json::array());
  CHECK(j["notes"] == json::array());
}

TEST_CASE("render() with Format::kJson fills text first") {
  winnow::html::Dom dom = winnow::html::parse("<h1>Head</h1><p>Body &amp; soul.</p>");
  winnow::Options options;
  options.format = winnow::Format::kJson;
  winnow::Document doc;
  doc.metadata.title = "T";
  winnow::write::render(dom, dom.find_first(GUMBO_TAG_BODY), options, &doc);
  const json j = json::parse(doc.output);
  CHECK(j["title"] == "T");
  CHECK(j["text"] == "Head\n\nBody & soul.\n");
  CHECK(doc.text == "Head\n\nBody & soul.\n");
}

TEST_CASE("json_record: a cleaned page") {
  const winnow::Document doc = sample();
  const std::string line =
      winnow::write::json_record("https://example.com/a", &doc, nullptr, "https://example.com/a?r=1", 200);
  CHECK(line.find('\n') == line.size() - 1);
  const json j = json::parse(line);
  CHECK(j["input"] == "https://example.com/a");
  CHECK(j["final_url"] == "https://example.com/a?r=1");
  CHECK(j["status"] == 200);
  CHECK(j["url"] == "https://example.com/a");
  CHECK(j["title"] == "Title \"quoted\"");
  CHECK(j["text"] == doc.text);
  CHECK(!j.contains("error"));
  CHECK(line.rfind("{\"input\":", 0) == 0);
}

TEST_CASE("json_record: an error") {
  const winnow::Error e =
      winnow::Error::make(winnow::ErrorCode::kFetch, "https://example.com/gone: HTTP 404 Not Found");
  json j = json::parse(winnow::write::json_record("https://example.com/gone", nullptr, &e, "", 404));
  CHECK(j["input"] == "https://example.com/gone");
  CHECK(j["url"] == "https://example.com/gone");
  CHECK(j["final_url"].is_null());
  CHECK(j["status"] == 404);
  CHECK(j["error"]["code"] == "fetch");
  CHECK(j["error"]["message"] == "https://example.com/gone: HTTP 404 Not Found");
  CHECK(!j.contains("text"));

  // A local file that failed: no URL, no status; the error wins over a stale document.
  const winnow::Error missing = winnow::Error::make(winnow::ErrorCode::kNotFound, "page.html: no such file");
  const winnow::Document doc = sample();
  j = json::parse(winnow::write::json_record("page.html", &doc, &missing, "", 0));
  CHECK(j["url"].is_null());
  CHECK(j["status"].is_null());
  CHECK(j["error"]["code"] == "not_found");
  CHECK(!j.contains("title"));
}

TEST_CASE("error code names") {
  CHECK(std::string(winnow::write::error_code_name(winnow::ErrorCode::kTooDeep)) == "too_deep");
  CHECK(std::string(winnow::write::error_code_name(winnow::ErrorCode::kContentType)) == "content_type");
}
