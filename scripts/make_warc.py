#!/usr/bin/env python3
"""Writes a WARC/1.1 file of HTML pages, for tests, benchmarks and trying winnow on a crawl.

    scripts/make_warc.py OUT.warc.gz PAGE.html [PAGE.html...]   # gzip per record (Common Crawl)
    scripts/make_warc.py --layout stream OUT.warc.gz ...         # one gzip stream
    scripts/make_warc.py --layout plain OUT.warc ...             # not compressed

Each page becomes a warcinfo-less crawl's request, response and metadata records; its URL is
https://<name of its folder>/<file name> unless --url-prefix is given. Standard library only.
"""
import argparse
import gzip
import io
import os
import sys
import uuid


def record(warc_type, block, url=None, record_id=None, content_type=None, date="2024-05-06T07:08:09Z"):
    """One WARC record, as bytes."""
    record_id = record_id or "<urn:uuid:%s>" % uuid.uuid4()
    lines = ["WARC/1.1", "WARC-Type: " + warc_type, "WARC-Record-ID: " + record_id, "WARC-Date: " + date]
    if url:
        lines.append("WARC-Target-URI: " + url)
    if content_type:
        lines.append("Content-Type: " + content_type)
    lines.append("Content-Length: %d" % len(block))
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def http_response(body, content_type="text/html; charset=utf-8", status=200):
    head = "HTTP/1.1 %d OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n" % (status, content_type, len(body))
    return head.encode() + body


def page_records(url, html, record_id=None, content_type="text/html; charset=utf-8", status=200):
    """The request, response and metadata records of one fetched page."""
    path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
    host = url.split("/")[2] if url.count("/") >= 2 else "example.com"
    request = ("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (path, host)).encode()
    return [
        record("request", request, url, content_type="application/http; msgtype=request"),
        record("response", http_response(html, content_type, status), url, record_id,
               content_type="application/http; msgtype=response"),
        record("metadata", b"fetchTimeMs: 12\r\n", url, content_type="application/warc-fields"),
    ]


def write_warc(path, records, layout="record"):
    """Writes records (bytes each) to path: layout "record" (gzip per record), "stream" or "plain"."""
    tmp = path + ".tmp"
    with open(tmp, "wb") as out:
        if layout == "record":
            for r in records:
                out.write(gzip.compress(r, compresslevel=6, mtime=0))
        elif layout == "stream":
            with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=6, mtime=0) as z:
                for r in records:
                    z.write(r)
        else:
            for r in records:
                out.write(r)
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--layout", choices=["record", "stream", "plain"], default="record")
    parser.add_argument("--url-prefix", help="URL of each page: PREFIX + file name")
    parser.add_argument("--repeat", type=int, default=1, help="write each page N times (distinct URLs)")
    parser.add_argument("out")
    parser.add_argument("pages", nargs="+")
    args = parser.parse_args()
    records = [record("warcinfo", b"software: winnow make_warc.py\r\n", content_type="application/warc-fields")]
    for n in range(args.repeat):
        for page in args.pages:
            with open(page, "rb") as f:
                html = f.read()
            name = os.path.basename(page)
            folder = os.path.basename(os.path.dirname(os.path.abspath(page))) or "example.com"
            url = (args.url_prefix + name) if args.url_prefix else "https://%s/%s" % (folder, name)
            if args.repeat > 1:
                url += "?copy=%d" % n
            records += page_records(url, html)
    write_warc(args.out, records, args.layout)
    print("%s: %d pages" % (args.out, len(args.pages) * args.repeat), file=sys.stderr)


if __name__ == "__main__":
    main()
