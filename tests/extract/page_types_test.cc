// The detector on hand-written pages of each kind it is trained for (fixtures/page-types): what a
// reader calls the content of a thread, a product, a grid of cards, a docs page and a service page
// stays, and the site's furniture around it goes. The pages are small but built like real ones:
// header navigation, footers, sign-up boxes, suggested links.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "winnow/winnow.h"

namespace {

namespace fs = std::filesystem;

struct Expect {
  const char* file;
  const char* page_type;
  std::vector<const char*> stays;
  std::vector<const char*> goes;
};

winnow::Document clean_fixture(const char* file) {
  const char* source = std::getenv("WINNOW_SOURCE");
  REQUIRE_MESSAGE(source != nullptr, "WINNOW_SOURCE is not set");
  std::ifstream in(fs::path(source) / "fixtures" / "page-types" / file, std::ios::binary);
  REQUIRE(in);
  std::ostringstream html;
  html << in.rdbuf();
  winnow::Rules rules;
  REQUIRE(winnow::load_rules({}, &rules).ok());
  winnow::Options options;
  options.include_title = false;
  winnow::Document doc;
  const winnow::Error e = winnow::clean(html.str(), options, rules, file, &doc);
  REQUIRE_MESSAGE(e.ok(), e.message);
  return doc;
}

winnow::Document check(const Expect& x) {
  const winnow::Document doc = clean_fixture(x.file);
  INFO(x.file << " gave:\n" << doc.text);
  CHECK(doc.metadata.page_type == x.page_type);
  // The title is printed on top of the text (unless --no-title), so a name may be there.
  const std::string shown = doc.metadata.title + "\n" + doc.text;
  for (const char* s : x.stays) CHECK_MESSAGE(shown.find(s) != std::string::npos, "missing: " << std::string(s));
  for (const char* s : x.goes) CHECK_MESSAGE(doc.text.find(s) == std::string::npos, "kept: " << std::string(s));
  return doc;
}

}  // namespace

TEST_CASE("a forum thread: every post stays, the thread's author is metadata; the forum's menus go") {
  const winnow::Document doc =
      check({"forum-thread.html", "forum",
             {"my combi boiler drops from 1.5 bar", "Check the expansion vessel first", "Thank you, that was it",
              "Keep an eye on it for a couple of weeks"},
             {"Sign Up", "Suggested Topics", "Radiator cold at the bottom", "Privacy Policy", "Categories"}});
  // The posts' user-name lines are the generic author-slug rule's (generic-meta.rules); the one who
  // opened the thread is the page's byline.
  CHECK(doc.metadata.byline == "mark_t");
}

TEST_CASE("a product: name, price, the description only its JSON-LD holds, and the specifications") {
  check({"product.html", "product",
         {"Alder Pour-Over Kettle 1.0 L", "$64.00", "Gooseneck spout", "pours a thin, steady stream", "18/8 stainless steel"},
         {"Free shipping on orders over", "Grinders", "You may also like", "Join our newsletter", "Returns"}});
}

TEST_CASE("a grid of cards: every card stays; filters, pagination and the shop's furniture go") {
  check({"listing-grid.html", "collection",
         {"Talus Trail 4", "$139.95", "Scree Runner GTX", "Bog Hopper 2", "Ridge Racer", "Carbon plate for racing"},
         {"Climbing", "Paddling", "Get 10% off your first order", "Find a store", "All rights reserved"}});
}

TEST_CASE("a docs page: the body with its code; the navigation tree and the table of contents go") {
  check({"docs.html", "documentation",
         {"The default policy", "retry=policy", "Retry-After", "RetryPolicy.none()"},
         {"Installation", "Quickstart", "On this page", "Edit this page", "Blog"}});
}

TEST_CASE("a service page: every section stays; cookie banner, menus and footer go") {
  check({"service.html", "service",
         {"Managed backups for small offices", "Nightly encrypted backups", "Monthly restore tests",
          "Ransomware recovery", "We install the backup agent"},
         {"We use cookies", "Accept all", "Careers", "All rights reserved"}});
}
