#include "siteconfig/parse.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace winnow;
using namespace winnow::siteconfig;

namespace {

Config parse(const std::string& text, Problems* problems) {
  Config c;
  c.name = "example.com.txt";
  parse_config("example.com.txt", text, &c, problems);
  return c;
}

}  // namespace

TEST_CASE("every directive of the format is read into its place") {
  Problems p;
  const Config c = parse(
      "# a comment\n"
      "\n"
      "title: //h1[@class='headline']\n"
      "title://meta[@property='og:title']/@content\n"
      "author: //a[@rel='author']\n"
      "date: substring-before(//time/@datetime, 'T')\n"
      "body: //article | //div[@id='extra']\n"
      "  strip: //aside\n"
      "strip_id_or_class: share\n"
      "strip_id_or_class: 'related'\n"
      "strip_image_src: /pixel.gif\n"
      "dissolve: //span[@class='wrap']\n"
      "prune: no\n"
      "autodetect_on_failure: no\n"
      "tidy: no\n"
      "parser: html5php\n"
      "find_string: <noscript>\n"
      "replace_string: <div>\n"
      "replace_string(</noscript>): </div>\n"
      "replace_string(a:b): c\n"
      "http_header(user-agent): Mozilla/5.0 (X11; Linux x86_64)\n"
      "single_page_link: //a[@class='print']\n"
      "next_page_link: //a[@rel='next']/@href\n"
      "if_page_contains: //div[@class='pager']\n"
      "strip_attr: //img/@srcset\n"
      "wrap_in(blockquote): //p[@class='quote']\n"
      "login_uri: https://example.com/login\n"
      "test_url: https://example.com/a\n"
      "test_contains: First words\n"
      "test_contains: Last words\n"
      "test_url: https://example.com/b\n",
      &p);
  CHECK(p.errors.empty());
  CHECK(p.warnings.empty());
  REQUIRE(c.title.size() == 2);
  CHECK(c.title[0].line == 3);
  CHECK(c.title[1].text == "//meta[@property='og:title']/@content");
  CHECK(c.author.size() == 1);
  CHECK(c.date.size() == 1);
  CHECK(c.body.size() == 1);
  CHECK(c.strip.size() == 1);
  REQUIRE(c.strip_id_or_class.size() == 2);
  CHECK(c.strip_id_or_class[1].text == "related");  // quotes dropped, as Full-Text RSS does
  CHECK(c.strip_image_src.size() == 1);
  CHECK(c.dissolve.size() == 1);
  CHECK_FALSE(c.prune);
  CHECK_FALSE(c.autodetect_on_failure);
  REQUIRE(c.replacements.size() == 3);
  CHECK(c.replacements[0].find == "<noscript>");
  CHECK(c.replacements[0].replace == "<div>");
  CHECK(c.replacements[1].find == "</noscript>");
  CHECK(c.replacements[2].find == "a:b");  // the argument may hold a colon
  REQUIRE(c.http_headers.size() == 1);
  CHECK(c.http_headers[0].name == "user-agent");
  CHECK(c.http_headers[0].value == "Mozilla/5.0 (X11; Linux x86_64)");
  CHECK(c.single_page_link.size() == 1);
  CHECK(c.next_page_link.size() == 1);
  CHECK(c.if_page_contains.size() == 1);
  CHECK(c.strip_attr.size() == 1);
  REQUIRE(c.wrap_in.size() == 1);
  CHECK(c.wrap_in[0].argument == "blockquote");
  CHECK(c.unused.empty());
  CHECK(c.ignored_directives == 3);
  REQUIRE(c.tests.size() == 2);
  CHECK(c.tests[0].contains == std::vector<std::string>{"First words", "Last words"});
  CHECK(c.tests[1].contains.empty());
  CHECK(c.expression_count() == 12);
  for (const char* name : {"class", "property", "content", "datetime", "rel", "id", "src", "href", "srcset"})
    CHECK_MESSAGE(std::count(c.attribute_names.begin(), c.attribute_names.end(), name) == 1, name);
  CHECK_FALSE(c.reads_every_attribute);
  CHECK(c.prune == false);
}

TEST_CASE("defaults: prune and autodetect_on_failure are on") {
  Problems p;
  const Config c = parse("body: //article\n", &p);
  CHECK(c.prune);
  CHECK(c.autodetect_on_failure);
}

TEST_CASE("an expression pugixml does not compile is an error with its line and column") {
  Problems p;
  const Config c = parse("title: //h1\nbody: //div[@class='a'\nstrip: //p[[\n", &p);
  REQUIRE(p.errors.size() == 2);
  CHECK(p.errors[0].line == 2);
  CHECK(p.errors[0].column >= 7);
  CHECK(p.errors[0].message.find("bad XPath") == 0);
  CHECK(p.errors[0].str().rfind("example.com.txt:2:", 0) == 0);
  CHECK(p.errors[1].line == 3);
  CHECK(c.body.empty());  // left out; the rest of the file stands
  CHECK(c.title.size() == 1);
}

TEST_CASE("unknown directives are warnings with file:line and a suggestion") {
  Problems p;
  const Config c = parse("titl: //h1\ntest_rul: https://x.org/\nfrobnicate: yes\nhttps://x.org/a\n", &p);
  CHECK(p.errors.empty());
  REQUIRE(p.warnings.size() == 4);
  CHECK(p.warnings[0].str() == "example.com.txt:1:1: unknown directive 'titl', did you mean 'title'? in \"titl: //h1\"");
  CHECK(p.warnings[1].message.find("did you mean 'test_url'?") != std::string::npos);
  CHECK(p.warnings[2].message.find("did you mean") == std::string::npos);
  CHECK(p.warnings[2].line == 3);
  CHECK(p.warnings[3].line == 4);  // a URL on a line of its own: "https" is no directive
  CHECK(c.title.empty());
}

TEST_CASE("malformed values are warnings, and the line is skipped") {
  Problems p;
  const Config c = parse(
      "prune: maybe\n"
      "replace_string: orphan\n"
      "find_string: lonely\n"
      "test_contains: nothing before\n"
      "http_header(): x\n"
      "wrap_in(<b>): //p\n"
      "body:\n"
      "strip_id_or_class: \"\"\n",
      &p);
  CHECK(p.errors.empty());
  CHECK(p.warnings.size() == 6);
  CHECK(c.prune);
  CHECK(c.replacements.empty());
  CHECK(c.http_headers.empty());
  CHECK(c.body.empty());
  CHECK(c.strip_id_or_class.empty());
}

TEST_CASE("attributes_tested: what an expression reads, string literals aside") {
  std::vector<std::string> names;
  bool every = false;
  attributes_tested("//div[@Data-X='@no' and attribute::rel]/@href | //*[contains(\"@nope\", 'x')]", &names, &every);
  CHECK(names == std::vector<std::string>{"data-x", "rel", "href"});
  CHECK_FALSE(every);
  attributes_tested("//*[@*[contains(., 'ad')]]", &names, &every);
  CHECK(every);
  bool every2 = false;
  attributes_tested("//*[attribute :: *]", &names, &every2);
  CHECK(every2);
}
