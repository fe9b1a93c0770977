// One FiveFilters / Instapaper site config file ("ftr-site-config", docs/rules.md#site-configs),
// parsed: its XPath expressions compiled by pugixml, its other directives as plain values.
#pragma once

#include <pugixml.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/rule.h"

namespace winnow::siteconfig {

// One XPath 1.0 expression and where it was written.
struct Expression {
  int line = 0;
  std::string text;                          // as written
  std::string argument;                      // wrap_in(tag): the tag, lower case; else ""
  std::unique_ptr<pugi::xpath_query> query;  // compiled (null only while checking failed)
};

// A directive's plain-text value and its line (strip_id_or_class, strip_image_src).
struct Word {
  int line = 0;
  std::string text;
};

// find_string / replace_string, or replace_string(find): replace: done on the page's text
// before it is parsed.
struct Replacement {
  int line = 0;
  std::string find;
  std::string replace;
};

// http_header(name): value, sent when fetching the site's pages.
struct Header {
  int line = 0;
  std::string name;
  std::string value;
};

// test_url with the test_contains lines after it.
struct Test {
  int line = 0;
  std::string url;
  std::vector<std::string> contains;
};

struct Config {
  std::string name;  // file name, "nytimes.com.txt"
  std::string path;  // shown in messages and --explain

  // Acted on (see docs/rules.md for what each does).
  std::vector<Expression> body, title, author, date, strip, strip_attr, dissolve, wrap_in;
  std::vector<Expression> single_page_link, next_page_link, if_page_contains;  // when fetching
  std::vector<Word> strip_id_or_class, strip_image_src;
  std::vector<Replacement> replacements;
  std::vector<Header> http_headers;
  bool prune = true;                  // prune: no turns it off
  bool autodetect_on_failure = true;  // autodetect_on_failure: no turns it off
  std::vector<Test> tests;

  // Written by the collection's other tools (graby, wallabag) and compiled here, so that a typo
  // in them is found too, but not acted on: move_into(...),
  // native_ad_clue, not_logged_in_xpath, single_page_link_in_feed, post_strip_attr.
  std::vector<Expression> unused;
  int ignored_directives = 0;  // lines of directives accepted and ignored (tidy, parser, login_*...)

  // The attributes the expressions test (`@class`, `attribute::id`), each once, and whether one
  // tests any attribute (`@*`): the pre-scan must keep them. strip_id_or_class adds id and class,
  // strip_image_src src, the link directives href.
  std::vector<std::string> attribute_names;
  bool reads_every_attribute = false;

  std::size_t expression_count() const {
    return body.size() + title.size() + author.size() + date.size() + strip.size() + strip_attr.size() + dissolve.size() + wrap_in.size() +
           single_page_link.size() + next_page_link.size() + if_page_contains.size() + unused.size();
  }
};

}  // namespace winnow::siteconfig
