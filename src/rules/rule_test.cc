#include "rules/rule_test.h"

#include <filesystem>

#include "common/file.h"
#include "rules/load.h"

namespace winnow::rules {

namespace {

// A test's page and expected text: no bigger than a page clean() accepts.
bool read_whole_file(const std::string& path, std::string* out) {
  return read_file(path, Options().max_input_bytes, out).ok();
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  if (text.empty()) return lines;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

std::string resolve(const std::string& dir, const std::string& path) {
  if (path.empty() || path.front() == '/' || dir.empty()) return path;
  return (std::filesystem::path(dir) / path).lexically_normal().string();
}

TestResult run_one(const RuleFile& file, const std::string& dir, const RuleTest& test, const Rules& rules) {
  TestResult r;
  r.where = file.path + ":" + std::to_string(test.line);
  r.page = resolve(dir, test.page);
  r.url = !test.url.empty() ? test.url : file.hosts.empty() ? "" : "https://" + file.hosts.front() + "/";
  std::string html;
  if (!read_whole_file(r.page, &html)) {
    r.failures.push_back("cannot read the page " + r.page);
    return r;
  }
  Options options;
  options.url = r.url;
  options.format = Format::kText;
  options.include_title = true;
  Document doc;
  if (Error e = clean(html, options, rules, r.page, &doc); !e.ok()) {
    r.failures.push_back("clean failed: " + e.message);
    return r;
  }
  for (const std::string& s : test.must_contain)
    if (doc.output.find(s) == std::string::npos) r.failures.push_back("missing: " + s);
  for (const std::string& s : test.must_not_contain)
    if (doc.output.find(s) != std::string::npos) r.failures.push_back("unwanted: " + s);
  if (!test.expect.empty()) {
    std::string expected;
    const std::string path = resolve(dir, test.expect);
    if (!read_whole_file(path, &expected)) {
      r.failures.push_back("cannot read the expected text " + path);
    } else {
      r.diff = line_diff(expected, doc.output);
      if (!r.diff.empty()) r.failures.push_back("text differs from " + path);
    }
  }
  r.passed = r.failures.empty();
  return r;
}

}  // namespace

std::string line_diff(std::string_view expected, std::string_view actual) {
  const std::vector<std::string_view> a = split_lines(expected), b = split_lines(actual);
  if (a == b) return "";
  std::string out = "--- expected\n+++ actual\n";
  if (a.size() > 4000 || b.size() > 4000) {
    for (auto l : a) out += "-" + std::string(l) + "\n";
    for (auto l : b) out += "+" + std::string(l) + "\n";
    return out;
  }
  // Longest common subsequence table, from the ends.
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
  std::vector<std::pair<char, std::string_view>> ops;
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) { ops.emplace_back(' ', a[i]); ++i; ++j; }
    else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) ops.emplace_back('-', a[i++]);
    else ops.emplace_back('+', b[j++]);
  }
  // Keep 2 lines of context around changes.
  for (std::size_t k = 0; k < ops.size(); ++k) {
    bool near = false;
    for (std::size_t d = (k >= 2 ? k - 2 : 0); d <= k + 2 && d < ops.size(); ++d)
      if (ops[d].first != ' ') near = true;
    if (!near) {
      if (out.size() < 4 || out.compare(out.size() - 4, 4, "...\n") != 0) out += "...\n";
      continue;
    }
    out += ops[k].first;
    out += ops[k].second;
    out += '\n';
  }
  return out;
}

std::string format_result(const TestResult& result) {
  std::string out = (result.passed ? "PASS " : "FAIL ") + result.where + " " + result.page + "\n";
  for (const std::string& f : result.failures) out += "  " + f + "\n";
  std::string_view diff = result.diff;
  while (!diff.empty()) {
    const std::size_t end = diff.find('\n');
    out += "    ";
    out += diff.substr(0, end == std::string_view::npos ? diff.size() : end + 1);
    if (end == std::string_view::npos) { out += '\n'; break; }
    diff.remove_prefix(end + 1);
  }
  return out;
}

bool run_rule_tests(const std::vector<std::string>& dirs, std::string_view embedded_dir,
                    std::vector<TestResult>* results, Error* error) {
  Rules rules;
  if (Error e = load_rules(dirs, &rules); !e.ok()) {
    *error = e;
    return false;
  }
  // A file named after a host is read on first use: its tests are known once it is read.
  if (const std::vector<RuleError> broken = prepare_all_site_files(rules); !broken.empty()) {
    *error = Error::make(ErrorCode::kRules, broken.front().str());
    return false;
  }
  for (const auto& file : rules.impl()->files) {
    const std::string dir = !file->dir.empty() ? file->dir : std::string(embedded_dir);
    if (dir.empty()) continue;
    for (const RuleTest& test : file->tests) results->push_back(run_one(*file, dir, test, rules));
  }
  return true;
}

}  // namespace winnow::rules
