#include "cli/args.h"

#include <charconv>
#include <string_view>

#include "common/ascii.h"
#include "load/charset.h"

namespace winnow::cli {

const char* usage() {
  return R"(Usage: winnow [OPTIONS] [INPUT...]
       winnow rules check [DIR...] [--site-config DIR]
       winnow rules test [DIR...] [--site-config DIR --pages SAVED]

Prints the article of each web page INPUT as clean text, with the site junk removed.
INPUT is a saved HTML file, '-' for standard input, an http:// or https:// URL, or a WARC file
(*.warc, *.warc.gz: a crawl's pages, cleaned into one JSON object per page and line).
With no INPUT, reads standard input.

Options:
  -o, --output DIR      write each result to DIR/<name>.<ext> instead of standard output
                        (a WARC file's pages to DIR/<name>.jsonl). <name> is the input's base
                        name (a URL's host and path); a later input of the same name gets
                        <name>-2, -3... in input order, so the same command names the same files
      --skip-existing   with -o: leave out each input whose output file is already there (resume
                        a batch that was interrupted: outputs are only ever complete)
      --input-format F  auto (default: *.warc and *.warc.gz are WARC), html, or warc (for '-')
  -i, --input-list FILE read more inputs from FILE, one per line ('-': standard input)
  -f, --format FORMAT   text (default), markdown, json, html, or jsonl (one JSON object per line)
      --url URL         the URL a saved page came from (chooses site rules, resolves links)
      --charset NAME    the page's charset, overriding its <meta> (a byte order mark still wins)
      --rules DIR       also load the *.rules files of DIR (repeatable; overrides embedded rules
                        of the same file name). The WINNOW_RULES variable adds directories too.
      --site-config DIR also use the FiveFilters site config files (ftr-site-config, XPath) of DIR
                        (repeatable; the WINNOW_SITE_CONFIG variable adds directories too). A
                        host's own .rules file wins over its site config.
      --explain         report on standard error every element the rules removed, and why
      --no-title        do not print the title on top of the text
      --max-size MIB    refuse inputs larger than MIB mebibytes (default 64)
  -j, --jobs N          clean N inputs (or N pages of a WARC file) at a time, and fetch N URLs at
                        a time (default: one cleaning thread per core, 8 transfers)
  -q, --quiet           no progress output
  -h, --help            show this help
  -V, --version         show the version

Fetching (for http:// and https:// inputs):
      --fetch-jobs N    transfers at once, whatever --jobs says (default 8)
      --per-host N      transfers at once to one host (default 2)
      --delay MS        wait at least MS milliseconds between two requests to one host (default 0)
      --timeout S       give up on a transfer after S seconds (default 30)
      --connect-timeout S  give up connecting after S seconds (default 10)
      --retries N       retry 429 and 503 responses N times, honouring Retry-After (default 3)
      --user-agent UA   the User-Agent header (default: winnow/VERSION)
  -H, --header 'N: V'   send an extra request header (repeatable)
      --cookies FILE    send the cookies of FILE (Netscape/curl format)
      --save-html DIR   keep each fetched page as DIR/<host>/<slug>.html with its headers beside it;
                        cleaning that file later picks the headers up (URL, charset)

WARC input (WARC/1.0 and 1.1; plain, gzip per record as Common Crawl, or one gzip stream):
  Each `response` record with an HTTP status 2xx and an HTML type is cleaned with its
  WARC-Target-URI as the URL and the HTTP charset; other records are skipped and counted. Output is
  one JSON object per line: url, warc_record_id, date, status, title, the metadata, text (and
  markdown or html with -f). A broken record is reported on standard error with its byte offset
  and record id, and skipped; the reader goes on at the next record. A summary line follows.

Commands:
  rules check [DIR...]  load the embedded rules and DIR's rules, and report every error
                        (with --site-config DIR: also read every site config, compile every
                        XPath expression, and print the figures)
  rules test [DIR...]   run the tests declared in the rule files, showing a diff for each failure
                        (with --site-config DIR --pages SAVED: run the site configs' test_url
                        entries against the pages --save-html SAVED kept, offline)

Exit status:
  0  every input was cleaned
  1  some input failed (each failure is reported on standard error; the others were cleaned),
     including a page whose site rule file (<host>.rules in a --rules DIR, read on first use)
     is broken, a file that is not WARC given as WARC, and a WARC file with broken records
  2  usage error, or a broken rule set found at start-up (nothing was cleaned)
  130, 143  interrupted by Ctrl-C or SIGTERM: the outputs written are whole, no temporary file
     is left; run again with --skip-existing to do the rest
Every error line is listed in docs/errors.md.
)";
}

namespace {

bool parse_number(std::string_view text, unsigned long* out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return ec == std::errc() && ptr == end && !text.empty();
}

bool ends_with_lower(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && equals_lower(s.substr(s.size() - suffix.size()), suffix);
}

bool parse_format(std::string_view name, Args* args) {
  if (name == "text" || name == "txt") args->options.format = Format::kText;
  else if (name == "markdown" || name == "md") args->options.format = Format::kMarkdown;
  else if (name == "json") args->options.format = Format::kJson;
  else if (name == "html") args->options.format = Format::kHtml;
  else if (name == "jsonl") { args->options.format = Format::kJson; args->jsonl = true; }
  else return false;
  return true;
}

void split_path_list(std::string_view list, std::vector<std::string>* out) {
  while (!list.empty()) {
    const std::size_t colon = list.find(':');
    std::string_view item = list.substr(0, colon);
    if (!item.empty()) out->emplace_back(item);
    if (colon == std::string_view::npos) break;
    list.remove_prefix(colon + 1);
  }
}

}  // namespace

bool is_warc_input(const std::string& input, InputFormat format) {
  if (format != InputFormat::kAuto) return format == InputFormat::kWarc;
  return ends_with_lower(input, ".warc") || ends_with_lower(input, ".warc.gz");
}

bool parse_args(int argc, char** argv, const char* env_rules, const char* env_site_config, Args* args,
                std::string* error) {
  if (env_rules != nullptr) split_path_list(env_rules, &args->rule_dirs);
  if (env_site_config != nullptr) split_path_list(env_site_config, &args->site_config_dirs);
  int i = 1;
  if (argc >= 2 && std::string_view(argv[1]) == "rules") {
    if (argc < 3 || (std::string_view(argv[2]) != "check" && std::string_view(argv[2]) != "test")) {
      *error = "'rules' needs a subcommand: 'rules check [DIR...]' or 'rules test [DIR...]'";
      return false;
    }
    args->command = std::string_view(argv[2]) == "check" ? Command::kRulesCheck : Command::kRulesTest;
    for (int k = 3; k < argc; ++k) {
      std::string_view a = argv[k];
      // --site-config DIR, --site-config=DIR, --pages DIR (rules test only)
      bool matched = false;
      for (const std::string_view option : {std::string_view("--site-config"), std::string_view("--pages")}) {
        if (a.rfind(option, 0) != 0 || (a.size() > option.size() && a[option.size()] != '=')) continue;
        if (option == "--pages" && args->command != Command::kRulesTest) break;
        std::string value;
        if (a.size() > option.size()) value = std::string(a.substr(option.size() + 1));
        else if (k + 1 < argc) value = argv[++k];
        else { *error = "option '" + std::string(option) + "' needs a value"; return false; }
        if (option == "--pages") args->pages_dir = value;
        else args->site_config_dirs.push_back(value);
        matched = true;
        break;
      }
      if (matched) continue;
      if (a == "-q" || a == "--quiet") args->quiet = true;
      else if (a.size() > 1 && a[0] == '-') { *error = "unknown option '" + std::string(a) + "' for 'rules'"; return false; }
      else args->rule_dirs.emplace_back(a);
    }
    return true;
  }

  bool only_inputs = false;
  bool fetch_jobs_given = false;
  for (; i < argc; ++i) {
    std::string_view a = argv[i];
    if (only_inputs || a == "-" || a.empty() || a[0] != '-') {
      args->inputs.emplace_back(a);
      continue;
    }
    if (a == "--") { only_inputs = true; continue; }
    // Options that take a value accept "--opt VALUE" and "--opt=VALUE".
    std::string_view name = a, value;
    bool has_inline_value = false;
    if (a.rfind("--", 0) == 0) {
      if (const std::size_t eq = a.find('='); eq != std::string_view::npos) {
        name = a.substr(0, eq);
        value = a.substr(eq + 1);
        has_inline_value = true;
      }
    }
    auto take_value = [&](std::string_view* out) {
      if (has_inline_value) { *out = value; return true; }
      if (i + 1 >= argc) { *error = "option '" + std::string(name) + "' needs a value"; return false; }
      *out = argv[++i];
      return true;
    };
    std::string_view v;
    if (name == "-h" || name == "--help") { args->command = Command::kHelp; return true; }
    if (name == "-V" || name == "--version") { args->command = Command::kVersion; return true; }
    if (name == "--explain") { args->options.explain = true; continue; }
    if (name == "--skip-existing") { args->skip_existing = true; continue; }
    if (name == "--no-title") { args->options.include_title = false; continue; }
    if (name == "--no-prescan") { args->options.prescan = false; continue; }
    if (name == "-q" || name == "--quiet") { args->quiet = true; continue; }
    if (name == "-o" || name == "--output") { if (!take_value(&v)) return false; args->output_dir = v; continue; }
    if (name == "-i" || name == "--input-list") { if (!take_value(&v)) return false; args->input_list = v; continue; }
    if (name == "--input-format") {
      if (!take_value(&v)) return false;
      if (v == "auto") args->input_format = InputFormat::kAuto;
      else if (v == "html") args->input_format = InputFormat::kHtml;
      else if (v == "warc") args->input_format = InputFormat::kWarc;
      else {
        *error = "unknown input format '" + std::string(v) + "' (expected auto, html or warc)";
        return false;
      }
      continue;
    }
    if (name == "--url") { if (!take_value(&v)) return false; args->options.url = v; continue; }
    if (name == "--charset") {
      if (!take_value(&v)) return false;
      if (load::canonical_charset(v).empty()) {
        *error = "--charset: unknown charset '" + std::string(v) + "' (a WHATWG Encoding label: utf-8, windows-1252, shift_jis...)";
        return false;
      }
      args->options.charset = v;
      continue;
    }
    if (name == "--rules") { if (!take_value(&v)) return false; args->rule_dirs.emplace_back(v); continue; }
    if (name == "--site-config") { if (!take_value(&v)) return false; args->site_config_dirs.emplace_back(v); continue; }
    if (name == "-f" || name == "--format") {
      if (!take_value(&v)) return false;
      if (!parse_format(v, args)) {
        *error = "unknown format '" + std::string(v) + "' (expected text, markdown, json, html or jsonl)";
        return false;
      }
      continue;
    }
    if (name == "--max-size") {
      unsigned long mib = 0;
      if (!take_value(&v)) return false;
      if (!parse_number(v, &mib) || mib == 0 || mib > 4096) {
        *error = "--max-size takes a whole number of MiB from 1 to 4096, not '" + std::string(v) + "'";
        return false;
      }
      args->options.max_input_bytes = static_cast<std::size_t>(mib) << 20;
      continue;
    }
    if (name == "--save-html") { if (!take_value(&v)) return false; args->save_html_dir = v; continue; }
    if (name == "--user-agent") { if (!take_value(&v)) return false; args->fetch.user_agent = v; continue; }
    if (name == "--cookies") { if (!take_value(&v)) return false; args->fetch.cookie_file = v; continue; }
    if (name == "-H" || name == "--header") {
      if (!take_value(&v)) return false;
      if (v.find(':') == std::string_view::npos || v.front() == ':') {
        *error = "--header takes 'Name: value', not '" + std::string(v) + "'";
        return false;
      }
      args->fetch.headers.emplace_back(v);
      continue;
    }
    // Whole-number options: name, range, and where the value goes (scaled to milliseconds).
    struct NumberOption { const char* name; unsigned long min, max, scale; long* target; int* int_target; };
    const NumberOption numbers[] = {
        {"--timeout", 1, 3600, 1000, &args->fetch.timeout_ms, nullptr},
        {"--connect-timeout", 1, 600, 1000, &args->fetch.connect_timeout_ms, nullptr},
        {"--delay", 0, 3600000, 1, &args->fetch.per_host_delay_ms, nullptr},
        {"--retries", 0, 20, 1, nullptr, &args->fetch.max_retries},
        {"--per-host", 1, 64, 1, nullptr, &args->fetch.per_host},
        {"--fetch-jobs", 1, 256, 1, nullptr, &args->fetch.jobs},
    };
    bool matched = false;
    for (const NumberOption& o : numbers) {
      if (name != o.name) continue;
      unsigned long n = 0;
      if (!take_value(&v)) return false;
      if (!parse_number(v, &n) || n < o.min || n > o.max) {
        *error = std::string(o.name) + " takes a whole number from " + std::to_string(o.min) + " to " +
                 std::to_string(o.max) + ", not '" + std::string(v) + "'";
        return false;
      }
      if (o.int_target == &args->fetch.jobs) fetch_jobs_given = true;
      if (o.target) *o.target = static_cast<long>(n * o.scale);
      else *o.int_target = static_cast<int>(n);
      matched = true;
    }
    if (matched) continue;
    if (name == "-j" || name == "--jobs") {
      unsigned long n = 0;
      if (!take_value(&v)) return false;
      if (!parse_number(v, &n) || n == 0 || n > 256) {
        *error = "--jobs takes a whole number from 1 to 256, not '" + std::string(v) + "'";
        return false;
      }
      args->jobs = static_cast<unsigned>(n);
      continue;
    }
    *error = "unknown option '" + std::string(a) + "' (see winnow --help)";
    return false;
  }
  if (args->jobs != 0 && !fetch_jobs_given) args->fetch.jobs = static_cast<int>(args->jobs);
  if (!args->options.url.empty() && args->inputs.size() + (args->input_list.empty() ? 0 : 2) > 1) {
    *error = "--url names the origin of one saved page; give it with a single input";
    return false;
  }
  if (!args->options.url.empty() && args->inputs.size() == 1 && is_warc_input(args->inputs[0], args->input_format)) {
    *error = "--url does not go with WARC input: each record names its own URL";
    return false;
  }
  if (args->skip_existing && args->output_dir.empty()) {
    *error = "--skip-existing goes with -o DIR: it skips the inputs whose output file is there";
    return false;
  }
  if (args->jsonl && !args->output_dir.empty()) {
    *error = "--format jsonl writes one stream to standard output; it does not go with -o";
    return false;
  }
  return true;
}

}  // namespace winnow::cli
