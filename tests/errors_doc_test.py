#!/usr/bin/env python3
"""docs/errors.md promises that each of its lines is backed by a test: every row of its tables
names, in its last column, the test file and the test case that check it. This test holds the
page to that: each named file must exist under tests/, each named case must be a TEST_CASE of that
file (a name may be cut short, ending in '…'), and no row may name none.

The last column is a list of items separated by '; ', each 'FILE: CASE' or 'FILE' or 'CASE'. FILE
is a path from the top of the source tree or a base name found once under tests/; a CASE without
a FILE is looked up in the file the column's header names ('test (tests/x.cc unless said)') or,
when it names none, the one named last in the table. The first table (the exit statuses) is no list
of faults and is left out."""
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
            continue
        prefix = case[:-1] if case.endswith('…') else case
        if not any(c.startswith(prefix) for c in test_cases(path)):
            problems.append('%s:%d: %s has no test case "%s"' % (doc_path, line_no, path, case))

for p in problems:
    print(p)
print('%d rows, %d test files, %d problems' % (rows, len(cases_of), len(problems)))
if rows < 40:
    print('fewer rows than expected: is the table format still what this test reads?')
    sys.exit(1)
sys.exit(1 if problems else 0)
