"""The Python module: clean(), Rules, read_warc(), errors, pickling, and the GIL released while
cleaning. Run by meson (tests/python/meson.build) with the interpreter the module was built for."""
import json
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import unittest

import winnow

SOURCE = os.environ["WINNOW_SOURCE"]
EXE = os.environ["WINNOW_EXE"]
sys.path.insert(0, os.path.join(SOURCE, "scripts"))
import make_warc  # noqa: E402

FIXTURE = os.path.join(SOURCE, "fixtures", "thehill.com", "kremlin-halt-fighting.html")
FIXTURE_URL = "https://thehill.com/policy/international/kremlin-halt-fighting"
PAGE = (b"<html><head><title>Cycle lanes</title><meta name=author content='Ann Writer'></head><body>"
        b"<nav><a href=/>Home</a></nav><article><h1>Cycle lanes</h1><p>The council approved new cycle "
        b"lanes on Tuesday, after a long debate about parking and safety in the town centre.</p>"
        b"<p class=junk>junk text that a site rule removes</p><p>Work starts in the spring and should "
        b"take about four months, the council said in a statement.</p></article></body></html>")


def cli(*args, stdin=None):
    return subprocess.run([EXE, *args], input=stdin, capture_output=True, check=False)


class CleanTest(unittest.TestCase):
    def test_bytes_give_what_the_cli_gives(self):
        with open(FIXTURE, "rb") as f:
            html = f.read()
        doc = winnow.clean(html, url=FIXTURE_URL)
        expected = cli("--url", FIXTURE_URL, FIXTURE).stdout.decode()
        self.assertEqual(doc.output, expected)
        self.assertIn(doc.text.strip(), doc.output)
        self.assertTrue(doc.title)
        self.assertEqual(doc.metadata["title"], doc.title)
        self.assertEqual(doc.metadata["url"], FIXTURE_URL)
        self.assertEqual(set(doc.metadata), {"title", "byline", "published", "modified", "site_name", "language",
                                             "url", "canonical_url", "description", "image", "charset", "page_type"})

    def test_str_is_cleaned_as_utf8_whatever_its_meta_says(self):
        html = "<html><head><meta charset=windows-1251></head><body><article><p>Привет, это длинный " \
               "абзац статьи о городском совете и новых велосипедных дорожках в центре.</p></article></body></html>"
        doc = winnow.clean(html)
        self.assertIn("Привет", doc.text)
        self.assertEqual(doc.metadata["charset"], "utf-8")

    def test_formats(self):
        self.assertIn("# Cycle lanes", winnow.clean(PAGE, format="markdown").output)
        self.assertIn("<p>", winnow.clean(PAGE, format="html").output)
        as_json = json.loads(winnow.clean(PAGE, format="json").output)
        self.assertEqual(as_json["title"], "Cycle lanes")
        self.assertEqual(as_json["byline"], "Ann Writer")
        with self.assertRaisesRegex(ValueError, "unknown format 'pdf'"):
            winnow.clean(PAGE, format="pdf")
        with self.assertRaises(TypeError):
            winnow.clean(12)

    def test_removed_lists_what_went_with_explain(self):
        doc = winnow.clean(PAGE, explain=True)
        self.assertNotIn("Home", doc.text)
        self.assertTrue(doc.removed)
        self.assertEqual(set(doc.removed[0]), {"rule", "pattern", "excerpt"})
        self.assertEqual(winnow.clean(PAGE).removed, [])

    def test_errors_carry_winnows_message(self):
        with self.assertRaises(winnow.Error) as e:
            winnow.clean(b"   ", url="https://example.com/empty")
        self.assertEqual(e.exception.code, "empty")
        self.assertTrue(str(e.exception).startswith("https://example.com/empty: "))
        with self.assertRaises(winnow.Error) as e:
            winnow.clean(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
        self.assertEqual(e.exception.code, "binary")


class RulesTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        with open(os.path.join(self.dir, "example.org.rules"), "w") as f:
            f.write("site: example.org\nremove: .junk\n")

    def test_a_site_file_applies_to_its_host(self):
        rules = winnow.Rules([self.dir])
        self.assertEqual(rules.dirs, [self.dir])
        self.assertIn("junk text", winnow.clean(PAGE, url="https://example.org/a").text)
        self.assertNotIn("junk text", winnow.clean(PAGE, url="https://example.org/a", rules=rules).text)
        self.assertIn("junk text", winnow.clean(PAGE, url="https://other.org/a", rules=rules).text)
        self.assertEqual(winnow.Rules(self.dir).dirs, [self.dir])  # one directory as a str

    def test_a_broken_rule_file_is_an_error_with_its_position(self):
        with open(os.path.join(self.dir, "mine.rules"), "w") as f:
            f.write("remove: .a\ntitl: h1\n")
        with self.assertRaises(winnow.Error) as e:
            winnow.Rules([self.dir])
        self.assertEqual(e.exception.code, "rules")
        self.assertIn("mine.rules:2:1: unknown directive 'titl'", str(e.exception))
        with self.assertRaises(winnow.Error) as e:
            winnow.Rules(["/nonexistent/rules"])
        self.assertEqual(e.exception.code, "not_found")

    def test_pickles_as_its_directories(self):
        rules = winnow.Rules([self.dir])
        again = pickle.loads(pickle.dumps(rules))
        self.assertEqual(again.dirs, [self.dir])
        self.assertNotIn("junk text", winnow.clean(PAGE, url="https://example.org/a", rules=again).text)
        doc = winnow.clean(PAGE, explain=True)
        copy = pickle.loads(pickle.dumps(doc))
        self.assertEqual((copy.text, copy.output, copy.metadata, copy.removed, copy.notes),
                         (doc.text, doc.output, doc.metadata, doc.removed, doc.notes))


class GilTest(unittest.TestCase):
    def test_another_thread_runs_while_a_clean_runs(self):
        # The site file is a named pipe: the clean, on a worker thread, blocks inside winnow reading
        # it until this thread writes it. This thread can only open the pipe once the clean has
        # opened it, and then write it only if the clean let go of the GIL; if it did not, neither
        # can move and the test times out. No clock is involved: load cannot make it flaky.
        d = tempfile.mkdtemp()
        fifo = os.path.join(d, "example.org.rules")
        os.mkfifo(fifo)
        rules = winnow.Rules([d])  # lists the site file, does not read it yet
        result = {}

        def work():
            result["doc"] = winnow.clean(PAGE, url="https://example.org/a", rules=rules)

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        with open(fifo, "w") as f:  # returns once the clean has opened the pipe
            f.write("site: example.org\nremove: .junk\n")
        worker.join(60)
        self.assertFalse(worker.is_alive())
        self.assertNotIn("junk text", result["doc"].text)
        self.assertIn("four months", result["doc"].text)


class WarcTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.urls = ["https://news.example.com/story-%d" % i for i in range(6)]
        records = [make_warc.record("warcinfo", b"software: test\r\n", content_type="application/warc-fields")]
        for i, url in enumerate(self.urls):
            records += make_warc.page_records(url, PAGE.replace(b"Cycle lanes", b"Story %d" % i), "<urn:uuid:%d>" % i)
        self.records = records

    def path(self, layout):
        p = os.path.join(self.dir, "crawl-%s.warc%s" % (layout, "" if layout == "plain" else ".gz"))
        make_warc.write_warc(p, self.records, layout)
        return p

    def test_pages_of_every_layout(self):
        for layout in ("record", "stream", "plain"):
            reader = winnow.read_warc(self.path(layout))
            pages = list(reader)
            self.assertEqual([p.url for p in pages], self.urls)
            self.assertEqual(pages[2].record_id, "<urn:uuid:2>")
            self.assertEqual(pages[2].status, 200)
            self.assertEqual(pages[2].charset, "utf-8")
            self.assertEqual(pages[2].date, "2024-05-06T07:08:09Z")
            self.assertIn(b"Story 2", pages[2].html)
            self.assertEqual(reader.problems, [])
            self.assertEqual(reader.counts, {"records": 19, "pages": 6, "corrupt": 0,
                                             "skipped": {"metadata": 6, "request": 6, "warcinfo": 1}})
            doc = winnow.clean(pages[2])  # brings its URL and charset
            self.assertEqual(doc.metadata["url"], self.urls[2])
            self.assertEqual(doc.title, "Story 2")

    def test_same_text_as_the_cli(self):
        path = self.path("record")
        lines = [json.loads(l) for l in cli("-q", path).stdout.decode().splitlines()]
        for page, line in zip(winnow.read_warc(path), lines):
            self.assertEqual(page.url, line["url"])
            self.assertEqual(winnow.clean(page).text, line["text"])

    def test_broken_records_are_listed_and_skipped(self):
        self.records[5] = self.records[5][:-200]  # the third page's response, cut short
        reader = winnow.read_warc(self.path("record"))
        urls = [p.url for p in reader]
        self.assertEqual(urls, self.urls[:1] + self.urls[2:])
        self.assertEqual(len(reader.problems), 1)
        self.assertIn("record <urn:uuid:1>", reader.problems[0])
        self.assertEqual(reader.counts["corrupt"], 1)

    def test_not_warc_and_missing(self):
        p = os.path.join(self.dir, "page.warc")
        with open(p, "wb") as f:
            f.write(PAGE)
        with self.assertRaises(winnow.Error) as e:
            winnow.read_warc(p)
        self.assertEqual(e.exception.code, "corrupt")
        self.assertIn("not a WARC file", str(e.exception))
        with self.assertRaises(winnow.Error) as e:
            winnow.read_warc(os.path.join(self.dir, "none.warc.gz"))
        self.assertEqual(e.exception.code, "not_found")

    def test_records_pickle(self):
        page = next(iter(winnow.read_warc(self.path("record"))))
        copy = pickle.loads(pickle.dumps(page))
        self.assertEqual((copy.url, copy.record_id, copy.html, copy.offset), (page.url, page.record_id, page.html, page.offset))


if __name__ == "__main__":
    unittest.main()
