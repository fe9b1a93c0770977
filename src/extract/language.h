// The page's language: what it declares, checked against what its text is written in. It picks
// which `lang:` rule files apply, so a word that is a label in one language (`Lire aussi`) never
// removes a sentence in another.
#pragma once

#include <string>
#include <string_view>

#include "html/dom.h"

namespace winnow::extract {

struct PageLanguage {
  std::string code;    // ISO 639 primary subtag in lower case ("pt", "zh"); "" when unknown
  std::string tag;     // what Metadata::language should say: the declared tag ("pt-BR") when it
                       // stands, else `code`
  std::string source;  // why, for --explain: "declared", "the text's script", "the text's words",
                       // each detected one naming the declared language it replaced, if any
};

// What the text under `root` is written in, from its letters alone: the script where a script
// says it (Cyrillic with Ukrainian letters: "uk"; kana: "ja"; Hangul: "ko"; Han alone: "zh";
// Arabic letters with Persian ones: "fa"; Greek, Hebrew, Thai), else the share of each
// Latin-script language's commonest words (de, fr, es, pt, it, nl, pl, tr, id, vi, en, the other
// major European ones, and Latin for "Lorem ipsum"). *source says which: "the text's script" or
// "the text's words". Returns "" when the text is too short or no language clearly leads.
// Cost: one pass over the first 32 KB of text.
std::string text_language(const html::Dom& dom, html::NodeId root, std::string* source);

// The page's language: `declared` (a BCP 47 tag from lang, meta or JSON-LD; may be "") unless
// the text clearly says another, in which case, and when nothing is declared, the text's.
PageLanguage page_language(const html::Dom& dom, std::string_view declared);

}  // namespace winnow::extract
