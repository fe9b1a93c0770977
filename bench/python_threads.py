#!/usr/bin/env python3
"""bench/python_threads.py: the Python module's throughput with 1 and 4 threads (winnow.clean
releases the GIL, so threads clean in parallel up to the number of cores).

    PYTHONPATH=build/src/python /usr/bin/python3 bench/python_threads.py

Cleans every page of ../shared/corpus with a thread pool of 1, 2 and 4 threads, best of three
rounds each, and prints pages/s and the ratio to one thread. On a 2-core machine the ceiling is 2.
"""
import concurrent.futures
import glob
import os
import sys
import time

import winnow

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = os.path.join(root, "..", "shared", "corpus")
paths = sorted(p for p in glob.glob(os.path.join(corpus, "**", "*.html"), recursive=True)
               if os.path.basename(p) != "expected.html")
if not paths:
    print("python_threads: no corpus at %s; nothing to measure" % corpus)
    sys.exit(0)
pages = []
for p in paths:
    with open(p, "rb") as f:
        pages.append(f.read())
rules = winnow.Rules()


def clean(html):
    try:
        return len(winnow.clean(html, rules=rules).text)
    except winnow.Error:
        return 0


print("%d pages, %d cores" % (len(pages), os.cpu_count()))
base = None
for threads in (1, 2, 4):
    best = None
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        for _ in range(3):
            start = time.perf_counter()
            list(pool.map(clean, pages, chunksize=4))
            seconds = time.perf_counter() - start
            best = seconds if best is None else min(best, seconds)
    rate = len(pages) / best
    base = base or rate
    print("%d thread%s: %7.1f pages/s  (%.2fx one thread)" % (threads, "" if threads == 1 else "s", rate, rate / base))
