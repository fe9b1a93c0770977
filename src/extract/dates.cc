#include "extract/dates.h"

#include <cstdio>
#include <vector>

#include "common/ascii.h"
#include "common/text.h"

namespace winnow::extract {

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return false;
  for (std::size_t i = at; i < at + n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

int number(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

int month_of(std::string_view word) {
  static const char* names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                "jul", "aug", "sep", "oct", "nov", "dec"};
  if (word.size() < 3) return 0;
  const std::string w = ascii_lower(word.substr(0, 3));
  for (int i = 0; i < 12; ++i)
    if (w == names[i]) return i + 1;
  return 0;
}

std::string ymd(int y, int m, int d) {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// The "HH:MM[:SS]" at the start of `s`, or "".
std::string_view clock(std::string_view s) {
  if (!digits(s, 0, 2) || s.size() < 5 || s[2] != ':' || !digits(s, 3, 2)) return {};
  if (s.size() >= 8 && s[5] == ':' && digits(s, 6, 2)) return s.substr(0, 8);
  return s.substr(0, 5);
}

// Splits on spaces, commas and periods.
std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == '.')) ++i;
    const std::size_t b = i;
    while (i < s.size() && s[i] != ' ' && s[i] != ',' && s[i] != '.') ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

}  // namespace

std::string iso8601(std::string_view raw) {
  const std::string s = normalize_space(raw);
  const std::string_view v = s;
  // ISO 8601 already: YYYY-MM-DD, optionally followed by T or ' ' and a time.
  if (digits(v, 0, 4) && v.size() >= 10 && (v[4] == '-' || v[4] == '/') && digits(v, 5, 2) &&
      v[7] == v[4] && digits(v, 8, 2)) {
    if (v[4] == '/' || v.size() == 10) {
      std::string date = ymd(number(v.substr(0, 4)), number(v.substr(5, 2)), number(v.substr(8, 2)));
      if (date.empty() || v.size() == 10) return date;
      // "2018/04/05 06:00"
      const std::string_view t = v.size() > 11 ? clock(v.substr(11)) : std::string_view();
      return t.empty() ? date : date + "T" + std::string(t);
    }
    if (v[10] == 'T') return s;
    if (v[10] == ' ') {
      std::string out = s;
      out[10] = 'T';
      // "2018-04-05 06:00:00 +0200" -> drop the space before the zone.
      if (const std::size_t sp = out.find(' ', 11); sp != std::string::npos) out.erase(sp, 1);
      return out;
    }
    return "";
  }
  // Compact ISO (20180405) is too ambiguous with other numbers; month-name dates.
  const std::vector<std::string_view> w = words(v);
  int year = 0, month = 0, day = 0;
  std::string_view time;
  bool utc = false;
  for (std::string_view word : w) {
    if (!month && month_of(word) && !digits(word, 0, 1)) {
      month = month_of(word);
    } else if (digits(word, 0, 4) && word.size() == 4) {
      year = number(word);
    } else if (!day && (word.size() <= 4) && digits(word, 0, 1) &&
               (word.size() == 1 || digits(word, 1, 1) || word.size() >= 3)) {
      // "5", "05", "5th", "21st"
      std::size_t n = digits(word, 1, 1) ? 2 : 1;
      day = number(word.substr(0, n));
    } else if (time.empty() && !clock(word).empty()) {
      time = clock(word);
    } else if (word == "GMT" || word == "UTC" || word == "Z") {
      utc = true;
    }
  }
  if (!year || !month || !day) return "";
  std::string date = ymd(year, month, day);
  if (date.empty() || time.empty()) return date;
  return date + "T" + std::string(time) + (utc ? "Z" : "");
}

}  // namespace winnow::extract
