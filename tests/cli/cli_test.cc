// End-to-end tests of the winnow command: exit codes, standard output and error, -o DIR, and one
// test per kind of bad input.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>

#include "run.h"

namespace {

const char* kPage =
    "<!doctype html><html><head><title>Kremlin calls for a halt</title></head><body>"
    "<article><h1>Kremlin calls for a halt</h1><p>The Kremlin is calling for an immediate halt to the "
    "conflict.</p><p>Russia brokered a truce on Saturday.</p></article></body></html>";

std::string page_file(const std::string& dir, const std::string& name, const std::string& html = kPage) {
  const std::string path = dir + "/" + name;
  write_whole(path, html);
  return path;
}

}  // namespace

TEST_CASE("winnow FILE prints the article with the title on top") {
  const std::string dir = temp_dir();
  RunResult r = run_winnow({page_file(dir, "page.html")});
  CHECK(r.exit_code == 0);
  CHECK(r.err == "");
  CHECK(r.out.rfind("Kremlin calls for a halt\n\n", 0) == 0);
  CHECK(r.out.find("The Kremlin is calling for an immediate halt to the conflict.\n\nRussia brokered") != std::string::npos);
}

TEST_CASE("the title is printed once even when the article repeats it as its heading") {
  const std::string dir = temp_dir();
  RunResult r = run_winnow({page_file(dir, "page.html")});
  CHECK(r.exit_code == 0);
  const std::size_t first = r.out.find("Kremlin calls for a halt");
  CHECK(first == 0);
  CHECK(r.out.find("Kremlin calls for a halt", first + 1) == std::string::npos);
}

TEST_CASE("--no-title leaves the title out") {
  const std::string dir = temp_dir();
  const std::string page = page_file(dir, "page.html",
      "<html><head><title>Kremlin calls for a halt</title></head><body><article><p>The Kremlin is calling "
      "for an immediate halt to the conflict.</p></article></body></html>");
  RunResult with = run_winnow({page});
  CHECK(with.out.rfind("Kremlin calls for a halt\n\nThe Kremlin is calling", 0) == 0);
  RunResult without = run_winnow({"--no-title", page});
  CHECK(without.exit_code == 0);
  CHECK(without.out == "The Kremlin is calling for an immediate halt to the conflict.\n");
}

TEST_CASE("standard input: '-' and no argument") {
  RunResult a = run_winnow({"-"}, kPage);
  CHECK(a.exit_code == 0);
  CHECK(a.out.find("Russia brokered a truce") != std::string::npos);
  RunResult b = run_winnow({}, kPage);
  CHECK(b.exit_code == 0);
  CHECK(b.out == a.out);
  RunResult c = run_winnow({"-", "-"}, kPage);
  CHECK(c.exit_code == 2);
}

TEST_CASE("several inputs to stdout are each headed by their name, in order") {
  const std::string dir = temp_dir();
  const std::string a = page_file(dir, "a.html", "<p>first page</p>");
  const std::string b = page_file(dir, "b.html", "<p>second page</p>");
  RunResult r = run_winnow({"-j", "2", a, b});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "==> " + a + " <==\nfirst page\n\n==> " + b + " <==\nsecond page\n");
}

TEST_CASE("-o DIR writes DIR/<name>.txt per input, unique names, no temporary files left") {
  const std::string dir = temp_dir();
  std::filesystem::create_directories(dir + "/x");
  const std::string a = page_file(dir, "story.html", "<p>one</p>");
  const std::string b = page_file(dir + "/x", "story.html", "<p>two</p>");
  const std::string out = dir + "/out/nested";
  RunResult r = run_winnow({"-o", out, a, b});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "");
  CHECK(read_whole(out + "/story.txt") == "one\n");
  CHECK(read_whole(out + "/story-2.txt") == "two\n");
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(out)) files += entry.is_regular_file();
  CHECK(files == 2);
}

TEST_CASE("--help, --version and usage errors") {
  RunResult help = run_winnow({"--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("Exit status:") != std::string::npos);
  RunResult version = run_winnow({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("winnow ", 0) == 0);
  RunResult bad = run_winnow({"--no-such-option"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err == "winnow: unknown option '--no-such-option' (see winnow --help)\n");
  CHECK(run_winnow({"--format", "pdf", "x.html"}).exit_code == 2);
  CHECK(run_winnow({"--jobs", "0", "x.html"}).exit_code == 2);
  CHECK(run_winnow({"--max-size", "lots", "x.html"}).exit_code == 2);
  CHECK(run_winnow({"-o"}).exit_code == 2);
}

// --- Bad input: each gets one line on stderr naming the input, exit 1, and never stops the others.

TEST_CASE("a missing path") {
  const std::string dir = temp_dir();
  RunResult r = run_winnow({dir + "/missing.html"});
  CHECK(r.exit_code == 1);
  CHECK(r.err == "winnow: " + dir + "/missing.html: no such file\n");
}

TEST_CASE("an unreadable path") {
  // /proc/self/mem exists but fails to read at offset 0, even for root.
  RunResult r = run_winnow({"/proc/self/mem"});
  CHECK(r.exit_code == 1);
  CHECK(count_lines(r.err) == 1);
  CHECK(r.err.rfind("winnow: /proc/self/mem: cannot read: ", 0) == 0);
  // A link to itself cannot be opened, even by root.
  const std::string loop = temp_dir() + "/loop";
  REQUIRE(::symlink(loop.c_str(), loop.c_str()) == 0);
  RunResult looped = run_winnow({loop});
  CHECK(looped.exit_code == 1);
  CHECK(looped.err == "winnow: " + loop + ": cannot open: Too many levels of symbolic links\n");
}

TEST_CASE("a directory") {
  const std::string dir = temp_dir();
  RunResult r = run_winnow({dir});
  CHECK(r.exit_code == 1);
  CHECK(r.err == "winnow: " + dir + ": is a directory, not a file\n");
}

TEST_CASE("an empty file and a blank file") {
  const std::string dir = temp_dir();
  RunResult r = run_winnow({page_file(dir, "empty.html", ""), page_file(dir, "blank.html", " \n\t\n")});
  CHECK(r.exit_code == 1);
  CHECK(r.err == "winnow: " + dir + "/empty.html: input is empty\nwinnow: " + dir + "/blank.html: input is empty\n");
}

TEST_CASE("binary files: NUL bytes and an image") {
  const std::string dir = temp_dir();
  RunResult r = run_winnow({page_file(dir, "nul.html", std::string("<p>a\0b</p>", 10)),
                            page_file(dir, "image.html", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16))});
  CHECK(r.exit_code == 1);
  CHECK(r.err == "winnow: " + dir + "/nul.html: input is binary (it contains NUL bytes), not HTML\n"
                 "winnow: " + dir + "/image.html: input is a PNG image, not HTML\n");
}

TEST_CASE("a file over the size limit") {
  const std::string dir = temp_dir();
  const std::string big = page_file(dir, "big.html", "<p>" + std::string(2u << 20, 'x') + "</p>");
  RunResult r = run_winnow({"--max-size", "1", big});
  CHECK(r.exit_code == 1);
  CHECK(count_lines(r.err) == 1);
  CHECK(r.err == "winnow: " + big + ": file is 2097159 bytes, over the limit of 1 MiB (see --max-size)\n");
  CHECK(run_winnow({"--max-size", "3", big}).exit_code == 0);
  RunResult piped = run_winnow({"--max-size", "1", "-"}, read_whole(big));
  CHECK(piped.exit_code == 1);
  CHECK(piped.err == "winnow: <stdin>: input is over the limit of 1 MiB (see --max-size)\n");
}

TEST_CASE("a page nested 100,000 elements deep is refused quickly") {
  const std::string dir = temp_dir();
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "deep";
  RunResult r = run_winnow({page_file(dir, "deep.html", html)});
  CHECK(r.exit_code == 1);
  CHECK(r.err == "winnow: " + dir + "/deep.html: markup is nested over 10000 elements deep\n");
}

TEST_CASE("truncated HTML gives best-effort text") {
  const std::string dir = temp_dir();
  RunResult r = run_winnow({"--no-title", page_file(dir, "cut.html", "<html><body><p>Complete paragraph.</p><p>Cut off in the mid")});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "Complete paragraph.\n\nCut off in the mid\n");
}

TEST_CASE("one bad input never stops the others") {
  const std::string dir = temp_dir();
  const std::string good1 = page_file(dir, "good1.html", "<p>good one</p>");
  const std::string good2 = page_file(dir, "good2.html", "<p>good two</p>");
  RunResult r = run_winnow({"-o", dir + "/out", good1, dir + "/missing.html", good2});
  CHECK(r.exit_code == 1);
  CHECK(count_lines(r.err) == 1);
  CHECK(read_whole(dir + "/out/good1.txt") == "good one\n");
  CHECK(read_whole(dir + "/out/good2.txt") == "good two\n");
  CHECK_FALSE(std::filesystem::exists(dir + "/out/missing.txt"));
}

TEST_CASE("-i FILE reads inputs one per line, skipping blanks and comments") {
  const std::string dir = temp_dir();
  const std::string a = page_file(dir, "a.html", "<p>alpha</p>");
  const std::string b = page_file(dir, "b.html", "<p>beta</p>");
  const std::string list = page_file(dir, "list.txt", "# pages\n" + a + "\n\n  " + b + "  \n");
  RunResult r = run_winnow({"-o", dir + "/out", "-i", list});
  CHECK(r.exit_code == 0);
  CHECK(read_whole(dir + "/out/a.txt") == "alpha\n");
  CHECK(read_whole(dir + "/out/b.txt") == "beta\n");
  const RunResult missing = run_winnow({"-i", dir + "/nolist.txt"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "winnow: " + dir + "/nolist.txt: no such file\n");
}

TEST_CASE("every output format from the command line") {
  const std::string dir = temp_dir();
  const std::string page = page_file(dir, "page.html");
  RunResult md = run_winnow({"-f", "markdown", page});
  CHECK(md.exit_code == 0);
  CHECK(md.out.rfind("# Kremlin calls for a halt\n", 0) == 0);
  RunResult json = run_winnow({"-f", "json", page});
  CHECK(json.out.rfind("{\"title\":\"Kremlin calls for a halt\"", 0) == 0);
  CHECK(json.out.find("\"text\":\"") != std::string::npos);
  RunResult html = run_winnow({"-f", "html", page});
  CHECK(html.out.find("<article>") != std::string::npos);
  RunResult files = run_winnow({"-f", "markdown", "-o", dir + "/out", page});
  CHECK(read_whole(dir + "/out/page.md") == md.out);
}

TEST_CASE("progress: a bar when stderr is a terminal, nothing with --quiet or one input") {
  const std::string dir = temp_dir();
  const std::string a = page_file(dir, "a.html", "<p>alpha</p>");
  const std::string b = page_file(dir, "b.html", "<p>beta</p>");
  // script(1) gives the command a pseudo-terminal; its output is the terminal's.
  const std::string log = dir + "/typescript";
  const std::string cmd = "script -qec '" + winnow_exe() + " -o " + dir + "/out " + a + " " + b + " 2>&1' " + log;
  if (std::system("command -v script >/dev/null 2>&1") != 0) {
    MESSAGE("script(1) is not installed: terminal progress not tested");
    return;
  }
  REQUIRE(std::system(cmd.c_str()) == 0);
  const std::string screen = read_whole(log);
  CHECK(screen.find("2/2") != std::string::npos);
  CHECK(screen.find("pages/s") != std::string::npos);
  RunResult quiet = run_winnow({"-q", "-o", dir + "/q", a, b});
  CHECK(quiet.err == "");
  RunResult piped = run_winnow({"-o", dir + "/p", a, b});  // stderr is a file: fast batches print nothing
  CHECK(piped.err == "");
}
