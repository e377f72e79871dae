"""Reference values for test/metrics/stratified-split.test.ts.

    /usr/bin/python3 scripts/reference/stratified_split.py    # numpy 1.24.2 (Debian)

Generator primitives come straight from numpy.random.default_rng; the stratified split is HF datasets'
src/datasets/utils/stratify.py (copied below verbatim apart from np.int64) after `class_encode_column`
(class ids = sorted string forms of the labels), as mteb's stratified_subsampling runs it through
Dataset.train_test_split(test_size=n, seed=42, stratify_by_column="label").
"""
import json

import numpy as np


def approximate_mode(class_counts, n_draws, rng):
    continuous = n_draws * class_counts / class_counts.sum()
    floored = np.floor(continuous)
    need_to_add = int(n_draws - floored.sum())
    if need_to_add > 0:
        remainder = continuous - floored
        values = np.sort(np.unique(remainder))[::-1]
        for value in values:
            (inds,) = np.where(remainder == value)
            add_now = min(len(inds), need_to_add)
            inds = rng.choice(inds, size=add_now, replace=False)
            floored[inds] += 1
            need_to_add -= add_now
            if need_to_add == 0:
                break
    return floored.astype(np.int64)


def stratified_shuffle_split_generate_indices(y, n_train, n_test, rng, n_splits=10):
    classes, y_indices = np.unique(y, return_inverse=True)
    n_classes = classes.shape[0]
    class_counts = np.bincount(y_indices)
    class_indices = np.split(np.argsort(y_indices, kind="mergesort"), np.cumsum(class_counts)[:-1])
    for _ in range(n_splits):
        n_i = approximate_mode(class_counts, n_train, rng)
        class_counts_remaining = class_counts - n_i
        t_i = approximate_mode(class_counts_remaining, n_test, rng)
        train = []
        test = []
        for i in range(n_classes):
            permutation = rng.permutation(class_counts[i])
            perm_indices_class_i = class_indices[i].take(permutation, mode="clip")
            train.extend(perm_indices_class_i[: n_i[i]])
            test.extend(perm_indices_class_i[n_i[i] : n_i[i] + t_i[i]])
        train = rng.permutation(train)
        test = rng.permutation(test)
        yield train, test


def stratified_test(labels, n_test, seed=42):
    names = sorted(str(v) for v in set(labels))  # class_encode_column
    y = np.array([names.index(str(v)) for v in labels])
    rng = np.random.default_rng(seed)
    _, test = next(stratified_shuffle_split_generate_indices(y, len(labels) - n_test, n_test, rng))
    return test.tolist()


def stratified_both(labels, n_train, n_test, seed=42):
    names = sorted(str(v) for v in set(labels))
    y = np.array([names.index(str(v)) for v in labels])
    rng = np.random.default_rng(seed)
    train, test = next(stratified_shuffle_split_generate_indices(y, n_train, n_test, rng))
    return train.tolist(), test.tolist()


def labels_case(n, k):
    # skewed integer labels 0..k-1 (k > 10 makes string order differ from numeric order)
    return [(i * i * 7 + i * 3) % (k + i % 3) % k for i in range(n)]


out = {}
g = np.random.default_rng(42)
out["permutation10"] = g.permutation(10).tolist()
out["choice37_5"] = g.choice(np.arange(37), size=5, replace=False).tolist()
out["choice20000_1000"] = g.choice(20000, size=1000, replace=False)[:20].tolist()
out["permutation_after"] = g.permutation(7).tolist()
out["strat_small"] = stratified_test(labels_case(300, 4), 40)
out["strat_12"] = stratified_test(labels_case(5000, 12), 2048)
out["strat_binary"] = stratified_test([int(i % 7 == 0) for i in range(3001)], 2048)
# train_test_split(train_size=1000, test_size=1000, stratify_by_column=...) as MultiHateClassification runs it
tr, te = stratified_both([f"f{v}" for v in labels_case(3000, 12)], 1000, 1000)
out["strat_both_train"] = tr
out["strat_both_test"] = te
print(json.dumps(out))
