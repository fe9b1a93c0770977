// The per-language label files (rules/labels-XX.rules) on fixtures/labels/XX.html: a short article
// in that language with a junk block of each label family, and sentences that hold the same words.
// The rules alone (rules::apply with no host, the text of <body>): every junk text is gone, every
// sentence stays.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "common/file.h"
#include "extract/language.h"
#include "html/parse.h"
#include "rules/apply.h"
#include "write/text.h"

using namespace winnow;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  const char* lang;
  std::vector<std::string> must_go;
  std::vector<std::string> must_stay;
};

const std::vector<Fixture>& fixtures() {
  static const std::vector<Fixture> f = {
      {"de",
       {"Lesen Sie auch:", "Neue Brücke eröffnet", "Artikel teilen\n", "12 Kommentare", "wird nicht veröffentlicht", "Aufrufe: 1.234", "nichts verpassen", "Alle Rechte vorbehalten", "Anzeige\n", "Max Muster", "Pressekontakt"},
       {"Wer den Artikel teilen möchte, findet die Ratsvorlage im Bürgerbüro, sagte die Sprecherin am Dienstag.", "Die Kommentare der Anwohner waren gemischt, viele Aufrufe zur Geduld blieben ungehört.", "Lesen Sie auch die alte Satzung nicht mehr, denn sie wurde im Frühjahr vollständig ersetzt."}},
      {"fr",
       {"Lire aussi", "Un nouveau pont ouvert", "Partager cet article", "5 commentaires", "ne sera pas publiée", "réservé aux abonnés", "Inscrivez-vous", "Tous droits réservés", "Publicité", "Jean Dupont"},
       {"Le maire a voulu partager cet article de loi avec les habitants lors de la réunion publique de mardi soir.", "Les commentaires des riverains, souvent vifs, ont été lus à voix haute par la secrétaire de séance.", "Il faut lire aussi le rapport annexe, qui détaille le coût de chaque tronçon et le calendrier des travaux."}},
      {"es",
       {"Lee también", "Abre un nuevo puente", "Compartir en Facebook", "8 comentarios", "no será publicada", "Suscríbete para seguir", "El Diario", "Publicidad", "Ana Ruiz"},
       {"La alcaldesa quiso compartir en Facebook el plan completo para que los vecinos pudieran opinar antes del pleno.", "Los comentarios de los comerciantes fueron críticos, aunque muchos reconocieron la necesidad del cambio.", "Todos los derechos reservados a los peatones se mantendrán en las aceras, prometió el concejal."}},
      {"pt",
       {"Leia também", "Nova ponte é inaugurada", "Compartilhar\n", "3 comentários", "não será publicado", "Assine para continuar", "Todos os direitos reservados", "Publicidade", "João Silva"},
       {"O prefeito pediu aos moradores que leia também o relatório técnico, disponível na biblioteca municipal.", "Os comentários dos comerciantes foram duros, mas a votação terminou com ampla maioria a favor.", "A publicidade nas paradas de ônibus vai pagar parte das obras, segundo a secretaria de finanças."}},
      {"it",
       {"Leggi anche:", "Aperto il nuovo ponte", "Condividi su Facebook", "7 commenti", "non sarà pubblicato", "Iscriviti", "Riproduzione riservata", "Pubblicità", "Luca Rossi"},
       {"Il sindaco ha detto di condividi su Facebook le foto dei cantieri, un invito che molti cittadini hanno accolto.", "I commenti dei residenti sono stati raccolti in un documento consegnato alla giunta martedì.", "Leggi anche il piano del traffico, ha suggerito l'assessore, perché spiega le nuove regole per le auto."}},
      {"nl",
       {"Lees ook:", "Nieuwe brug geopend", "Deel dit artikel", "4 reacties", "niet gepubliceerd", "nieuwsbrief", "Alle rechten voorbehouden", "Advertentie", "Jan de Vries"},
       {"De wethouder vroeg bewoners om hun reacties voor vrijdag in te sturen, zodat de plannen nog kunnen veranderen.", "Lees ook de bijlage bij het raadsvoorstel, zei de burgemeester, want daarin staan alle kosten.", "Een advertentie in de lokale krant moet iedereen op de hoogte brengen van de werkzaamheden."}},
      {"pl",
       {"Czytaj także", "Otwarto nowy most", "Udostępnij\n", "15 komentarzy", "nie zostanie opublikowany", "Zapisz się", "Wszelkie prawa zastrzeżone", "Reklama\n", "Źródło: PAP"},
       {"Prezydent miasta poprosił, by czytaj także oznaczało czytaj uważnie, bo projekt uchwały jest długi.", "Komentarze mieszkańców były różne, ale większość poparła budowę ścieżek w centrum.", "Reklama na przystankach ma pokryć część kosztów, powiedział skarbnik podczas sesji."}},
      {"ru",
       {"Читайте также", "Открыт новый мост", "Поделиться", "12 комментариев", "Просмотров", "Подпишитесь", "Все права защищены", "Реклама\n", "Иван Петров"},
       {"Мэр предложил жителям поделиться мнением о проекте до конца месяца на открытых слушаниях.", "Комментарии горожан были разными, но большинство поддержало строительство дорожек.", "Реклама на остановках покроет часть расходов, сообщил глава финансового управления."}},
      {"uk",
       {"Читайте також:", "Відкрито новий міст", "Поділитися", "7 коментарів", "Переглядів", "Підпишіться", "Усі права захищені", "Реклама\n", "Олена Коваль"},
       {"Міський голова закликав мешканців поділитися думками щодо проєкту до кінця місяця.", "Коментарі мешканців були різними, але більшість підтримала будівництво доріжок.", "Читайте також додаток до рішення, порадив депутат, бо там розписані всі витрати."}},
      {"tr",
       {"ilginizi çekebilir", "Yeni köprü açıldı", "Paylaş\n", "9 yorum", "yayınlanmayacak", "Okunma", "Tüm hakları saklıdır", "Reklam\n", "Ahmet Yılmaz"},
       {"Belediye başkanı, vatandaşların görüşlerini paylaş butonu yerine toplantılarda dile getirmesini istedi.", "Esnafın yorumları sert oldu, ancak oylama büyük bir çoğunlukla kabul edildi.", "Durak reklamları, projenin maliyetinin bir kısmını karşılayacak, dedi mali işler müdürü."}},
      {"ar",
       {"اقرأ أيضا", "افتتاح جسر جديد", "شارك المقال", "أضف تعليقاً", "المشاهدات", "جميع الحقوق محفوظة", "إعلان\n", "وكالة الأنباء"},
       {"وقال رئيس البلدية إن على السكان أن يقرأ أيضا التقرير الفني المتاح في المكتبة العامة قبل الاجتماع.", "وجاءت التعليقات من التجار حادة، لكن التصويت انتهى بأغلبية كبيرة لصالح المشروع.", "وستغطي الإعلانات في محطات الحافلات جزءا من التكاليف بحسب مدير المالية."}},
      {"fa",
       {"بیشتر بخوانید:", "افتتاح پل جدید", "اشتراک گذاری", "ارسال نظر", "بازدید: ", "حقوق این سایت", "تبلیغات\n", "عکس: "},
       {"شهردار از شهروندان خواست نظر خود را درباره این طرح تا پایان ماه به شورا اعلام کنند.", "تبلیغات در ایستگاه اتوبوس بخشی از هزینه را پوشش خواهد داد، به گفته مدیر مالی.", "او گفت بیشتر بخوانید و کمتر قضاوت کنید، چون جزئیات طرح در گزارش آمده است."}},
      {"ja",
       {"関連記事\n", "新しい橋が開通", "この記事をシェアする", "コメント（12）", "公開されることはありません", "続きを読むには", "無断転載", "広告\n", "共同通信"},
       {"市長は、関連記事を読むよりも説明会に参加してほしいと市民に呼びかけた。", "商店主からのコメントは厳しかったが、採決は賛成多数で可決された。", "バス停の広告収入が工事費の一部をまかなうと財務部長は説明した。"}},
      {"zh",
       {"相关阅读\n", "新大桥通车", "分享到微信", "发表评论\n", "阅读：1234", "版权所有", "广告\n", "图片来源"},
       {"市长表示，希望市民发表评论之前先阅读规划全文，并参加下周的听证会。", "公交站的广告收入将用于支付部分工程费用，财政局长说。", "他说，相关阅读材料已经放在图书馆，市民可以免费借阅。"}},
      {"ko",
       {"관련기사", "새 다리 개통", "공유하기", "댓글 12", "조회수", "무단전재", "광고\n", "사진: 연합뉴스"},
       {"시장은 시민들이 댓글을 달기 전에 계획 전문을 읽어 달라고 당부했다.", "버스 정류장 광고 수입이 공사비 일부를 충당할 것이라고 재무국장이 말했다.", "관련 기사와 자료는 시청 누리집에서 볼 수 있다고 대변인은 덧붙였다."}},
      {"id",
       {"Baca juga", "Jembatan baru dibuka", "Bagikan artikel ini", "6 komentar", "Dibaca: 3.210", "Hak cipta dilindungi", "Iklan\n", "Budi Santoso"},
       {"Wali kota meminta warga membaca juga laporan teknis sebelum rapat dengar pendapat pekan depan.", "Komentar para pedagang cukup keras, tetapi pemungutan suara berakhir dengan dukungan besar.", "Iklan di halte bus akan menutup sebagian biaya, kata kepala dinas keuangan."}},
      {"vi",
       {"Xem thêm", "Khánh thành cầu mới", "Chia sẻ bài viết", "8 bình luận", "Lượt xem", "Đăng ký nhận bản tin", "Quảng cáo\n", "Nguyễn Văn A"},
       {"Chủ tịch thành phố mời người dân chia sẻ ý kiến về dự án trước cuộc họp tuần sau.", "Các bình luận của tiểu thương khá gay gắt, nhưng nghị quyết vẫn được thông qua.", "Quảng cáo tại các trạm xe buýt sẽ bù đắp một phần chi phí, giám đốc tài chính cho biết."}},
  };
  return f;
}

// fixtures/labels/XX.html; fails the test if it cannot be read.
std::string read_fixture(const char* source, const char* lang) {
  std::string page;
  const Error e = read_file((fs::path(source) / "fixtures" / "labels" / (std::string(lang) + ".html")).string(),
                            1 << 20, &page);
  REQUIRE_MESSAGE(e.ok(), e.message);
  return page;
}

// How many of `removals` came from rules/labels-XX.rules.
int removals_by(const std::vector<Removal>& removals, const std::string& file) {
  int n = 0;
  for (const Removal& r : removals) n += r.rule.rfind(file + ":", 0) == 0;
  return n;
}

}  // namespace

TEST_CASE("label files: each language's junk labels go, its sentences with the same words stay") {
  const char* source = std::getenv("WINNOW_SOURCE");
  if (source == nullptr) {
    MESSAGE("WINNOW_SOURCE is not set: skipping");
    return;
  }
  Rules rules;
  REQUIRE(load_rules({}, &rules).ok());
  for (const Fixture& f : fixtures()) {
    CAPTURE(f.lang);
    html::Dom dom = html::parse(read_fixture(source, f.lang));
    std::vector<Removal> removals;
    rules::apply(rules, "", f.lang, &dom, &removals);
    const std::string text = write::render_text(dom, dom.find_first(GUMBO_TAG_BODY)) + "\n";
    for (const std::string& s : f.must_stay) CHECK_MESSAGE(text.find(s) != std::string::npos, ("missing: " + s));
    for (const std::string& s : f.must_go) CHECK_MESSAGE(text.find(s) == std::string::npos, ("left in: " + s));
  }
}

TEST_CASE("label files: a language's file removes nothing on a page in another language") {
  const char* source = std::getenv("WINNOW_SOURCE");
  if (source == nullptr) {
    MESSAGE("WINNOW_SOURCE is not set: skipping");
    return;
  }
  Rules rules;
  REQUIRE(load_rules({}, &rules).ok());
  for (const Fixture& f : fixtures()) {
    CAPTURE(f.lang);
    const std::string page = read_fixture(source, f.lang);
    REQUIRE(!page.empty());
    const std::string file = std::string("labels-") + f.lang + ".rules";
    for (const char* language : {f.lang, "en", ""}) {
      CAPTURE(language);
      html::Dom dom = html::parse(page);
      std::vector<Removal> removals;
      rules::apply(rules, "", language, &dom, &removals);
      // Its own language and an unknown one get the file; English does not.
      if (std::string(language) == "en") CHECK(removals_by(removals, file) == 0);
      else CHECK(removals_by(removals, file) > 0);
    }
  }
}

TEST_CASE("label files: each fixture's language is told right, or not at all, without its lang") {
  const char* source = std::getenv("WINNOW_SOURCE");
  if (source == nullptr) {
    MESSAGE("WINNOW_SOURCE is not set: skipping");
    return;
  }
  for (const Fixture& f : fixtures()) {
    CAPTURE(f.lang);
    std::string page = read_fixture(source, f.lang);
    const std::string declared = std::string("<html lang=\"") + f.lang + "\">";
    const std::size_t at = page.find(declared);
    REQUIRE(at != std::string::npos);
    page.replace(at, declared.size(), "<html>");
    const html::Dom dom = html::parse(page);
    const extract::PageLanguage language = extract::page_language(dom, "");
    CHECK((language.code == f.lang || language.code.empty()));
    // The scripts that name their language leave no doubt, however short the page; the Latin
    // script's languages may need more words than a fixture has.
    const std::string latin_script = " de fr es pt it nl pl tr id vi ";
    if (latin_script.find(" " + std::string(f.lang) + " ") == std::string::npos) CHECK(language.code == f.lang);
  }
}
