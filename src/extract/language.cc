#include "extract/language.h"

#include <array>
#include <bit>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "common/ascii.h"
#include "common/text.h"
#include "html/tags.h"
#include "html/walk.h"

namespace winnow::extract {
namespace {

// Enough text to tell a language by, read from the start of the body.
constexpr std::size_t kSampleBytes = 32 * 1024;
// Fewer letters than this in the page's main script, or fewer common words than this in Latin
// text, and the text says nothing.
constexpr std::size_t kMinLetters = 60;
constexpr double kMinWords = 10;

// The commonest words of each Latin-script language, chosen to tell neighbours apart (Spanish
// from Portuguese and Catalan, Danish from Norwegian only weakly: those two seldom lead by
// enough). A word in k lists counts 1/k for each (Spanish "de" and "la" say little). Lower case;
// ASCII letters are compared case-blind.
struct WordList {
  const char* code;
  const char* words;  // separated by spaces
};
constexpr WordList kWordLists[] = {
    {"en", "the and of to is that for with was are this it be you have from by not at or which but they his has "
           "were been their will can an on as"},
    {"de", "der die und das ist nicht mit den ein eine sich auf auch dem für von zu es im des sie wird sind "
           "werden nach bei oder aus wie noch einen"},
    {"fr", "le la les et des est une dans pour que qui pas du sur au avec ce il sont aux été cette mais ou "
           "ses leur plus nous vous elle"},
    {"es", "el los las y del una con es lo más pero al está su sus fue muy también este esta han entre "
           "hay son ya sobre"},
    {"pt", "o os e que do da dos das em um uma não no na é ao mais com foi são para por como se também "
           "seu sua pelo pela"},
    {"it", "il di che e la della per un una sono non del nel è con gli le si anche alla questo più dei delle "
           "nella ha degli essere"},
    {"nl", "de het een en van is dat op te zijn niet voor met die ook naar wordt er aan bij om dan zo maar "
           "nog hij worden"},
    {"pl", "i w się na nie z do to że jest jak o po jego ale od przez dla są czy już tak może który która "
           "także oraz"},
    {"tr", "ve bir bu da de için ile olarak çok daha gibi olan en ama kadar ne sonra değil ise olduğu her "
           "göre ancak"},
    {"id", "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada adalah tersebut oleh "
           "bisa atau karena sudah"},
    {"vi", "của và là các có được không trong những cho với người một này đã để khi đến từ cũng về như "
           "thì nhiều"},
    {"sv", "och att det som är en på för med av inte den till har om jag ett var men sig från eller kan "
           "de"},
    {"da", "og at det er en til på som med har for af ikke den de et var men kan jeg fra eller også vil"},
    {"no", "og at det er en til på som med har for av ikke den de et var men kan jeg fra eller også vil"},
    {"fi", "ja on ei että se hän oli kun mutta myös ovat ole tai sen hänen kanssa joka mukaan vain kuin "
           "jo"},
    {"cs", "a je se v na že to s z do jako ale pro jsou který by také jeho po jsem jak od byl které"},
    {"ro", "și de în la că cu pe a din care pentru mai este nu sunt au fost sau ca după acest această "
           "lui"},
    {"hu", "a az és hogy nem is egy ez meg van de már csak mint volt el vagy kell még ki amely"},
    // Latin, for the placeholder text of unfinished pages ("Lorem ipsum dolor sit amet").
    {"la", "et in est non ad ut cum sed quis quod esse ex sunt enim nisi eu atque autem quae"},
    {"ca", "els i amb és per als més però seu seva també aquest aquesta perquè pel dels ho hi va fa molt "
           "seus"},
};
constexpr std::size_t kLanguages = sizeof(kWordLists) / sizeof(kWordLists[0]);
static_assert(kLanguages <= 32, "one bit per language");

// word -> the languages whose list holds it, one bit each.
const std::unordered_map<std::string_view, std::uint32_t>& word_languages() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<std::string_view, std::uint32_t>();
    for (std::size_t l = 0; l < kLanguages; ++l) {
      std::string_view list = kWordLists[l].words;
      while (!list.empty()) {
        const std::size_t space = list.find(' ');
        const std::string_view word = list.substr(0, space);
        if (!word.empty()) (*m)[word] |= 1u << l;
        if (space == std::string_view::npos) break;
        list.remove_prefix(space + 1);
      }
    }
    return m;
  }();
  return *map;
}

enum Script { kLatin, kCyrillic, kGreek, kArabic, kHebrew, kThai, kHangul, kKana, kHan, kOtherScript, kScripts };

Script script_of(std::uint32_t cp) {
  if (cp < 0x80) return is_ascii_alpha(static_cast<char>(cp)) ? kLatin : kScripts;
  if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x1E00 && cp <= 0x1EFF)) return kLatin;
  if (cp >= 0x370 && cp <= 0x3FF) return kGreek;
  if (cp >= 0x400 && cp <= 0x52F) return kCyrillic;
  if (cp >= 0x591 && cp <= 0x5F4) return kHebrew;
  if ((cp >= 0x620 && cp <= 0x64A) || (cp >= 0x66E && cp <= 0x6D3) || (cp >= 0x750 && cp <= 0x77F) ||
      (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF))
    return kArabic;
  if (cp >= 0xE01 && cp <= 0xE5B) return kThai;
  if ((cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F)) return kHangul;
  if ((cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA)) return kKana;
  if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)) return kHan;
  if (cp >= 0x2000 && cp <= 0x2BFF) return kScripts;  // punctuation, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return kScripts;  // CJK punctuation
  if (cp >= 0xFF00 && cp <= 0xFF65) return kScripts;  // full-width forms
  return kOtherScript;
}

// The script a declared language is written in; kScripts when it may be written in more than
// one (Serbian), or is not one this file knows.
Script script_of_language(std::string_view code) {
  for (std::string_view c : {"ru", "uk", "be", "bg", "mk", "kk", "ky", "mn", "tg"})
    if (code == c) return kCyrillic;
  for (std::string_view c : {"ar", "fa", "ur", "ps", "ckb"})
    if (code == c) return kArabic;
  if (code == "el") return kGreek;
  if (code == "he" || code == "yi") return kHebrew;
  if (code == "th") return kThai;
  if (code == "ko") return kHangul;
  if (code == "ja") return kKana;
  if (code == "zh") return kHan;
  for (const WordList& list : kWordLists)
    if (code == list.code) return kLatin;
  return kScripts;
}

struct Counts {
  std::array<std::size_t, kScripts> script{};
  // Letters that tell languages of one script apart.
  std::size_t ukrainian = 0, belarusian = 0, russian = 0, serbian = 0, macedonian = 0, kazakh = 0, bulgarian = 0;
  std::size_t persian = 0, arabic_only = 0, urdu = 0;
  std::array<double, kLanguages> words{};  // common words of each list, a shared word split
  std::size_t latin_words = 0;
};

void count_letter(std::uint32_t cp, Counts* c) {
  switch (cp) {
    case 0x456: case 0x406: case 0x457: case 0x407: case 0x454: case 0x404: case 0x491: case 0x490:  // і ї є ґ
      ++c->ukrainian;
      break;
    case 0x45E: case 0x40E:  // ў
      ++c->belarusian;
      break;
    case 0x44B: case 0x42B: case 0x44D: case 0x42D:  // ы э
      ++c->russian;
      break;
    case 0x458: case 0x459: case 0x45A: case 0x45B: case 0x452: case 0x45F:  // ј љ њ ћ ђ џ
    case 0x408: case 0x409: case 0x40A: case 0x40B: case 0x402: case 0x40F:
      ++c->serbian;
      break;
    case 0x453: case 0x45C: case 0x455: case 0x403: case 0x40C: case 0x405:  // ѓ ќ ѕ
      ++c->macedonian;
      break;
    case 0x4D9: case 0x493: case 0x49B: case 0x4A3: case 0x4E9: case 0x4B1: case 0x4AF: case 0x4BB:  // ә ғ қ ң ө ұ ү һ
      ++c->kazakh;
      break;
    case 0x44A:  // ъ
      ++c->bulgarian;
      break;
    case 0x6CC: case 0x6A9: case 0x67E: case 0x686: case 0x698: case 0x6AF:  // ی ک پ چ ژ گ
      ++c->persian;
      break;
    case 0x64A: case 0x643:  // ي ك: Arabic's own yeh and kaf
      ++c->arabic_only;
      break;
    case 0x679: case 0x688: case 0x691: case 0x6BA: case 0x6D2:  // ٹ ڈ ڑ ں ے
      ++c->urdu;
      break;
    default:
      break;
  }
}

void count_word(std::string* word, Counts* c) {
  if (word->empty()) return;
  ++c->latin_words;
  const auto& map = word_languages();
  if (const auto it = map.find(*word); it != map.end()) {
    const double share = 1.0 / std::popcount(it->second);
    for (std::size_t l = 0; l < kLanguages; ++l)
      if (it->second & (1u << l)) c->words[l] += share;
  }
  word->clear();
}

// Counts the letters and common words of `text`; `word` carries a word cut by the end of a text
// node (markup inside a word).
void count_text(std::string_view text, Counts* c, std::string* word) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    const std::uint32_t cp = next_code_point(text, &i);
    const Script s = script_of(cp);
    if (s == kScripts) {
      count_word(word, c);
      continue;
    }
    ++c->script[s];
    if (s == kLatin) {
      if (word->size() < 16) {
        if (cp < 0x80) word->push_back(lower_ascii(static_cast<char>(cp)));
        else word->append(text.substr(start, i - start));
      }
    } else {
      count_word(word, c);
      count_letter(cp, c);
    }
  }
}

// The language of a script, told by its letters; "" when the letters do not say.
std::string language_of_script(Script s, const Counts& c) {
  const std::size_t n = c.script[s];
  switch (s) {
    case kCyrillic:
      // Per mille of the letters: Ukrainian's і alone is about 5%, Russian's ы about 2%.
      if (c.kazakh * 1000 >= n * 5) return "kk";
      if (c.serbian * 1000 >= n * 5) return "sr";
      if (c.macedonian * 1000 >= n * 3) return "mk";
      if (c.belarusian * 1000 >= n * 3) return "be";
      if (c.ukrainian * 1000 >= n * 10) return "uk";
      if (c.russian * 1000 >= n * 5) return "ru";
      if (c.bulgarian * 1000 >= n * 10) return "bg";
      return "";
    case kArabic:
      if (c.urdu * 1000 >= n * 10) return "ur";
      if (c.persian > c.arabic_only) return "fa";
      return "ar";
    case kGreek:
      return "el";
    case kHebrew:
      return "he";
    case kThai:
      return "th";
    case kHangul:
      return "ko";
    case kKana:
      return "ja";
    case kHan:
      // A Japanese text is a third kana or more; a Chinese one has none but a stray quote.
      return c.script[kKana] * 20 >= n ? "ja" : "zh";
    default:
      return "";
  }
}

// The language whose common words lead the Latin text, and by how much; "" when none leads
// clearly (fewer than kMinWords, under 3% of the words: a page of menus, or under 1.5 times the
// next).
std::string language_of_words(const Counts& c, double* best_count) {
  std::size_t best = kLanguages;
  double second = 0;
  for (std::size_t l = 0; l < kLanguages; ++l)
    if (best == kLanguages || c.words[l] > c.words[best]) best = l;
  for (std::size_t l = 0; l < kLanguages; ++l)
    if (l != best && c.words[l] > second) second = c.words[l];
  const double n = c.words[best];
  *best_count = n;
  if (n < kMinWords || n * 100 < static_cast<double>(c.latin_words) * 3 || n * 2 < second * 3) return "";
  return kWordLists[best].code;
}

Counts count_page(const html::Dom& dom, html::NodeId root) {
  Counts c;
  std::string word;
  std::size_t bytes = 0;
  html::walk(dom, root, [&](html::NodeId id) {
    if (bytes >= kSampleBytes) return false;
    if (dom.is_text(id)) {
      const std::string_view text = dom.text(id);
      count_text(text, &c, &word);
      bytes += text.size();
      return false;
    }
    if (!dom.is_element(id)) return id == dom.document();
    if (html::is_unrendered(dom.tag(id))) return false;
    // An element's edge is a word break but for inline text (the Dom keeps no white space
    // between blocks).
    if (!html::is_inline_text(dom.tag(id))) count_word(&word, &c);
    return true;
  });
  count_word(&word, &c);
  return c;
}

// Lower-case primary subtag of a BCP 47 tag, with the codes ISO 639 withdrew mapped to today's;
// "" for what is not a language tag ("{{lang}}", "English").
std::string primary_subtag(std::string_view tag) {
  const std::size_t end = tag.find_first_of("-_");
  const std::string_view primary = tag.substr(0, end);
  if (primary.size() < 2 || primary.size() > 3) return "";
  std::string code;
  for (char ch : primary) {
    if (!is_ascii_alpha(ch)) return "";
    code.push_back(lower_ascii(ch));
  }
  if (code == "iw") return "he";
  if (code == "in") return "id";
  if (code == "ji") return "yi";
  if (code == "nb" || code == "nn") return "no";
  return code;
}

// The text's language as text_language() tells it, with what page_language() needs to weigh it.
struct TextVerdict {
  std::string code, source;
  Script script = kScripts;
  double words = 0;       // common words of `code`'s list, for a Latin verdict
  std::size_t share = 0;  // the script's share of the letters, per mille
  Counts counts;
};

TextVerdict read_text(const html::Dom& dom, html::NodeId root) {
  TextVerdict v;
  v.counts = count_page(dom, root);
  const Counts& c = v.counts;
  // The main script, CJK characters weighed as two letters (a character is nearer a word).
  std::size_t total = 0, best_weight = 0;
  for (int s = 0; s < kOtherScript; ++s) {
    const std::size_t weight = (s == kHangul || s == kKana || s == kHan) ? 2 * c.script[s] : c.script[s];
    total += weight;
    if (weight > best_weight) {
      best_weight = weight;
      v.script = static_cast<Script>(s);
    }
  }
  total += c.script[kOtherScript];
  if (v.script == kScripts || c.script[v.script] < kMinLetters / (v.script >= kHangul ? 2 : 1) ||
      best_weight * 10 < total * 4) {
    v.script = kScripts;
    return v;
  }
  // Kana and Han together are Japanese's script.
  if (v.script == kKana || v.script == kHan) {
    best_weight = 2 * (c.script[kKana] + c.script[kHan]);
    v.script = c.script[kKana] * 20 >= c.script[kHan] ? kKana : kHan;
  }
  v.share = best_weight * 1000 / total;
  if (v.script == kLatin) {
    v.code = language_of_words(c, &v.words);
    v.source = "the text's words";
  } else {
    v.code = language_of_script(v.script, c);
    v.source = "the text's script";
  }
  return v;
}

html::NodeId text_root(const html::Dom& dom) {
  const html::NodeId body = dom.find_first(GUMBO_TAG_BODY);
  return body == html::kNoNode ? dom.document() : body;
}

}  // namespace

std::string text_language(const html::Dom& dom, html::NodeId root, std::string* source) {
  TextVerdict v = read_text(dom, root);
  if (source != nullptr) *source = v.code.empty() ? std::string() : v.source;
  return v.code;
}

PageLanguage page_language(const html::Dom& dom, std::string_view declared) {
  PageLanguage out;
  const std::string tag = normalize_space(declared);
  const std::string code = primary_subtag(tag);
  const TextVerdict text = read_text(dom, text_root(dom));
  if (!code.empty()) {
    out = {code, tag, "declared"};
    if (text.code.empty() || text.code == code) return out;
    const Script declared_script = script_of_language(code);
    bool replace = false;
    if (declared_script == kScripts) {
      // A language this file cannot place (Serbian, in either script; Swahili): it stands.
    } else if (text.script != declared_script) {
      // Another script than the declared language's (a Russian page that says lang="en"), and
      // most of the letters in it: a Japanese page's code samples do not make it English.
      replace = text.share >= 600 && !(code == "ja" && text.script == kHan);
    } else if (text.script == kLatin) {
      // Two languages of the Latin script: only a clear lead over the declared one's own words
      // (a WordPress theme's lang="en-US" over an Indonesian article).
      double declared_words = 0;
      for (std::size_t l = 0; l < kLanguages; ++l)
        if (code == kWordLists[l].code) declared_words = text.counts.words[l];
      replace = text.words >= 2 * kMinWords && text.words >= 3 * declared_words;
    } else {
      // One script, two of its languages by their letters (uk under "ru", fa under "ar").
      replace = true;
    }
    if (!replace) return out;
    return {text.code, text.code, text.source + "; the page declares " + code};
  }
  if (text.code.empty()) return out;
  return {text.code, text.code, text.source};
}

}  // namespace winnow::extract
