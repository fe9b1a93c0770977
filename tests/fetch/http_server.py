#!/usr/bin/env python3
"""A local HTTP server for the fetch tests. Python 3 standard library only.

Usage: http_server.py HOST [HOST...]   (each HOST a loopback address such as 127.0.0.2)

Binds one socket per HOST on an ephemeral port (never 0.0.0.0, never a non-loopback address), prints
one JSON line {"ports": {"127.0.0.1": port, ...}} on stdout, and serves until its standard input
closes (so it cannot outlive the test that started it) or it is killed.

Endpoints (all GET):
  /page                  a small HTML page, text/html; charset=utf-8
  /headers               an HTML page whose <pre> lists the request headers
  /redirect/N            302 to /redirect/N-1; /redirect/0 redirects to /page
  /loop                  302 to itself
  /to-file               302 to file:///etc/passwd
  /status/CODE           that status with a small HTML body
  /retry/KEY             first request per KEY: 503 with Retry-After: 1; then the page
  /retry429/KEY          first request per KEY: 429 without Retry-After; then the page
  /slow/MS               sleeps MS milliseconds before answering
  /gzip                  the page gzip-compressed (Content-Encoding: gzip) when the client accepts it
  /charset               text/html; charset=windows-1252 on a page whose <meta> says utf-8
  /big/BYTES             a BYTES-long HTML page with Content-Length
  /big-chunked/BYTES     the same, chunked, no length announced
  /pdf                   application/pdf
  /json                  application/json
  /notype                an HTML page with no Content-Type header
  /truncated             announces 10000 bytes, sends 100, closes the connection
  /batch/ID              a page after a short sleep; counts concurrent requests per Host
  /article/N             page N (1 to 3) of an article, linking to page N+1 (class "next"); a
                         "print" link to /article/print, and a .junk box
  /article/print         the whole article on one page
  /article/loop          an article page whose next link is itself
  /hang                  reads the request and never answers (until the test ends)
  /hang-once/KEY         the first request per KEY hangs as /hang does; later ones get the page
  /headers-stall         status and headers (Content-Length: 10000), 100 bytes of body, then nothing
  /endless               a chunked HTML body that never ends; bytes sent counted in /stats "sent"
  /gzip-bomb/MIB         MIB MiB of HTML gzip-compressed (Content-Encoding: gzip, ~1 KiB per MiB)
  /brotli-bomb           1 GiB of HTML brotli-compressed into 864 bytes (Content-Encoding: br)
  /reset                 announces 10000 bytes, sends 100, then resets the connection (RST)
  /image                 a PNG (image/png)
  /bad-utf8-headers      the page, with bytes that are not UTF-8 in a header and in the charset
  /bad-utf8-type         200 with Content-Type "image/\xff\xfe" (not UTF-8)
  /429-forever           429 with Retry-After: 0, every time
  A query string ("?k=7") is ignored for choosing the endpoint, and counted as part of the path.
  /stats                 JSON (served as text/html): {"max_concurrent": {host: n}, "requests": {path: n}, "times": {path: [t...]}}
"""

import gzip
import http.server
import json
import os
import socket
import socketserver
import struct
import sys
import threading
import time
import zlib

PAGE = (b"<!DOCTYPE html><html><head><meta charset=utf-8><title>Fixture page</title></head>"
        b"<body><article><h1>Fixture page</h1><p>The article text of the fixture page, long enough "
        b"to be an article paragraph.</p></article></body></html>")

lock = threading.Lock()
active = {}          # Host header -> requests in flight
max_active = {}      # Host header -> the most ever in flight at once
requests = {}        # path -> count
times = {}           # path -> [monotonic time of each request]
retry_seen = set()
sent = {}            # path -> body bytes written (/endless)
stopping = threading.Event()  # set when the test closes our standard input
gzip_bombs = {}      # MiB -> compressed bytes

# brotli.compress(b"<html><body><p>" + b"x" * (1 << 30), quality=11, lgwin=24), made once with the
# python3-brotli module (not needed to run the tests): 1 GiB of page in 864 bytes.
BROTLI_BOMB = bytes.fromhex(
    "cfffff7ff8a5797ce0f02421859c960800635217235ef5fe9f1cffffffe1970088c30200ddfb7ffeffffc32f01108745"
    "00baf7fffcffff875f02200e0b0074effff9ffff0fbf04401c1600e8defff3ffff1f7e0980382c00d0bdffe7ffff3ffc"
    "1200715800a07bffcfffff7ff82500e2b00040f7fe9ffffffff04b00c4610180eefd3fffffffe1970088c30200ddfb7f"
    "feffffc32f0110870500baf7fffcffff875f02200e0b0074effff9ffff0fbf04401c1600e8defff3ffff1f7e0980382c"
    "00d0bdffe7ffff3ffc1200715800a07bffcfffff7ff82500e2b00040f7fe9ffffffff04b00c4610180eefd3fffffffe1"
    "970088c30200ddfb7ffeffffc32f0110870500baf7fffcffff875f02200e0b0074effff9ffff0fbf04401c1600e8deff"
    "f3ffff1f7e0980382c00d0bdffe7ffff3ffc1200715800a07bffcfffff7ff82500e2b00040f7fe9ffffffff04b00c461"
    "0180eefd3fffffffe1970088c30200ddfb7ffeffffc32f0110870500baf7fffcffff875f02200e0b0074effff9ffff0f"
    "bf04401c1600e8defff3ffff1f7e0980382c00d0bdffe7ffff3ffc1200715800a07bffcfffff7ff82500e2b00040f7fe"
    "9ffffffff04b00c4610180eefd3fffffffe1970088c30200ddfb7ffeffffc32f0110870500baf7fffcffff875f02200e"
    "0b0074effff9ffff0fbf04401c1600e8defff3ffff1f7e0980382c00d0bdffe7ffff3ffc1200715800a07bffcfffff7f"
    "f82500e2b00040f7fe9ffffffff04b00c4610180eefd3fffffffe1970088c30200ddfb7ffeffffc32f0110870500baf7"
    "fffcffff875f02200e0b0074effff9ffff0fbf04401c1600e8defff3ffff1f7e0980382c00d0bdffe7ffff3ffc120071"
    "5800a07bffcfffff7ff82500e2b00040f7fe9ffffffff04b00c4610180eefd3fffffffe1970088c30200ddfb7ffeffff"
    "c32f0110870500baf7fffcffff875f02200e0b0074effff9ffff0fbf04401c1600e8defff3ffff1f7e0980382c00d0bd"
    "ffe7ffff3ffc1200715800a07bffcfffff7ff82500e2b00040f7fe9ffffffff04b00c4610180eefd3fffffffe1970088"
    "c30200ddfb7ffeffffc32f0110870500baf7fffcffff875f02200e0b0074effff9ffff0fbf04401c1600e8defff3ffff"
    "1f7e0980382c00d0bdffe7ffff3ffc1200715800a07bffcfffff7ff82500e2b00040f7fe3f1c00f04b00140107040002"
)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: the test's output is what matters
        pass

    def send_body(self, status, body, content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location):
        self.send_body(302, b"<p>moved</p>", headers=[("Location", location)])

    def do_GET(self):
        path = self.path
        with lock:
            requests[path] = requests.get(path, 0) + 1
            times.setdefault(path, []).append(time.monotonic())
        parts = path.split("?")[0].strip("/").split("/")
        head = parts[0]
        arg = parts[1] if len(parts) > 1 else ""
        if head == "page":
            self.send_body(200, PAGE)
        elif head == "article":
            if arg == "print":
                text = "The whole article on one printable page, every part of it."
                nav = ""
            elif arg == "loop":
                text = "The page that links to itself."
                nav = '<a class="next" href="/article/loop">Next</a>'
            else:
                n = int(arg)
                text = "Part %d of the article, with enough words to be a paragraph of it." % n
                nav = '<a class="next" href="/article/%d">Next</a>' % (n + 1) if n < 3 else ""
            body = ('<html><head><title>Article</title></head><body><div class="junk">Junk box</div>'
                    '<article><p>%s</p></article><a class="print" href="/article/print">Print</a> %s'
                    '</body></html>') % (text, nav)
            self.send_body(200, body.encode())
        elif head == "headers":
            lines = "".join("%s: %s\n" % (k, v) for k, v in self.headers.items())
            body = "<html><body><pre>%s</pre></body></html>" % lines.replace("<", "&lt;")
            self.send_body(200, body.encode())
        elif head == "redirect":
            n = int(arg)
            self.redirect("/page" if n <= 0 else "/redirect/%d" % (n - 1))
        elif head == "loop":
            self.redirect("/loop")
        elif head == "to-file":
            self.redirect("file:///etc/passwd")
        elif head == "status":
            code = int(arg)
            self.send_body(code, b"<html><body><p>status page</p></body></html>")
        elif head == "retry":
            with lock:
                first = path not in retry_seen
                retry_seen.add(path)
            if first:
                self.send_body(503, b"<p>busy</p>", headers=[("Retry-After", "1")])
            else:
                self.send_body(200, PAGE)
        elif head == "retry429":
            with lock:
                first = path not in retry_seen
                retry_seen.add(path)
            if first:
                self.send_body(429, b"<p>slow down</p>")
            else:
                self.send_body(200, PAGE)
        elif head == "slow":
            time.sleep(int(arg) / 1000.0)
            try:
                self.send_body(200, PAGE)
            except OSError:
                pass  # the client gave up, as it should
        elif head == "gzip":
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                self.send_body(200, gzip.compress(PAGE), headers=[("Content-Encoding", "gzip")])
            else:
                self.send_body(406, b"<p>this test wants gzip</p>")
        elif head == "charset":
            self.send_body(200, PAGE, content_type="text/html; charset=windows-1252")
        elif head in ("big", "big-chunked"):
            size = int(arg)
            body = b"<html><body><p>" + b"x" * max(0, size - 33) + b"</p></body></html>"
            if head == "big":
                try:
                    self.send_body(200, body)
                except OSError:
                    pass
            else:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    for i in range(0, len(body), 65536):
                        chunk = body[i:i + 65536]
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.write(b"0\r\n\r\n")
                except OSError:
                    pass
        elif head == "pdf":
            self.send_body(200, b"%PDF-1.4\n" + b"0" * 1000, content_type="application/pdf")
        elif head == "json":
            self.send_body(200, b'{"a": 1}', content_type="application/json")
        elif head == "notype":
            self.send_body(200, PAGE, content_type=None)
        elif head == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            self.wfile.write(PAGE[:100])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif head == "batch":
            host = self.headers.get("Host", "")
            with lock:
                active[host] = active.get(host, 0) + 1
                max_active[host] = max(max_active.get(host, 0), active[host])
            time.sleep(0.02)
            with lock:
                active[host] -= 1
            self.send_body(200, PAGE.replace(b"Fixture page", b"Batch " + arg.encode()))
        elif head == "hang":
            stopping.wait(120)
            self.close_connection = True
        elif head == "hang-once":
            with lock:
                first = path not in retry_seen
                retry_seen.add(path)
            if first:
                stopping.wait(120)
                self.close_connection = True
            else:
                self.send_body(200, PAGE.replace(b"Fixture page", b"Once " + arg.encode()))
        elif head == "headers-stall":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            self.wfile.write(PAGE[:100])
            self.wfile.flush()
            stopping.wait(120)
            self.close_connection = True
        elif head == "endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"endless " * 8190 + b"</p>"
            try:
                self.wfile.write(b"c\r\n<html><body>\r\n")
                while not stopping.is_set() and sent.get(path, 0) < (1 << 30):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    with lock:
                        sent[path] = sent.get(path, 0) + len(chunk)
            except OSError:
                pass  # the client hung up: what the test wants
            self.close_connection = True
        elif head == "gzip-bomb":
            mib = int(arg)
            with lock:
                if mib not in gzip_bombs:
                    z = zlib.compressobj(9, zlib.DEFLATED, 31)
                    block = b"x" * (1 << 20)
                    out = [z.compress(b"<html><body><p>")]
                    out += [z.compress(block) for _ in range(mib)]
                    gzip_bombs[mib] = b"".join(out) + z.flush()
                body = gzip_bombs[mib]
            try:
                self.send_body(200, body, headers=[("Content-Encoding", "gzip")])
            except OSError:
                pass
        elif head == "brotli-bomb":
            if "br" in self.headers.get("Accept-Encoding", ""):
                try:
                    self.send_body(200, BROTLI_BOMB, headers=[("Content-Encoding", "br")])
                except OSError:
                    pass
            else:
                self.send_body(406, b"<p>this test wants br</p>")
        elif head == "reset":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            self.wfile.write(PAGE[:100])
            self.wfile.flush()
            time.sleep(0.05)
            # SO_LINGER 0: close() sends a RST instead of a FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif head == "image":
            self.send_body(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 500, content_type="image/png")
        elif head == "bad-utf8-headers":
            self.send_body(200, PAGE, content_type="text/html; charset=\xff\xfe",
                           headers=[("X-Junk", "\xc0\xaf\xff caf\xe9")])
        elif head == "bad-utf8-type":
            self.send_body(200, PAGE, content_type="image/\xff\xfe")
        elif head == "429-forever":
            self.send_body(429, b"<p>slow down</p>", headers=[("Retry-After", "0")])
        elif head == "stats":
            with lock:
                body = json.dumps({"max_concurrent": max_active, "requests": requests, "times": times,
                                   "sent": sent})
            self.send_body(200, body.encode())  # text/html, so that the fetcher keeps it
        else:
            self.send_body(404, b"<p>no such test page</p>")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def server_bind(self):
        # HTTPServer.server_bind asks DNS for the address's name (socket.getfqdn): a query that
        # would leave the machine. The name is never used here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address):
        pass  # clients that hang up early (timeouts, size limits) are what the tests are about


def main():
    hosts = sys.argv[1:] or ["127.0.0.1"]
    ports = {}
    for host in hosts:
        if not host.startswith("127."):
            sys.exit("http_server.py: refusing to bind %s: loopback addresses only" % host)
        server = Server((host, 0), Handler)
        ports[host] = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdout.write(json.dumps({"ports": ports}) + "\n")
    sys.stdout.flush()
    # Stop when the test closes our standard input (or exits, or crashes).
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        stopping.set()
        os._exit(0)


if __name__ == "__main__":
    main()
