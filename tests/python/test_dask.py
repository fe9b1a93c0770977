"""examples/dask_clean.py on a local Dask cluster of 2 workers, over WARC files this test writes:
every page comes out exactly once, with the text the command gives for the same WARC file."""
import glob
import json
import os
import subprocess
import sys
import tempfile
import unittest

SOURCE = os.environ["WINNOW_SOURCE"]
EXE = os.environ["WINNOW_EXE"]
sys.path.insert(0, os.path.join(SOURCE, "scripts"))
import make_warc  # noqa: E402

try:
    import dask.bag  # noqa: F401
    import distributed  # noqa: F401
    HAVE_DASK = True
except ImportError:
    HAVE_DASK = False


def pages():
    """The fixtures' pages, and a few made up, as (url, html)."""
    out = []
    for path in sorted(glob.glob(os.path.join(SOURCE, "fixtures", "*", "*.html"))):
        with open(path, "rb") as f:
            out.append(("https://%s/%s" % (os.path.basename(os.path.dirname(path)), os.path.basename(path)), f.read()))
    for i in range(12):
        html = ("<html><head><title>Made up %d</title></head><body><article><h1>Made up %d</h1><p>Paragraph %d of "
                "a page made up by the test, long enough to be an article on its own.</p></article></body></html>"
                % (i, i, i)).encode()
        out.append(("https://made-up.example/%d" % i, html))
    return out


@unittest.skipUnless(HAVE_DASK, "python3-dask / python3-distributed are not installed")
class DaskExampleTest(unittest.TestCase):
    def test_local_cluster_of_two_workers(self):
        d = tempfile.mkdtemp()
        all_pages = pages()
        warcs = []
        for n, layout in enumerate(("record", "stream", "plain", "record")):
            records = [make_warc.record("warcinfo", b"software: test\r\n", content_type="application/warc-fields")]
            for url, html in all_pages[n::4]:
                records += make_warc.page_records(url, html)
            path = os.path.join(d, "crawl-%d.warc%s" % (n, "" if layout == "plain" else ".gz"))
            make_warc.write_warc(path, records, layout)
            warcs.append(path)
        out = os.path.join(d, "out")
        run = subprocess.run([sys.executable, os.path.join(SOURCE, "examples", "dask_clean.py"), "--workers", "2",
                              "--threads", "1", "--out", out, *warcs], capture_output=True, text=True, timeout=300)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("dask_clean: %d pages from 4 WARC files" % len(all_pages), run.stdout)

        got = {}
        for part in sorted(glob.glob(os.path.join(out, "part-*.jsonl"))):
            with open(part, encoding="utf-8") as f:
                for line in f:
                    rec = json.loads(line)
                    self.assertNotIn(rec["url"], got, "page came out twice")
                    got[rec["url"]] = rec
        self.assertEqual(len(glob.glob(os.path.join(out, "part-*.jsonl"))), 4)
        self.assertEqual(set(got), {url for url, _ in all_pages})

        expected = {}
        for path in warcs:
            cli = subprocess.run([EXE, "-q", path], capture_output=True, text=True, check=True)
            for line in cli.stdout.splitlines():
                rec = json.loads(line)
                expected[rec["url"]] = rec
        self.assertEqual(set(expected), set(got))
        for url, rec in got.items():
            self.assertEqual(rec, expected[url], url)  # every key: text, title, metadata, record id


if __name__ == "__main__":
    unittest.main()
