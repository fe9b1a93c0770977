#include "cli/explain.h"

#include <algorithm>
#include <map>
#include <vector>

namespace winnow::cli {

std::string explain_report(std::string_view input_name, const Document& doc) {
  std::string out = "== explain: " + std::string(input_name) + "\n";
  for (const std::string& note : doc.notes) out += "note: " + note + "\n";
  std::map<std::string, int> counts;
  for (const Removal& r : doc.removals) {
    out += "removed by " + r.rule + "  " + r.pattern + "  \"" + r.excerpt + "\"\n";
    counts[r.rule]++;
  }
  std::vector<std::pair<std::string, int>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  out += "removals per rule (" + std::to_string(doc.removals.size()) + " in all):\n";
  for (const auto& [rule, n] : sorted) out += "  " + std::to_string(n) + "  " + rule + "\n";
  return out;
}

}  // namespace winnow::cli
