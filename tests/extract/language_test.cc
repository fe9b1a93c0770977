// extract/language: the page's language from what it declares and what its text is written in.
#include <doctest/doctest.h>

#include <span>
#include <string>

#include "extract/language.h"
#include "html/parse.h"

using namespace winnow;

namespace {

// A page of `paragraphs` (each a <p>) with `lang` on <html> when it is not null.
std::string page(const char* lang, std::initializer_list<const char*> paragraphs) {
  std::string html = lang == nullptr ? "<html>" : std::string("<html lang=\"") + lang + "\">";
  html += "<body>";
  for (const char* p : paragraphs) html += std::string("<p>") + p + "</p>";
  return html + "</body></html>";
}

extract::PageLanguage language_of(const std::string& html, const char* declared) {
  const html::Dom dom = html::parse(html);
  return extract::page_language(dom, declared);
}

// About sixty words of running text per language, enough for its common words to lead.
const char* const kGerman =
    "Der Stadtrat hat am Dienstag die neuen Radwege beschlossen, die im kommenden Jahr gebaut werden. Die "
    "Anwohner sind mit dem Plan nicht ganz zufrieden, weil auch einige Parkplätze wegfallen. Nach der Sitzung "
    "sagte die Bürgermeisterin, dass sich die Stadt auf die Wünsche der Bewohner einstellen wird und dass es "
    "noch eine Versammlung für alle geben soll.";
const char* const kFrench =
    "Le conseil municipal a voté mardi soir le nouveau plan de circulation, qui sera mis en place dans les "
    "prochains mois. Les habitants du quartier ne sont pas tous satisfaits, car une partie des places de "
    "stationnement va disparaître. Le maire a promis une réunion publique avec les commerçants pour que "
    "chacun puisse donner son avis sur ce projet.";
const char* const kSpanish =
    "El ayuntamiento aprobó el martes el nuevo plan de tráfico, que se pondrá en marcha en los próximos "
    "meses. Los vecinos del barrio no están del todo contentos, porque una parte de las plazas de "
    "aparcamiento va a desaparecer. La alcaldesa prometió una reunión con los comerciantes para que todos "
    "puedan dar su opinión sobre el proyecto, pero también pidió paciencia.";
const char* const kPortuguese =
    "A câmara municipal aprovou na terça-feira o novo plano de trânsito, que será implantado nos próximos "
    "meses. Os moradores do bairro não estão muito satisfeitos, porque uma parte das vagas de estacionamento "
    "vai desaparecer. O prefeito prometeu uma reunião com os comerciantes para que todos possam dar a sua "
    "opinião sobre o projeto, e também pediu paciência aos motoristas.";
const char* const kItalian =
    "Il consiglio comunale ha approvato martedì il nuovo piano del traffico, che sarà introdotto nei "
    "prossimi mesi. Gli abitanti del quartiere non sono del tutto soddisfatti, perché una parte dei "
    "parcheggi sparirà. Il sindaco ha promesso un incontro con i commercianti per ascoltare le loro "
    "opinioni sul progetto, e ha anche chiesto pazienza agli automobilisti della zona.";
const char* const kDutch =
    "De gemeenteraad heeft dinsdag het nieuwe verkeersplan goedgekeurd, dat de komende maanden wordt "
    "ingevoerd. De bewoners van de wijk zijn er niet helemaal blij mee, omdat een deel van de "
    "parkeerplaatsen verdwijnt. De burgemeester beloofde een bijeenkomst met de winkeliers om hun mening "
    "over het plan te horen, en hij vroeg ook om geduld van de automobilisten.";
const char* const kPolish =
    "Rada miasta przyjęła we wtorek nowy plan ruchu, który zostanie wprowadzony w najbliższych miesiącach. "
    "Mieszkańcy dzielnicy nie są z niego do końca zadowoleni, ponieważ część miejsc parkingowych zniknie. "
    "Prezydent miasta obiecał spotkanie z kupcami, żeby poznać ich zdanie o projekcie, ale poprosił też "
    "kierowców o cierpliwość. Jak mówi, to jest plan na wiele lat i nie da się go zmienić od razu.";
const char* const kTurkish =
    "Belediye meclisi salı günü yeni trafik planını kabul etti ve plan önümüzdeki aylarda uygulanacak. "
    "Mahalle sakinleri bu karardan çok memnun değil, çünkü otoparkların bir kısmı kaldırılacak. Belediye "
    "başkanı esnaf ile bir toplantı yapılacağını ve herkesin görüşünün alınacağını söyledi, ancak bu "
    "sürecin daha uzun sürebileceğini de ekledi. Plan için her mahalle ile ayrı bir görüşme olacak.";
const char* const kIndonesian =
    "Dewan kota pada hari Selasa menyetujui rencana lalu lintas yang baru, yang akan diterapkan dalam "
    "beberapa bulan ke depan. Warga di kawasan itu tidak sepenuhnya puas dengan keputusan tersebut, karena "
    "sebagian tempat parkir akan dihapus. Wali kota berjanji akan mengadakan pertemuan dengan para pedagang "
    "untuk mendengar pendapat mereka, dan juga meminta kesabaran dari para pengemudi yang ada di kota ini.";
const char* const kVietnamese =
    "Hội đồng thành phố đã thông qua kế hoạch giao thông mới vào thứ Ba, và kế hoạch này sẽ được áp dụng "
    "trong những tháng tới. Người dân trong khu phố không hoàn toàn hài lòng với quyết định này, vì một số "
    "chỗ đậu xe sẽ bị xóa bỏ. Chủ tịch thành phố hứa sẽ có một cuộc họp với các tiểu thương để lắng nghe ý "
    "kiến của họ, và cũng kêu gọi người lái xe kiên nhẫn khi đến trung tâm.";
const char* const kEnglish =
    "The city council approved the new traffic plan on Tuesday, and it will be introduced over the coming "
    "months. Residents of the neighbourhood are not entirely happy with the decision, as some of the parking "
    "spaces will be removed. The mayor has promised a meeting with the shop owners to hear their views on the "
    "plan, which she said was the work of many years.";
const char* const kRussian =
    "Городской совет во вторник утвердил новый план движения, который будет введён в ближайшие месяцы. "
    "Жители района не совсем довольны этим решением, потому что часть парковочных мест исчезнет. Мэр "
    "пообещал встречу с предпринимателями, чтобы выслушать их мнение о проекте, и попросил водителей "
    "проявить терпение.";
const char* const kUkrainian =
    "Міська рада у вівторок ухвалила новий план руху, який буде запроваджено в найближчі місяці. Мешканці "
    "району не зовсім задоволені цим рішенням, бо частина паркувальних місць зникне. Міський голова "
    "пообіцяв зустріч із підприємцями, щоб вислухати їхню думку про проєкт, і попросив водіїв про "
    "терпіння.";
const char* const kArabic =
    "وافق المجلس البلدي يوم الثلاثاء على خطة المرور الجديدة التي سيتم تطبيقها خلال الأشهر المقبلة. ولم يكن "
    "سكان الحي راضين تماما عن القرار لأن جزءا من مواقف السيارات سيختفي. ووعد رئيس البلدية بعقد اجتماع مع "
    "التجار للاستماع إلى آرائهم في المشروع.";
const char* const kPersian =
    "شورای شهر روز سه شنبه طرح جدید ترافیک را تصویب کرد که در ماه های آینده اجرا خواهد شد. ساکنان محله از "
    "این تصمیم چندان راضی نیستند، چون بخشی از جای پارک خودروها حذف می شود. شهردار قول داد که جلسه ای با "
    "کاسبان برگزار کند تا نظر آنها را درباره این طرح بشنود.";
const char* const kJapanese =
    "市議会は火曜日、新しい交通計画を承認した。計画は今後数か月のうちに実施される予定だ。地区の住民は、"
    "駐車場の一部がなくなることから、この決定に必ずしも満足していない。市長は商店主との会合を開き、計画に"
    "ついての意見を聞くと約束した。";
const char* const kChinese =
    "市议会周二批准了新的交通规划，该规划将在未来几个月内实施。由于部分停车位将被取消，该地区的居民对这一"
    "决定并不完全满意。市长承诺将与商户举行会议，听取他们对该计划的意见，并请司机们保持耐心。";
const char* const kKorean =
    "시의회는 화요일 새로운 교통 계획을 승인했으며, 이 계획은 앞으로 몇 달 안에 시행될 예정이다. 주차 공간 "
    "일부가 없어지기 때문에 지역 주민들은 이번 결정에 완전히 만족하지는 않는다. 시장은 상인들과 만나 계획에 "
    "대한 의견을 듣겠다고 약속했다.";
const char* const kGreek =
    "Το δημοτικό συμβούλιο ενέκρινε την Τρίτη το νέο κυκλοφοριακό σχέδιο, το οποίο θα εφαρμοστεί τους "
    "επόμενους μήνες. Οι κάτοικοι της γειτονιάς δεν είναι απόλυτα ικανοποιημένοι, επειδή θα χαθούν "
    "ορισμένες θέσεις στάθμευσης.";

}  // namespace

namespace {

// A text and the language it is in.
struct Told {
  const char* code;
  const char* text;
};

// Each text, on a page that declares nothing, is told as its language, by `source`.
void check_told(std::span<const Told> cases, const char* source) {
  for (const Told& c : cases) {
    const std::string code = c.code;
    CAPTURE(code);
    const extract::PageLanguage l = language_of(page(nullptr, {c.text}), "");
    CHECK(l.code == code);
    CHECK(l.tag == code);
    CHECK(l.source == source);
  }
}

}  // namespace

TEST_CASE("language: each Latin-script language is told by its common words when nothing is declared") {
  const Told cases[] = {{"de", kGerman}, {"fr", kFrench},  {"es", kSpanish},    {"pt", kPortuguese},
                        {"it", kItalian}, {"nl", kDutch},  {"pl", kPolish},     {"tr", kTurkish},
                        {"id", kIndonesian}, {"vi", kVietnamese}, {"en", kEnglish}};
  check_told(cases, "the text's words");
}

TEST_CASE("language: the scripts that name their language, and the letters that tell one script's languages apart") {
  const Told cases[] = {{"ru", kRussian}, {"uk", kUkrainian}, {"ar", kArabic}, {"fa", kPersian},
                        {"ja", kJapanese}, {"zh", kChinese},  {"ko", kKorean}, {"el", kGreek}};
  check_told(cases, "the text's script");
}

TEST_CASE("language: the declared language stands where the text agrees or does not say") {
  extract::PageLanguage l = language_of(page("de-DE", {kGerman}), "de-DE");
  CHECK(l.code == "de");
  CHECK(l.tag == "de-DE");
  CHECK(l.source == "declared");
  // Too little text to tell: the declaration stands, and without one the language is unknown.
  l = language_of(page("fr", {"Accueil", "12:30", "Contact"}), "fr");
  CHECK(l.code == "fr");
  l = language_of(page(nullptr, {"Accueil", "12:30", "Contact"}), "");
  CHECK(l.code.empty());
  CHECK(l.tag.empty());
  // An English menu and footer around a German article: German leads, the declaration stands.
  l = language_of(page("de", {"Home", "About us", "Contact", kGerman, "Privacy policy", "Terms of use"}), "de");
  CHECK(l.code == "de");
  CHECK(l.source == "declared");
  // Japanese beside more English: the Latin letters lead, but not by enough to overrule the declaration.
  l = language_of(page("ja", {kJapanese, kEnglish}), "ja");
  CHECK(l.code == "ja");
  // Serbian is written in both scripts; Swahili is not a language the words know: both stand.
  CHECK(language_of(page("sr", {kPolish}), "sr").code == "sr");
  CHECK(language_of(page("sw", {kEnglish}), "sw").code == "sw");
  // ISO 639's withdrawn codes are today's.
  CHECK(language_of(page("iw", {"shalom"}), "iw").code == "he");
  CHECK(language_of(page("in", {"halo"}), "in").code == "id");
}

TEST_CASE("language: a text clearly in another language than the declared one wins") {
  // Another script: a Russian page that says lang="en".
  extract::PageLanguage l = language_of(page("en", {kRussian}), "en");
  CHECK(l.code == "ru");
  CHECK(l.tag == "ru");
  CHECK(l.source == "the text's script; the page declares en");
  // The same script: a theme's lang="en-US" over an Indonesian article.
  l = language_of(page("en-US", {kIndonesian, kIndonesian}), "en-US");
  CHECK(l.code == "id");
  CHECK(l.source == "the text's words; the page declares en");
  // One script, told by its letters: Ukrainian under "ru", Persian under "ar".
  CHECK(language_of(page("ru", {kUkrainian}), "ru").code == "uk");
  CHECK(language_of(page("ar", {kPersian}), "ar").code == "fa");
  // Kana under "zh".
  CHECK(language_of(page("zh", {kJapanese}), "zh").code == "ja");
}

TEST_CASE("language: what is not a language tag counts as none") {
  for (const char* declared : {"{{lang}}", "English", "x", "12", ""}) {
    CAPTURE(declared);
    const extract::PageLanguage l = language_of(page(nullptr, {kFrench}), declared);
    CHECK(l.code == "fr");
    CHECK(l.source == "the text's words");
  }
}

TEST_CASE("language: only the start of a long page is read, and markup inside a word keeps it whole") {
  // 40 KB of French, then German: the sample ends in the French.
  std::string html = "<html><body>";
  for (int i = 0; i < 120; ++i) html += std::string("<p>") + kFrench + "</p>";
  for (int i = 0; i < 400; ++i) html += std::string("<p>") + kGerman + "</p>";
  html += "</body></html>";
  CHECK(language_of(html, "").code == "fr");
  // "th<b>e</b>" is one word, "the"; between blocks a word ends.
  std::string words = "<html><body>";
  for (int i = 0; i < 30; ++i) words += "<p>th<b>e</b> cat and th<i>e</i> dog</p>";
  CHECK(language_of(words + "</body></html>", "").code == "en");
  // text_language on any subtree.
  const html::Dom dom = html::parse(page(nullptr, {kEnglish}));
  std::string source;
  CHECK(extract::text_language(dom, dom.document(), &source) == "en");
  CHECK(source == "the text's words");
}
