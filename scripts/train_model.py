#!/usr/bin/env python3
"""Trains winnow's block model and page-type model from the WCXB development corpus.

    build/bench/blocks DUMP_DIR                       # what the detector sees, page by page
    python3 scripts/train_model.py DUMP_DIR [--corpus ../shared/corpus/wcxb] [--out src/extract/models]

A developer's tool, not part of the build: it needs scikit-learn and numpy (Debian python3-sklearn,
python3-numpy). It trains on the corpus's "study" part only (bench/wcxb.h: the hosts whose hash is
not 0 mod 3) and prints the scores of both parts, so a change that helps the study part and not
the "score" part shows up as tuning.

A block's label says whether the page's main_content holds its words (lower-case \\w+ tokens, as
the benchmark's metric reads them) in the same order as the page: see labels(). Blocks are
weighted by their word count, as the metric weighs them.
The models are written in the format src/extract/trees.h reads.
"""
import argparse
import collections
import json
import math
import os
import re
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

WORD = re.compile(r'\w+')
TYPES = ['article', 'collection', 'documentation', 'forum', 'listing', 'product', 'service']


def tokens(s):
    return WORD.findall(s.lower())


def word_f1(pred, ref):
    p, r = tokens(pred), tokens(ref)
    if not r:
        return (1.0, 1.0, 1.0) if not p else (0.0, 0.0, 0.0)
    if not p:
        return (0.0, 0.0, 0.0)
    overlap = sum((collections.Counter(p) & collections.Counter(r)).values())
    P, R = overlap / len(p), overlap / len(r)
    return P, R, (2 * P * R / (P + R) if P + R else 0.0)


def labels(texts, ref):
    """Which blocks are the page's content: the blocks whose words the main_content holds, in the
    same order. Each block may match where its words occur in the reference (all of them, in a
    row; or, for a longer block, most of its word pairs), and the heaviest chain of matches in
    document order that is also in reference order wins (a weighted longest increasing
    subsequence). Without the order, a menu's "Boots" would count as content wherever a product
    named Boots is."""
    rt = tokens(ref)
    first = collections.defaultdict(list)
    for i, t in enumerate(rt):
        first[t].append(i)
    pair_at = collections.defaultdict(list)
    for i, pr in enumerate(zip(rt, rt[1:])):
        pair_at[pr].append(i)
    candidates = []  # (block, start, end, weight)
    for b, text in enumerate(texts):
        t = tokens(text)
        if not t:
            continue
        found = 0
        for p in first.get(t[0], ()):
            if rt[p:p + len(t)] == t:
                candidates.append((b, p, p + len(t), float(len(t))))
                found += 1
                if found >= 30:
                    break
        if found == 0 and len(t) >= 4:
            pairs = list(zip(t, t[1:]))
            hits = [pair_at[pr][0] for pr in pairs if pr in pair_at]
            if len(hits) >= 0.5 * len(pairs):
                hits.sort()
                mid = hits[len(hits) // 2]
                candidates.append((b, mid, mid + 1, len(t) * len(hits) / len(pairs)))
    # Best chain: blocks in order, starts increasing, ends not overlapping the next start.
    size = len(rt) + 2
    tree = [(0.0, -1)] * (size + 1)  # Fenwick tree of (best weight, candidate) by end position

    def query(pos):  # best chain ending at or before pos
        best = (0.0, -1)
        pos += 1
        while pos > 0:
            if tree[pos][0] > best[0]:
                best = tree[pos]
            pos -= pos & -pos
        return best

    def update(pos, value):
        pos += 1
        while pos <= size:
            if value[0] > tree[pos][0]:
                tree[pos] = value
            pos += pos & -pos

    back = [-1] * len(candidates)
    total = [0.0] * len(candidates)
    i = 0
    while i < len(candidates):
        j = i
        while j < len(candidates) and candidates[j][0] == candidates[i][0]:
            j += 1
        for k in range(i, j):  # every candidate of one block sees only earlier blocks
            b, start, end, w = candidates[k]
            prev = query(start)
            total[k] = prev[0] + w
            back[k] = prev[1]
        for k in range(i, j):
            update(candidates[k][2], (total[k], k))
        i = j
    out = np.zeros(len(texts), dtype=np.float32)
    if candidates:
        k = max(range(len(candidates)), key=lambda x: total[x])
        while k >= 0:
            out[candidates[k][0]] = 1.0
            k = back[k]
    return out


def load(dump, corpus):
    names = open(os.path.join(dump, 'names.txt')).read().split('\n')[:-1]
    signal_names = open(os.path.join(dump, 'signal_names.txt')).read().split('\n')[:-1]
    X = np.fromfile(os.path.join(dump, 'features.f32'), dtype=np.float32).reshape(-1, len(names))
    S = np.fromfile(os.path.join(dump, 'signals.f32'), dtype=np.float32).reshape(-1, len(signal_names))
    texts = collections.defaultdict(list)
    with open(os.path.join(dump, 'blocks.tsv'), encoding='utf-8', errors='replace') as f:
        for line in f:
            page, _, text = line.rstrip('\n').split('\t', 2)
            texts[page].append(text)
    pages = []
    row = 0
    with open(os.path.join(dump, 'pages.tsv')) as f:
        for i, line in enumerate(f):
            pid, ptype, part, count, url = line.rstrip('\n').split('\t', 4)
            count = int(count)
            if pid.startswith('readability/'):
                with open(os.path.join(dump, pid + '.txt'), encoding='utf-8') as t:
                    ref = t.read()
            else:
                truth = json.load(open(os.path.join(corpus, 'ground-truth', pid + '.json')))
                ref = truth['ground_truth'].get('main_content') or ''
            t = texts.get(pid, [])
            assert len(t) == count, pid
            pages.append({'id': pid, 'type': ptype, 'part': part, 'url': url, 'rows': (row, row + count), 'texts': t,
                          'ref': ref, 'signals': S[i],
                          'labels': labels(t, ref)})
            row += count
    assert row == X.shape[0]
    return names, signal_names, X, pages


def tree_lines(predictor, used):
    """One HistGradientBoosting tree as 'split'/'leaf' lines, features renumbered by `used`."""
    nodes = predictor.nodes
    lines = []
    for n in nodes:
        if n['is_leaf']:
            lines.append('leaf %.9g' % n['value'])
        else:
            lines.append('split %d %.9g %d %d' % (used[int(n['feature_idx'])], n['num_threshold'],
                                                  n['left'], n['right']))
    return ['tree %d' % len(lines)] + lines


def write_model(path, clf, names, comment, classes=None, offset=0.0):
    # Only the features some tree tests are listed, so the file stays readable.
    used_set = sorted({int(n['feature_idx']) for it in clf._predictors for p in it for n in p.nodes
                       if not n['is_leaf']})
    used = {f: i for i, f in enumerate(used_set)}
    base = np.atleast_1d(np.asarray(clf._baseline_prediction, dtype=np.float64)).ravel()
    outputs = len(base)
    lines = ['# ' + c for c in comment]
    lines.append('outputs %d' % outputs)
    if outputs > 1:
        lines.append('classes ' + ' '.join(classes))
    lines.append('features %d' % len(used_set))
    lines += [names[f] for f in used_set]
    lines.append('base ' + ' '.join('%.9g' % (b + offset) for b in base))
    trees = [p for it in clf._predictors for p in it]
    lines.append('trees %d' % len(trees))
    for p in trees:
        lines += tree_lines(p, used)
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def evaluate(pages, prob, threshold):
    by_type = collections.defaultdict(list)
    for p in pages:
        a, b = p['rows']
        pred = '\n'.join(t for t, q in zip(p['texts'], prob[a:b]) if q >= threshold)
        by_type[p['type']].append(word_f1(pred, p['ref']))
    every = [x for v in by_type.values() for x in v]
    mean = lambda v, k: sum(x[k] for x in v) / max(len(v), 1)
    return mean(every, 2), mean(every, 0), mean(every, 1), {t: mean(v, 2) for t, v in by_type.items()}


def host_of(url):
    h = url.split('://', 1)[-1].split('/', 1)[0].split(':', 1)[0].lower()
    return h[4:] if h.startswith('www.') else h


def fold_of(page, folds):
    """A fixed fold per host (FNV-1a, as bench/wcxb.h splits), so no site is in two folds."""
    h = 0xcbf29ce484222325
    for b in host_of(page['url'] or page['id']).encode():
        h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    return (h // 3) % folds


def block_model(args):
    return HistGradientBoostingClassifier(max_iter=args.trees, max_depth=args.depth, max_leaf_nodes=args.leaves,
                                          learning_rate=args.rate, early_stopping=False, random_state=0,
                                          l2_regularization=1.0, min_samples_leaf=40)


def fit_blocks(args, X, pages):
    """Trains the block model on `pages`: labels >= 0.5, each block weighted by the square root of
    its words (weighing each page alike instead made no difference)."""
    rows = np.concatenate([np.arange(*p['rows']) for p in pages])
    y = np.concatenate([p['labels'] for p in pages]) >= 0.5
    words = np.array([len(tokens(t)) for p in pages for t in p['texts']], dtype=np.float64)
    clf = block_model(args)
    clf.fit(X[rows], y, sample_weight=np.sqrt(words + 1))
    return clf


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dump')
    ap.add_argument('--corpus', default=os.path.join(os.environ.get('WINNOW_SHARED', '../shared'), 'corpus', 'wcxb'))
    ap.add_argument('--out', default=os.path.join(os.path.dirname(__file__), '..', 'src', 'extract', 'models'))
    ap.add_argument('--trees', type=int, default=150)
    ap.add_argument('--depth', type=int, default=6)
    ap.add_argument('--leaves', type=int, default=31)
    ap.add_argument('--rate', type=float, default=0.1)
    ap.add_argument('--threshold', type=float, default=0.4)
    ap.add_argument('--no-write', action='store_true')
    ap.add_argument('--cv', type=int, default=0, help='also score K-fold out-of-host predictions on the study part')
    ap.add_argument('--drop', default='', help='comma-separated prefixes of features the block model may not use')
    args = ap.parse_args()

    names, signal_names, X, pages = load(args.dump, args.corpus)
    if args.drop:
        # A dropped feature is zeroed: the trees then never split on it.
        for i, n in enumerate(names):
            if any(n.startswith(p) for p in args.drop.split(',')):
                X[:, i] = 0
    # WCXB's study part, and the study part of the Readability corpus (its notion of an article).
    study = [p for p in pages if p['part'] == 'study']
    score = [p for p in pages if p['part'] == 'score' and not p['id'].startswith('readability/')]
    readability_score = [p for p in pages if p['part'] == 'score' and p['id'].startswith('readability/')]
    tr = np.concatenate([np.arange(*p['rows']) for p in study])
    if args.cv:
        # Out-of-host estimates: each study page scored by a model that never saw its site.
        oof = np.zeros(X.shape[0], dtype=np.float32)
        for k in range(args.cv):
            train = [p for p in study if fold_of(p, args.cv) != k]
            held = [p for p in study if fold_of(p, args.cv) == k]
            c = fit_blocks(args, X, train)
            r = np.concatenate([np.arange(*p['rows']) for p in held])
            oof[r] = c.predict_proba(X[r])[:, 1]
        f, P, R, t = evaluate([p for p in study if not p['id'].startswith('readability/')], oof, args.threshold)
        print('cv%d   F1 %.3f (P %.3f R %.3f)  ' % (args.cv, f, P, R) +
              ' '.join('%s %.3f' % (k[:5], t[k]) for k in sorted(t)), flush=True)
    clf = fit_blocks(args, X, study)
    prob = np.zeros(X.shape[0], dtype=np.float32)
    prob[:] = clf.predict_proba(X)[:, 1]
    wcxb_study = [p for p in study if not p['id'].startswith('readability/')]
    readability_study = [p for p in study if p['id'].startswith('readability/')]
    for name, part in (('study', wcxb_study), ('score', score), ('r-stdy', readability_study),
                       ('r-scor', readability_score)):
        f, P, R, t = evaluate(part, prob, args.threshold)
        print('%-6s F1 %.3f (P %.3f R %.3f)  ' % (name, f, P, R) +
              ' '.join('%s %.3f' % (k[:5], t[k]) for k in sorted(t)), flush=True)

    # The page-type model: one page per row, trained on the study part.
    typed = [p for p in pages if not p['id'].startswith('readability/')]
    S = np.stack([p['signals'] for p in typed])
    labels = np.array([TYPES.index(p['type']) if p['type'] in TYPES else 0 for p in typed])
    st = np.array([p['part'] == 'study' for p in typed])
    ptm = HistGradientBoostingClassifier(max_iter=60, max_depth=4, learning_rate=0.1, early_stopping=False,
                                         random_state=0, l2_regularization=1.0, min_samples_leaf=5)
    ptm.fit(S[st], labels[st])
    pred = ptm.predict(S)
    # As src/extract/page_type.cc: a page that declares one of these schema.org types is believed.
    declared = [('ld_discussionforumposting', 'forum'), ('ld_qapage', 'forum'), ('ld_collectionpage', 'collection'),
                ('ld_searchresultspage', 'collection'), ('ld_techarticle', 'documentation'),
                ('ld_apireference', 'documentation')]
    for i in range(len(pred)):
        for sig, kind in declared:
            if S[i, signal_names.index(sig)] > 0:
                pred[i] = TYPES.index(kind)
                break
    for name, mask in (('study', st), ('score', ~st)):
        print('page type %-6s accuracy %.3f' % (name, float(np.mean(pred[mask] == labels[mask]))))

    if args.no_write:
        return
    comment = ['Made by scripts/train_model.py from the WCXB development corpus (CC-BY-4.0, Murrough Foley,',
               'the Web Content eXtraction Benchmark): %d study pages, %d blocks; do not edit.' % (len(study), len(tr))]
    offset = -math.log(args.threshold / (1 - args.threshold))
    write_model(os.path.join(args.out, 'blocks.model'), clf, names,
                comment + ['The score that a block is main content: kept when positive (a probability of %g).'
                           % args.threshold], offset=offset)
    write_model(os.path.join(args.out, 'page_type.model'), ptm, signal_names,
                comment + ['One score per page type; the highest names the page.'], classes=TYPES)


if __name__ == '__main__':
    main()
