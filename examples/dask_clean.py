#!/usr/bin/env python3
"""Clean the pages of WARC files on a Dask cluster with winnow: one task per WARC file, each
reading its file with winnow.read_warc and cleaning every page with winnow.clean, one JSON Lines
partition per file. See docs/scale.md.

    examples/dask_clean.py --out OUT_DIR crawl-*.warc.gz                      # a local cluster
    examples/dask_clean.py --workers 2 --threads 1 --out OUT_DIR ...          # its size
    examples/dask_clean.py --scheduler tcp://HOST:8786 --out OUT_DIR ...      # a running cluster

Writes OUT_DIR/part-00000.jsonl... (one per WARC file, in the order given), each line
{"url", "warc_record_id", "date", "status", "title", the metadata..., "text"} as the command
`winnow crawl.warc.gz` writes it, and prints one summary line: pages, seconds, pages/s.
The WARC paths (and OUT_DIR) must be readable (writable) by every worker, as on a shared
file system. Needs Debian's python3-dask and python3-distributed, and the winnow module.
"""
import argparse
import json
import os
import sys
import time

import dask.bag as db
from distributed import Client, LocalCluster

import winnow

METADATA = ("byline", "published", "modified", "site_name", "language", "canonical_url", "description", "image",
            "charset", "page_type")


def record_line(page, doc):
    """The JSON line winnow's command writes for a page of a WARC file."""
    line = {"url": page.url or None, "warc_record_id": page.record_id or None, "date": page.date or None,
            "status": page.status or None, "title": doc.title or None}
    for key in METADATA:
        line[key] = doc.metadata[key] or None
    line["text"] = doc.text
    return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


def clean_warc(path, rules):
    """Runs on a worker: every page of one WARC file, cleaned, as JSON lines. Broken records and pages
    that fail are left out and counted (the command reports them one by one)."""
    lines, failed = [], 0
    reader = winnow.read_warc(path)
    for page in reader:
        try:
            lines.append(record_line(page, winnow.clean(page, rules=rules)))
        except winnow.Error:
            failed += 1
    return lines, {"path": path, "pages": len(lines), "failed": failed, "corrupt": reader.counts["corrupt"],
                   "problems": reader.problems[:10]}


def write_partition(result, out_dir, index):
    """Runs on a worker: writes one partition's lines atomically, returns its counts."""
    lines, stats = result
    path = os.path.join(out_dir, "part-%05d.jsonl" % index)
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")
    os.replace(path + ".tmp", path)
    stats["output"] = path
    return stats


def run(client, paths, out_dir, rules):
    os.makedirs(out_dir, exist_ok=True)
    paths = [os.path.abspath(p) for p in paths]
    # One partition per WARC file: a file is read from start to end by one worker (it streams, so a
    # 1 GB Common Crawl file needs no more memory than a small one).
    bag = db.from_sequence(list(enumerate(paths)), npartitions=len(paths))
    stats = bag.map(lambda item: write_partition(clean_warc(item[1], rules), out_dir, item[0]))
    start = time.perf_counter()
    results = stats.compute()
    seconds = time.perf_counter() - start
    return results, seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description="Clean WARC files with winnow on a Dask cluster.")
    parser.add_argument("warcs", nargs="+", help="WARC files (.warc, .warc.gz)")
    parser.add_argument("--out", required=True, help="directory for the JSON Lines partitions")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://host:8786)")
    parser.add_argument("--workers", type=int, default=2, help="local cluster: worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=1, help="local cluster: threads per worker (default 1)")
    parser.add_argument("--rules", action="append", default=[], help="rule directory (repeatable)")
    args = parser.parse_args(argv)
    for p in args.warcs:
        if not os.path.isfile(p):
            print("dask_clean: %s: no such file" % p, file=sys.stderr)
            return 2
    rules = winnow.Rules(args.rules)  # checked here; workers get it pickled as its directories
    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=args.threads, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        results, seconds = run(client, args.warcs, args.out, rules)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    pages = sum(r["pages"] for r in results)
    failed = sum(r["failed"] for r in results)
    corrupt = sum(r["corrupt"] for r in results)
    for r in results:
        for problem in r["problems"]:
            print("dask_clean: %s" % problem, file=sys.stderr)
    print("dask_clean: %d pages from %d WARC files in %.2f s: %.1f pages/s (%d failed, %d broken records)"
          % (pages, len(results), seconds, pages / seconds if seconds > 0 else 0.0, failed, corrupt))
    return 0 if failed == 0 and corrupt == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
