#!/usr/bin/env python3
"""Writes a seed corpus for the fuzz targets into OUTDIR/{clean,charset,rules,selector,warc,siteconfig,http}:
the hand-written pages of tests/fuzz/seeds, generated pathological pages (deep nesting, floods,
huge attributes), the fixtures, and slices of the shared corpus pages when ../shared exists
(slices keep each fuzz run fast; the whole pages are worth one run of their own)."""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
out = sys.argv[1]
for sub in ('clean', 'charset', 'rules', 'selector', 'pages', 'warc', 'siteconfig', 'http'):
    os.makedirs(os.path.join(out, sub), exist_ok=True)


def put(sub, name, data):
    if isinstance(data, str):
        data = data.encode('utf-8', 'surrogateescape')
    with open(os.path.join(out, sub, name), 'wb') as f:
        f.write(data)


for name in sorted(os.listdir(os.path.join(here, 'seeds'))):
    data = open(os.path.join(here, 'seeds', name), 'rb').read()
    put('clean', name, data)
    put('charset', name, data)

generated = {
    'deep_div': '<div>' * 9000 + 'deep' + '</div>' * 9000,
    'deep_over_limit': '<div>' * 10500 + 'x',
    'deep_mixed': '<b><i><table><tr><td>' * 400 + 'x',
    'many_p': '<body>' + '<p>para one two three' * 5000,
    'deep_svg': '<svg>' + '<g>' * 5000 + '<![CDATA[x]]>' + '</svg>' * 3 + '<p>after',
    'formatting_flood': '<p>' + '<b>' * 3000 + 'x' + '</p>' * 100 + '<p>y' * 1000,
    'nested_lists': '<ul><li>' * 3000 + 'x',
    'big_table': '<table>' + ('<tr>' + '<td>c' * 200) * 100 + '</table>',
    'nested_tables': '<table><tr><td>' * 2000 + 'x',
    'pre_code': '<pre>' + '<code>' * 500 + '  x\n\n  y' + '</pre>' * 2,
    'heading_flood': ''.join('<h%d>h<a href="/%d">l</a>' % (i % 6 + 1, i) for i in range(3000)),
    'huge_attr': '<div ' + 'a' * 3000 + '="' + 'x' * 20000 + '" class="' +
                 ' '.join('c%d' % i for i in range(500)) + '"><p>x</div>',
    'many_attrs': '<p ' + ' '.join('a%d=%d' % (i, i) for i in range(5000)) + '>x',
    'em_flood': '<p>' + '<em>a</em><strong>b</strong>_*`' * 3000,
    'long_word': '<p>' + 'x' * 200000,
    'blank_lines': '<pre>' + '\n' * 100000 + 'x</pre>',
    'unclosed_comment': '<p>a<!--' + 'x' * 50000,
    'unclosed_script': '<p>a<script>' + '<!--<script>' * 5000,
    'many_tables_in_select': '<select>' + '<table><tr><td>' * 1000,
    'template_nest': '<template>' * 3000 + 'x',
}
for name, data in generated.items():
    put('clean', name + '.html', data)

pages = []
for base in (os.path.join(root, 'fixtures'), os.path.join(root, '..', 'shared', 'corpus')):
    for dirpath, _, files in os.walk(base):
        for f in sorted(files):
            if f.endswith('.html') and f != 'expected.html':
                pages.append(os.path.join(dirpath, f))
for i, path in enumerate(pages):
    data = open(path, 'rb').read()
    put('pages', '%03d.html' % i, data)
    # Three 6 KiB slices: the head, the middle and the end of the page.
    for k, at in enumerate((0, len(data) // 2, max(0, len(data) - 6144))):
        put('clean', 'slice%03d_%d.html' % (i, k), data[at:at + 6144])
    put('charset', 'slice%03d.html' % i, data[:4096])

for dirpath, _, files in os.walk(os.path.join(root, 'rules')):
    for f in files:
        if f.endswith('.rules'):
            put('rules', f, open(os.path.join(dirpath, f), 'rb').read())
for dirpath, _, files in os.walk(os.path.join(root, 'tests', 'rules')):
    for f in files:
        if f.endswith('.rules'):
            put('rules', 'test_' + f, open(os.path.join(dirpath, f), 'rb').read())

selectors = [
    'div', '*', '#main', '.a.b', 'p:empty', 'ul > li:nth-child(2n+1)', 'li:nth-last-of-type(-n+2)',
    'a[href^="/"][rel~=nofollow i]', 'div:has(> p em)', 'p:not(:first-child, .x)',
    ':is(h1, h2):where(section *)', 'custom-el:has-text(/share/i):upward(2)',
    'p:has-text(one two):and-after', 'div :upward(section)', 'td + td ~ td', '[data-x|=1]',
    'svg circle', ':root > body', 'li:only-of-type, li:last-child', 'a[href$=y s]',
]
for i, s in enumerate(selectors):
    put('selector', '%02d.txt' % i, s)
    put('rules', 'sel%02d.rules' % i, 'remove: ' + s + '\n')
print(len(pages), 'pages;', 'corpus in', out)


# WARC: small crawls made by scripts/make_warc.py, plain (warc_fuzz gzips an input starting
# with '!' record by record itself), with pages, other records and damage.
sys.path.insert(0, os.path.join(root, 'scripts'))
import make_warc  # noqa: E402

page = b'<html><head><title>T</title></head><body><article><p>Some words of the article.</p></article></body></html>'
crawl = [make_warc.record('warcinfo', b'software: x\r\n', content_type='application/warc-fields')]
for i in range(3):
    crawl += make_warc.page_records('https://example.com/%d' % i, page, '<urn:uuid:%d>' % i)
crawl.append(make_warc.record('response', make_warc.http_response(b'%PDF', 'application/pdf'),
                              'https://example.com/a.pdf', content_type='application/http; msgtype=response'))
chunked = (b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n'
           b'10\r\n<html><body><p>x\r\n0\r\n\r\n')
crawl.append(make_warc.record('response', chunked, 'https://example.com/c', content_type='application/http'))
plain = b''.join(crawl)
put('warc', 'crawl.warc', plain)
put('warc', 'crawl_gz_records.warc', b'!' + plain)
put('warc', 'truncated.warc', plain[:len(plain) * 2 // 3])
put('warc', 'bad_length.warc', plain.replace(b'Content-Length: 1', b'Content-Length: 9', 1))
put('warc', 'one_record.warc', crawl[2])


# Site configs: a hand-written one using every directive, and (when ../shared exists) a spread of
# the FiveFilters files.
put('siteconfig', 'all.txt', """# every directive
title: //h1
body: //article | //div[@id='a']
author: //a[@rel='author']
date: substring-after(//time/@datetime, 'T')
strip: //aside
strip_id_or_class: share
strip_image_src: pixel
strip_attr: //img/@src
wrap_in(blockquote): //p[1]
replace_string(Share): x
find_string: <b>
replace_string: <i>
single_page_link: //a[contains(@href, 'print')]
next_page_link: //a[@class='next']
http_header(user-agent): Mozilla/5.0
tidy: no
prune: yes
autodetect_on_failure: no
test_url: https://example.com/a
""")
ftr = os.path.join(root, '..', 'shared', 'ftr-site-config')
if os.path.isdir(ftr):
    for f in sorted(os.listdir(ftr))[::40]:
        if f.endswith('.txt'):
            put('siteconfig', f, open(os.path.join(ftr, f), 'rb').read())

# HTTP responses (http_fuzz: an input starting with '!' has its body gzipped by the target).
page = b'<html><body><p>hello</p></body></html>'
http = {
    'plain': b'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset="ISO-8859-1"\r\nDate: Tue, 15 Nov 1994 08:12:31 GMT\r\n\r\n' + page,
    'lf_only': b'HTTP/1.0 404 Not Found\nContent-Type: TEXT/HTML ; Charset = utf-8\n\n' + page,
    'chunked': b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n',
    'retry': b'HTTP/1.1 429 Too Many Requests\r\nRetry-After: 120\r\nRetry-After: Wed, 21 Oct 2015 07:28:00 GMT\r\n\r\n',
    'gzip': b'!HTTP/1.1 200 OK\nContent-Encoding: gzip\n\n' + page,
    'gzip_chunked': b'!HTTP/2 200\nContent-Encoding: x-gzip\nTransfer-Encoding: chunked\n\n' + page,
    'deflate': b'!HTTP/1.1 200 OK\nContent-Encoding: deflate\n\n' + page,
}
for name, data in http.items():
    put('http', name, data)
