#include "rules/parse.h"

#include <doctest/doctest.h>

using namespace winnow::rules;

namespace {

// Parses `text` as "t.rules" and returns the errors, one "file:line:col: message" per entry.
std::vector<std::string> errors_of(std::string_view text, RuleFile* file = nullptr) {
  RuleFile scratch;
  std::vector<RuleError> errors;
  parse_rule_file("t.rules", text, file ? file : &scratch, &errors);
  std::vector<std::string> out;
  for (const RuleError& e : errors) out.push_back(e.str());
  return out;
}

}  // namespace

TEST_CASE("every directive parses into its rule") {
  RuleFile f;
  const char* text =
      "# a comment\n"
      "site: Example.com, www.example.org  news.example.net\n"
      "\n"
      "title: h1.headline\n"
      "byline: .author\n"
      "date: time[datetime]\n"
      "body: article .content\n"
      "name: junk\n"
      "remove: .share, .related\n"
      "remove-text: /Leave a (reply|comment)/i\n"
      "remove-label: Don't miss\n"
      "cut-from: #comments\n"
      "unwrap: span.wrapper\n"
      "replace: /(\\d+)-(\\d+)/ => \\2-\\1\n"
      "disable: comments, share\n"
      "test: page.html\n"
      "url: https://example.com/story\n"
      "expect: page.txt\n"
      "must-contain: kept\n"
      "must-not-contain: gone\n";
  CHECK(errors_of(text, &f).empty());
  CHECK(f.hosts == std::vector<std::string>{"example.com", "example.org", "news.example.net"});
  REQUIRE(f.rules.size() == 10);
  CHECK(f.rules[0].action == Action::kTitle);
  CHECK(f.rules[1].action == Action::kByline);
  CHECK(f.rules[2].action == Action::kDate);
  CHECK(f.rules[3].action == Action::kBody);
  CHECK(f.rules[3].name.empty());
  CHECK(f.rules[4].action == Action::kRemove);
  CHECK(f.rules[4].name == "junk");
  CHECK(f.rules[4].line == 9);
  CHECK(f.rules[4].pattern == ".share, .related");
  CHECK(f.rules[5].action == Action::kRemoveText);
  CHECK(RE2::FullMatch("LEAVE A REPLY", *f.rules[5].regex));
  CHECK_FALSE(RE2::FullMatch("Please leave a reply below", *f.rules[5].regex));
  CHECK(f.rules[6].action == Action::kRemoveLabel);
  CHECK(RE2::FullMatch("DON'T MISS", *f.rules[6].regex));  // plain text: exact, any case
  CHECK_FALSE(RE2::FullMatch("Dont miss", *f.rules[6].regex));
  CHECK(f.rules[7].action == Action::kCut);
  CHECK(f.rules[8].action == Action::kUnwrap);
  CHECK(f.rules[9].action == Action::kReplace);
  CHECK(f.rules[9].replacement == "\\2-\\1");
  CHECK(f.names == std::vector<std::string>{"junk"});
  REQUIRE(f.disabled.size() == 2);
  CHECK(f.disabled[1].name == "share");
  CHECK(f.disabled[1].column == 20);
  REQUIRE(f.tests.size() == 1);
  CHECK(f.tests[0].page == "page.html");
  CHECK(f.tests[0].url == "https://example.com/story");
  CHECK(f.tests[0].expect == "page.txt");
  CHECK(f.tests[0].must_contain == std::vector<std::string>{"kept"});
  CHECK(f.tests[0].must_not_contain == std::vector<std::string>{"gone"});
}

TEST_CASE("unknown directives suggest the near miss") {
  CHECK(errors_of("site: a.com\ntitl: h1\n") ==
        std::vector<std::string>{"t.rules:2:1: unknown directive 'titl', did you mean 'title'? in \"titl: h1\""});
  CHECK(errors_of("  remvoe: .x\n") ==
        std::vector<std::string>{"t.rules:1:3: unknown directive 'remvoe', did you mean 'remove'? in \"remvoe: .x\""});
  CHECK(errors_of("strip: .x\n") == std::vector<std::string>{"t.rules:1:1: unknown directive 'strip' in \"strip: .x\""});
}

TEST_CASE("each malformed line is reported at its line and column") {
  CHECK(errors_of("remove .x\n") ==
        std::vector<std::string>{"t.rules:1:8: expected ':' after 'remove', found \"remove .x\""});
  CHECK(errors_of("remove:   \n") == std::vector<std::string>{"t.rules:1:11: expected a value after 'remove:'"});
  CHECK(errors_of(": x\n") == std::vector<std::string>{"t.rules:1:1: expected a directive such as 'remove:', found \": x\""});
  CHECK(errors_of("site: http://a.com/\n") ==
        std::vector<std::string>{"t.rules:1:7: expected a host name such as example.com, found \"http://a.com/\""});
  CHECK(errors_of("name: two words\n") ==
        std::vector<std::string>{"t.rules:1:7: expected a rule name of letters, digits, '-' and '_', found \"two words\""});
  CHECK(errors_of("expect: a.txt\n") ==
        std::vector<std::string>{"t.rules:1:1: 'expect:' must follow a 'test:' line, found \"expect: a.txt\""});
  CHECK(errors_of("test: a.html\nremove: .x\nmust-contain: y\n") ==
        std::vector<std::string>{"t.rules:3:1: 'must-contain:' must follow a 'test:' line, found \"must-contain: y\""});
  CHECK(errors_of("test: a.html\nurl: example.com\n") ==
        std::vector<std::string>{"t.rules:2:6: expected an absolute URL such as https://example.com/story, found \"example.com\""});
  CHECK(errors_of("disable: comments\n") ==
        std::vector<std::string>{"t.rules:1:10: 'disable:' is only allowed in a site file (one with a 'site:' line): \"comments\""});
}

TEST_CASE("bad selectors point into the selector") {
  const std::vector<std::string> e = errors_of("site: a.com\nremove:  div:nth-child(2\n");
  REQUIRE(e.size() == 1);
  CHECK(e[0].rfind("t.rules:2:", 0) == 0);
  CHECK(e[0].find("bad selector: ") != std::string::npos);
  CHECK(e[0].find("in \"div:nth-child(2\"") != std::string::npos);
  // The column is inside the selector (which starts at column 10), not at the line's start.
  const int column = std::stoi(e[0].substr(std::string("t.rules:2:").size()));
  CHECK(column >= 10);
  CHECK(column <= 10 + 15);
  const std::vector<std::string> e2 = errors_of("remove: div::before\n");
  REQUIRE(e2.size() == 1);
  CHECK(e2[0].find("bad selector") != std::string::npos);
}

TEST_CASE("bad patterns: regex errors, unclosed patterns, flags, replacements") {
  std::vector<std::string> e = errors_of("remove-text: /a(b/\n");
  REQUIRE(e.size() == 1);
  CHECK(e[0].rfind("t.rules:1:15: bad regex: missing ): ", 0) == 0);
  CHECK(e[0].find("in \"/a(b/\"") != std::string::npos);
  CHECK(errors_of("remove-text: /abc\n") ==
        std::vector<std::string>{"t.rules:1:18: expected '/' to close the pattern \"/abc\""});
  CHECK(errors_of("remove-text: /abc/x\n") ==
        std::vector<std::string>{"t.rules:1:19: unknown pattern flag 'x' (the only flag is 'i'), in \"/abc/x\""});
  CHECK(errors_of("remove-text: /abc/ trailing\n") ==
        std::vector<std::string>{"t.rules:1:19: expected the end of the line after the pattern, found \"trailing\""});
  CHECK(errors_of("replace: /abc/ abc\n") ==
        std::vector<std::string>{"t.rules:1:15: expected '=> replacement' after the pattern, found \"/abc/ abc\""});
  e = errors_of("replace: /(a)/ => \\2\n");
  REQUIRE(e.size() == 1);
  CHECK(e[0].rfind("t.rules:1:15: bad replacement: ", 0) == 0);
}

TEST_CASE("all errors of a file are reported, not just the first") {
  const std::vector<std::string> e = errors_of("titl: h1\nremove: [\nremove-text: /(/\n");
  CHECK(e.size() == 3);
}

TEST_CASE("columns count characters, not bytes") {
  const std::vector<std::string> e = errors_of("remove-text: /é(/x\n");
  REQUIRE(e.size() == 1);
  CHECK(e[0].rfind("t.rules:1:18:", 0) == 0);  // 19 bytes in, 18 characters
  // A CRLF file and a byte order mark parse like any other.
  RuleFile f;
  CHECK(errors_of("\xEF\xBB\xBFsite: a.com\r\nremove: .x\r\n", &f).empty());
  CHECK(f.hosts == std::vector<std::string>{"a.com"});
  CHECK(f.rules.size() == 1);
}

TEST_CASE("did_you_mean and normalize_host") {
  CHECK(edit_distance("titl", "title") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(did_you_mean("bylin", {"title", "byline"}) == "byline");
  CHECK(did_you_mean("xyz", {"title", "byline"}).empty());
  CHECK(did_you_mean("a", {"b"}).empty());  // one edit of one letter is not a typo, it is another word
  CHECK(normalize_host("WWW.Example.COM.") == "example.com");
  CHECK(normalize_host("news.example.co.uk") == "news.example.co.uk");
  CHECK(normalize_host("example.com/path").empty());
  CHECK(normalize_host("-bad.com").empty());
}

TEST_CASE("a rule file's name is a host's when it reads like one") {
  CHECK(host_of_file_name("example.com.rules") == "example.com");
  CHECK(host_of_file_name("www.example.com.rules") == "example.com");  // as site: folds it
  CHECK(host_of_file_name("news.bbc.co.uk.rules") == "news.bbc.co.uk");
  CHECK(host_of_file_name("site42.example.com.rules") == "site42.example.com");
  CHECK(host_of_file_name("my-site.xn--p1ai.rules") == "my-site.xn--p1ai");
  CHECK(host_of_file_name("generic-share.rules").empty());  // one label
  CHECK(host_of_file_name("Example.com.rules").empty());    // upper case: not written as a host
  CHECK(host_of_file_name("rules.v2.rules").empty());       // "v2" is no top-level domain
  CHECK(host_of_file_name("a..com.rules").empty());
  CHECK(host_of_file_name(".com.rules").empty());
  CHECK(host_of_file_name("-a.com.rules").empty());
  CHECK(host_of_file_name("a_b.com.rules").empty());
  CHECK(host_of_file_name("example.com.txt").empty());
  CHECK(host_of_file_name(".rules").empty());
}

TEST_CASE("site: remembers where each host was written") {
  RuleFile f;
  CHECK(errors_of("# c\nsite: a.com, www.b.org\nsite: a.com c.net\n", &f).empty());
  CHECK(f.hosts == std::vector<std::string>{"a.com", "b.org", "c.net"});
  REQUIRE(f.host_at.size() == 3);
  CHECK(f.host_at[0].line == 2);
  CHECK(f.host_at[0].column == 7);
  CHECK(f.host_at[1].line == 2);
  CHECK(f.host_at[1].column == 14);
  CHECK(f.host_at[2].line == 3);
  CHECK(f.host_at[2].column == 13);
}

TEST_CASE("lang: lists language codes for the whole file, and refuses what is not one") {
  RuleFile file;
  CHECK(errors_of("remove-text: Lire aussi\nlang: fr, de fr\n", &file).empty());
  CHECK(file.languages == std::vector<std::string>{"fr", "de"});  // wherever it is written, each once
  CHECK(file.generic());
  CHECK(file.applies_to_language("fr"));
  CHECK(file.applies_to_language("de"));
  CHECK(!file.applies_to_language("en"));
  CHECK(file.applies_to_language(""));  // a page of unknown language gets every file
  RuleFile plain;
  CHECK(errors_of("remove-text: x\n", &plain).empty());
  CHECK(plain.applies_to_language("ja"));

  CHECK(errors_of("lang: pt-BR\n") ==
        std::vector<std::string>{"t.rules:1:7: expected a language code of two or three letters such as 'de' (the "
                                 "primary subtag: 'pt', not 'pt-BR'), found \"pt-BR\", did you mean 'pt'?"});
  CHECK(errors_of("lang: de english\n") ==
        std::vector<std::string>{"t.rules:1:10: expected a language code of two or three letters such as 'de' (the "
                                 "primary subtag: 'pt', not 'pt-BR'), found \"english\""});
  CHECK(errors_of("lang: e1\n").size() == 1);
  CHECK(errors_of("lang: x\n").size() == 1);
  CHECK(errors_of("lang: DE\n") ==
        std::vector<std::string>{"t.rules:1:7: expected a language code in lower case, found \"DE\", did you mean 'de'?"});
  CHECK(errors_of("lang:\n") == std::vector<std::string>{"t.rules:1:6: expected a value after 'lang:'"});
  CHECK(errors_of("lamg: de\n") ==
        std::vector<std::string>{"t.rules:1:1: unknown directive 'lamg', did you mean 'lang'? in \"lamg: de\""});
  // A site file applies to its hosts' pages whatever their language.
  CHECK(errors_of("site: a.com\nremove: .x\nlang: ru uk\n") ==
        std::vector<std::string>{"t.rules:3:7: 'lang:' is only allowed in a generic file (one without 'site:'): a "
                                 "site file applies to every page of its hosts"});
}
