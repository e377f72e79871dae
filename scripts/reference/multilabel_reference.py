"""Reference values for the multilabel metrics and evaluator tests (test/metrics/knn.test.ts,
test/metrics/multilabel-scores.test.ts, test/metrics/iterative-stratification.test.ts,
test/tasks/types/multilabel-classification.test.ts).

    /usr/bin/python3 scripts/reference/multilabel_reference.py [path/to/mteb/abstasks/_stratification.py]
        > test/fixtures/multilabel-reference.json

Debian python3-sklearn 1.2.1 / numpy 1.24.2. Everything that is not scikit-learn is written here from its
definition, independently of the TypeScript code:
- KNN: sklearn.neighbors.KNeighborsClassifier(n_neighbors=5) fitted on the 0/1 indicator matrix (float32
  embeddings, as mteb passes them); neighbour sets from kneighbors();
- scores: sklearn accuracy_score (subset accuracy), label_ranking_average_precision_score,
  f1_score(average="macro"), and mteb's hamming_score written out from its docstring (per-row Jaccard,
  1 when both rows are empty);
- iterative stratification: written below from Sechidis et al. (2011) as scikit-multilearn implements it
  (order-2 label combinations, positive then negative evidence, RandomState ties). When the path of mteb's
  own copy (mteb/abstasks/_stratification.py) is given, it is run on the same inputs and must agree;
- the evaluator: mteb v2's AbsTaskMultilabelClassification._evaluate_subset re-stated: per experiment a
  fresh list(range(N)) shuffled by ONE default_rng(42) Generator that runs on across experiments and
  subsets, the "any label under quota" walk, MultiLabelBinarizer fitted on the eval labels, KNN(5), scores,
  np.mean over experiments.
"""
import importlib.util
import itertools
import json
import sys
from collections import defaultdict

import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, f1_score, label_ranking_average_precision_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import MultiLabelBinarizer


def hamming_score(y_true, y_pred):
    t = np.asarray(y_true).astype(bool)
    p = np.asarray(y_pred).astype(bool)
    inter = (t & p).sum(axis=1)
    union = (t | p).sum(axis=1)
    return float(np.where(union == 0, 1.0, inter / np.maximum(union, 1)).mean())


def scores_of(y_true, y_pred):
    return {
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "lrap": float(label_ranking_average_precision_score(y_true, y_pred)),
        "f1": float(f1_score(y_true, y_pred, average="macro", zero_division=0)),
        "hamming": hamming_score(y_true, y_pred),
    }


def random_labels(rng, n, n_labels, p_empty=0.2, max_labels=3):
    out = []
    for _ in range(n):
        if rng.random_sample() < p_empty:
            out.append([])
            continue
        k = 1 + rng.randint(max_labels)
        out.append([int(x) for x in rng.choice(n_labels, size=k, replace=False)])
    return out


def knn_case(name, X_train, Y_train, X_test):
    clf = KNeighborsClassifier(n_neighbors=5).fit(X_train, Y_train)
    pred = clf.predict(X_test)
    neigh = clf.kneighbors(X_test, return_distance=False)
    return {
        "name": name,
        "train": X_train.astype(float).tolist(),
        "y_train": Y_train.tolist(),
        "test": X_test.astype(float).tolist(),
        "pred": pred.astype(int).tolist(),
        "neighbours": [sorted(int(j) for j in row) for row in neigh],
    }


# ---------------------------------------------------------------- iterative stratification (from its definition)
def iterative_split_reference(y, test_size, seed=42):
    """Fold-0 rows of IterativeStratification(n_splits=2, order=2, [test_size, 1 - test_size], seed)."""
    n, L = y.shape
    pct = [test_size, 1.0 - test_size]
    rs = np.random.RandomState(seed)
    desired = np.array([pct[0] * n, pct[1] * n])
    combos = {}  # insertion order = first appearance
    per_row = []
    for i in range(n):
        labels = [j for j in range(L) if y[i, j]]
        mine = []
        for c in itertools.combinations_with_replacement(labels, 2):
            combos.setdefault(c, []).append(i)
            mine.append(c)
        per_row.append(mine)
    want = {c: np.array([len(r) * pct[0], len(r) * pct[1]]) for c, r in combos.items()}
    fold = [None] * n

    def most_desired():
        chosen, best_l, best_s = None, None, None
        for c, rows in combos.items():
            if not rows:
                continue
            nl, s = len(set(c)), len(rows)
            if chosen is None or (best_l < nl and best_s > s):
                chosen, best_l, best_s = c, nl, s
        return chosen

    c = most_desired()
    while c is not None:
        while combos[c]:
            row = combos[c].pop()
            if fold[row] is not None:
                continue
            m = np.where(want[c] == want[c].max())[0]
            f = int(m[0]) if len(m) == 1 else int(rs.choice(m, 1)[0])
            fold[row] = f
            for other in per_row[row]:
                if row in combos[other]:
                    combos[other].remove(row)
                want[other][f] -= 1
            desired[f] -= 1
        c = most_desired()
    avail = [i for i in range(n) if fold[i] is None]
    while avail:
        row = avail.pop()
        f = int(rs.choice(np.where(desired > 0)[0], 1)[0])
        desired[f] -= 1
        fold[row] = f
    return [i for i in range(n) if fold[i] == 0]


def load_mteb_stratification(path):
    spec = importlib.util.spec_from_file_location("mteb_stratification", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ---------------------------------------------------------------- mteb's multilabel evaluator, re-stated
def undersample(np_rng, y, samples_per_label):
    idxs = list(np.arange(len(y)))
    np_rng.shuffle(idxs)
    counter = defaultdict(int)
    out = []
    for i in idxs:
        if any(counter[l] < samples_per_label for l in y[i]):
            out.append(int(i))
            for l in y[i]:
                counter[l] += 1
    return out


def evaluate_subset(np_rng, X_train_all, y_train_all, X_eval, y_eval, n_experiments, samples_per_label):
    samples = [undersample(np_rng, y_train_all, samples_per_label) for _ in range(n_experiments)]
    binarizer = MultiLabelBinarizer()
    Y_eval = binarizer.fit_transform(y_eval)
    per = []
    for s in samples:
        Xt = np.stack([X_train_all[i] for i in s])
        Yt = binarizer.transform([y_train_all[i] for i in s])
        clf = KNeighborsClassifier(n_neighbors=5).fit(Xt, Yt)
        pred = clf.predict(X_eval)
        sc = scores_of(Y_eval, pred)
        sc["accuracy"] = float(clf.score(X_eval, Y_eval))
        per.append(sc)
    avg = {k: float(np.mean([p[k] for p in per])) for k in per[0]}
    return {"samples": samples, "classes": [c if isinstance(c, str) else int(c) for c in binarizer.classes_],
            "scores_per_experiment": per, **avg}


def main():
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__}
    rs = np.random.RandomState(7)

    # KNN: integer coordinates (exact float64 arithmetic, so every tie is exact and only sklearn's heap decides),
    # with duplicated training rows; then ordinary float32 vectors.
    knn = []
    base = rs.randint(-1, 2, size=(25, 16)).astype(np.float32)
    X_train = np.concatenate([base, base[[0, 0, 3, 5, 5, 5, 7, 11, 11, 20]]])[rs.permutation(35)]
    Y_train = (rs.random_sample((35, 4)) < 0.4).astype(int)
    X_test = np.concatenate([rs.randint(-1, 2, size=(50, 16)), base[:10]]).astype(np.float32)
    knn.append(knn_case("integer_ties", X_train, Y_train, X_test))
    # all training rows at the same distance from some queries: 12 copies of 3 vectors
    tri = rs.randint(-2, 3, size=(3, 16)).astype(np.float32)
    X_train2 = np.concatenate([tri[[0, 1, 2] * 4], rs.randint(-2, 3, size=(6, 16)).astype(np.float32)])
    Y_train2 = (rs.random_sample((18, 5)) < 0.5).astype(int)
    Y_train2[:, 4] = 1  # a label every training row has: predicted everywhere
    Y_train2[:, 3] = 0  # a label none has
    X_test2 = np.concatenate([tri, np.zeros((1, 16), np.float32), rs.randint(-2, 3, size=(30, 16)).astype(np.float32)])
    knn.append(knn_case("equidistant_copies", X_train2, Y_train2, X_test2))
    X_train3 = rs.standard_normal((30, 64)).astype(np.float32)
    Y_train3 = (rs.random_sample((30, 6)) < 0.3).astype(int)
    X_test3 = rs.standard_normal((70, 64)).astype(np.float32)
    knn.append(knn_case("gaussian_float32", X_train3, Y_train3, X_test3))
    out["knn"] = knn

    # Raw squared distances of sklearn's ArgKmin (metric "sqeuclidean" = the rank-preserving value KNN compares),
    # to pin the summation order of the norms (BLAS ddot) and dot products (BLAS dgemm, K blocked) bit for bit.
    from sklearn.metrics._pairwise_distances_reduction import ArgKmin
    dist_cases = []
    for dim in (100, 384, 1024):
        Xq = rs.standard_normal((4, dim)).astype(np.float32)
        Yt = rs.standard_normal((5, dim)).astype(np.float32)
        d, _ = ArgKmin.compute(Xq, Yt, k=5, metric="sqeuclidean", return_distance=True)
        dist_cases.append({"dim": dim, "test": Xq.astype(float).tolist(), "train": Yt.astype(float).tolist(),
                           "sq_distances": [sorted(float(v) for v in row) for row in d]})
    out["distances"] = dist_cases

    # Scores: hand-made rows (empty, all labels, partial) + LRAP on float scores with ties.
    y_true = np.array([[1, 0, 0], [1, 0, 1], [0, 0, 0], [0, 1, 1], [1, 1, 1], [0, 1, 0]])
    y_pred = np.array([[1, 0, 0], [1, 0, 0], [0, 0, 0], [1, 0, 1], [0, 0, 0], [0, 0, 0]])
    y_score = np.array([[0.5, 0.5, 0.1], [0.2, 0.9, 0.2], [0.3, 0.1, 0.0], [0.7, 0.7, 0.7], [0.1, 0.2, 0.3], [0.0, 0.4, 0.4]])
    yt_rand = (rs.random_sample((40, 7)) < 0.3).astype(int)
    yp_rand = (rs.random_sample((40, 7)) < 0.3).astype(int)
    ys_rand = np.round(rs.random_sample((40, 7)), 1)
    out["scores"] = [
        {"name": "hand", "y_true": y_true.tolist(), "y_pred": y_pred.tolist(), **scores_of(y_true, y_pred),
         "y_score": y_score.tolist(), "lrap_score": float(label_ranking_average_precision_score(y_true, y_score))},
        {"name": "random", "y_true": yt_rand.tolist(), "y_pred": yp_rand.tolist(), **scores_of(yt_rand, yp_rand),
         "y_score": ys_rand.tolist(), "lrap_score": float(label_ranking_average_precision_score(yt_rand, ys_rand))},
    ]

    # Binarizer: class order and unknown labels.
    mlb = MultiLabelBinarizer()
    str_rows = [["toxic", "insult"], [], ["Zebra", "éclair", "obscene", "insult"], ["b", "b"]]
    Y = mlb.fit_transform(str_rows)
    out["binarizer"] = {"rows": str_rows, "classes": list(mlb.classes_), "y": Y.tolist()}
    mlb2 = MultiLabelBinarizer()
    int_rows = [[10, 2], [], [1, 2, 2], [33]]
    Y2 = mlb2.fit_transform(int_rows)
    out["binarizer_int"] = {"rows": int_rows, "classes": [int(c) for c in mlb2.classes_], "y": Y2.tolist(),
                            "transform_rows": [[2, 99], [5]], "transform_y": mlb2.transform([[2, 99], [5]]).tolist()}

    # Iterative stratification.
    mteb_strat = load_mteb_stratification(sys.argv[1]) if len(sys.argv) > 1 else None
    strat = []
    for case, (n, L, p_empty, test_size) in enumerate([(40, 4, 0.2, 0.25), (60, 6, 0.1, 0.5), (101, 5, 0.3, 0.3), (30, 3, 0.0, 0.5), (200, 8, 0.25, 2048 / 8192)]):
        rows = random_labels(rs, n, L, p_empty)
        Yb = np.zeros((n, L), dtype=int)
        for i, r in enumerate(rows):
            Yb[i, r] = 1
        ref = iterative_split_reference(Yb, test_size)
        if mteb_strat is not None:
            _, got = mteb_strat._iterative_train_test_split(np.arange(n).reshape(-1, 1), Yb, test_size=test_size, random_state=42)
            assert [int(i) for i in got] == ref, f"mteb's _stratification disagrees on case {case}"
        strat.append({"y": Yb.tolist(), "test_size": test_size, "test_idx": ref})
    out["stratification"] = strat
    out["stratification_checked_against_mteb"] = mteb_strat is not None

    # The evaluator on synthetic data: two subsets evaluated one after the other by one task object.
    np_rng = np.random.default_rng(42)
    subsets = []
    for s, (n_train, n_eval, L, d, str_labels) in enumerate([(120, 50, 5, 24, False), (90, 40, 4, 16, True)]):
        y_train = random_labels(rs, n_train, L, 0.25)
        y_eval = random_labels(rs, n_eval, L, 0.25)
        if str_labels:
            names = ["obscene", "insult", "racism", "Misogyny", "xenofobia"]
            y_train = [[names[l] for l in r] for r in y_train]
            y_eval = [[names[l] for l in r] for r in y_eval]
        X_train = rs.randint(-2, 3, size=(n_train, d)).astype(np.float32)
        X_eval = rs.randint(-2, 3, size=(n_eval, d)).astype(np.float32)
        res = evaluate_subset(np_rng, X_train, y_train, X_eval, y_eval, n_experiments=10, samples_per_label=4)
        subsets.append({"y_train": y_train, "y_eval": y_eval, "X_train": X_train.astype(float).tolist(),
                        "X_eval": X_eval.astype(float).tolist(), **res})
    out["evaluator"] = {"n_experiments": 10, "samples_per_label": 4, "subsets": subsets}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
