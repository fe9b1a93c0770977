#!/usr/bin/env python3
"""docs/errors.md promises that each of its lines is backed by a test: every row of its tables
names, in its last column, the test file and the test case that check it. This test holds the
page to that: each named file must exist under tests/, each named case must be a TEST_CASE of that
file (a name may be cut short, ending in '…'), and no row may name none.

The last column is a list of items separated by '; ', each 'FILE: CASE' or 'FILE' or 'CASE'. FILE
is a path from the top of the source tree or a base name found once under tests/; a CASE without
a FILE is looked up in the file the column's header names ('test (tests/x.cc unless said)') or,
when it names none, the one named last in the table. The first table (the exit statuses) is no list
of faults and is left out.

The line a row documents must be what its tests check, so that the page cannot drift from them: each
`code span` of the 'line' column (a row whose line is 'none' documents no line; a span that starts
with '--' is an option, not a message) is cut at its placeholders (IN, OUT, URL, FILE, LINE, COL,
DIR, LIST, N, M, X, HOST, <ID>, 'problem', 'LINE TEXT', and '…' for a part that varies), and each
fixed part of six characters or more must appear in the source of one of the row's test cases (from
its TEST_CASE line to the next; the whole file when the row names a file only), read with its C++
escapes decoded and adjacent string literals joined."""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
doc_path = os.path.join(root, 'docs', 'errors.md')
doc = open(doc_path, encoding='utf-8').read().splitlines()

test_files = {}  # base name -> [paths from the root]
for dirpath, _, files in os.walk(os.path.join(root, 'tests')):
    for f in files:
        test_files.setdefault(f, []).append(os.path.relpath(os.path.join(dirpath, f), root))

cases_of = {}


def test_cases(path):
    if path not in cases_of:
        text = open(os.path.join(root, path), encoding='utf-8', errors='replace').read()
        cases_of[path] = re.findall(r'TEST_CASE\("((?:[^"\\]|\\.)*)"', text)
    return cases_of[path]


sources = {}


def source(path):
    """The file's text with escapes decoded (\\" \\\\ \\n \\xHH) and "a" "b" literals joined."""
    if path not in sources:
        raw = open(os.path.join(root, path), 'rb').read()
        raw = re.sub(rb'"\s*\n\s*"', b'', raw)

        def unescape(m):
            e = m.group(1)
            if e[:1] == b'x':
                return bytes([int(e[1:], 16)])
            return {b'"': b'"', b'\\': b'\\', b'n': b'\n', b"'": b"'"}.get(e, b'\\' + e)

        raw = re.sub(rb'\\(x[0-9a-fA-F]{2}|.)', unescape, raw)
        sources[path] = raw.decode('utf-8', errors='replace')
    return sources[path]


def case_source(path, case):
    """The source of the first TEST_CASE of `path` whose name starts with `case`, to the next one."""
    text = source(path)
    starts = [m.start() for m in re.finditer(r'TEST_CASE\(', text)]
    for i, at in enumerate(starts):
        m = re.match(r'TEST_CASE\("((?:[^"\\]|\\.)*)"', text[at:])
        if m and m.group(1).startswith(case):
            return text[at:starts[i + 1] if i + 1 < len(starts) else len(text)]
    return ''


PLACEHOLDERS = re.compile(r'…|<ID>|\bLINE TEXT\b|\bproblem\b|\b(?:IN|OUT|URL|FILE|LINE|COL|DIR|LIST|N|M|X|HOST)\b')


def fixed_parts(line_cell):
    """The fixed parts of the messages a 'line' cell documents (none for a 'none' row)."""
    if line_cell.startswith('none'):
        return []
    parts = []
    for span in re.findall(r'`([^`]+)`', line_cell):
        if span.startswith('--'):
            continue  # an option (`--retries 2`), not a message
        if span.startswith('winnow: '):
            span = span[len('winnow: '):]
        for part in PLACEHOLDERS.split(span):
            part = part.strip().strip(':').strip()
            if len(part) >= 6:
                parts.append(part)
    return parts


problems = []


def resolve(name, line_no):
    if '/' in name:
        if os.path.isfile(os.path.join(root, name)):
            return name
        problems.append('%s:%d: no such file %s' % (doc_path, line_no, name))
        return None
    found = test_files.get(name, [])
    if len(found) != 1:
        problems.append('%s:%d: %s is %s under tests/' % (doc_path, line_no, name,
                                                          'not found' if not found else 'ambiguous'))
        return None
    return found[0]


def cells(line):
    return [c.strip() for c in line.strip().strip('|').split('|')]


table = 0
rows = 0
checked = 0  # fixed parts of documented lines found in their tests
header_file = None
last_file = None
for line_no, line in enumerate(doc, 1):
    if not line.startswith('|'):
        continue
    row = cells(line)
    if all(set(c) <= set('-: ') for c in row):
        continue  # the separator under a header
    prev = doc[line_no - 2] if line_no >= 2 else ''
    if not prev.startswith('|'):  # a header
        table += 1
        m = re.search(r'\((tests/[^ )]+)', row[-1])
        header_file = m.group(1) if m else None
        last_file = header_file
        continue
    if table == 1:
        continue  # the exit statuses
    rows += 1
    if not row[-1]:
        problems.append('%s:%d: a row without a test' % (doc_path, line_no))
        continue
    row_sources = []
    for item in row[-1].split('; '):
        item = item.strip()
        m = re.match(r'^([\w./-]+\.(?:cc|py|h))(?::\s*(.*))?$', item)
        if m:
            path = resolve(m.group(1), line_no)
            case = m.group(2)
            if path is None:
                continue
            last_file = path
        else:
            path, case = header_file or last_file, item
            if path is None:
                problems.append('%s:%d: "%s" names no file, and the table none either' % (doc_path, line_no, item))
                continue
        if not case:
            row_sources.append(source(path))
            continue
        prefix = case[:-1] if case.endswith('…') else case
        if not any(c.startswith(prefix) for c in test_cases(path)):
            problems.append('%s:%d: %s has no test case "%s"' % (doc_path, line_no, path, case))
            continue
        row_sources.append(case_source(path, prefix))
    if len(row) >= 3 and row_sources:
        for part in fixed_parts(row[1]):
            checked += 1
            if not any(part in text for text in row_sources):
                problems.append('%s:%d: the line\'s "%s" is in none of its tests (%s)' % (doc_path, line_no, part, row[-1]))

for p in problems:
    print(p)
print('%d rows, %d test files, %d fixed parts of lines checked, %d problems' % (rows, len(cases_of), checked, len(problems)))
if rows < 40 or checked < 40:
    print('fewer rows or lines than expected: is the table format still what this test reads?')
    sys.exit(1)
sys.exit(1 if problems else 0)
