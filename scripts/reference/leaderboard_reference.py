#!/usr/bin/env python3
"""Independent reference for `mteb-ts leaderboard` on ../shared/results-samples (plain python json, no mteb).

Computes, for MTEB(eng, v1) as defined in mteb's MTEB_ENG_CLASSIC (spec §11.3; v2 main scores from spec §12):
per-task score = mean of main_score over rows of the benchmark's splits/subsets (pre-1.11 files: split keys at
the top level, optional subset level, main_score filled from the metric named by the task's main score after
flattening `cos_sim` -> `cosine_*`, `max` -> `max_*`; None when absent); CQADupstackRetrieval = mean of its 12
members; Mean (Task), per-type means, Mean (TaskType) = None if any task is missing; Borda points/rank.
Prints JSON: {model: {"tasks": {...}, "types": {...}, "mean_task": .., "mean_task_type": .., "borda": ..}}.

Usage: python3 scripts/reference/leaderboard_reference.py [../shared/results-samples]
"""
import json
import os
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "results-samples")

CLS = "AmazonCounterfactualClassification AmazonPolarityClassification AmazonReviewsClassification Banking77Classification EmotionClassification ImdbClassification MassiveIntentClassification MassiveScenarioClassification MTOPDomainClassification MTOPIntentClassification ToxicConversationsClassification TweetSentimentExtractionClassification".split()
CLU = "ArxivClusteringP2P ArxivClusteringS2S BiorxivClusteringP2P BiorxivClusteringS2S MedrxivClusteringP2P MedrxivClusteringS2S RedditClustering RedditClusteringP2P StackExchangeClustering StackExchangeClusteringP2P TwentyNewsgroupsClustering".split()
PC = "SprintDuplicateQuestions TwitterSemEval2015 TwitterURLCorpus".split()
RR = "AskUbuntuDupQuestions MindSmallReranking SciDocsRR StackOverflowDupQuestions".split()
RET = "ArguAna ClimateFEVER CQADupstackRetrieval DBPedia FEVER FiQA2018 HotpotQA MSMARCO NFCorpus NQ QuoraRetrieval SCIDOCS SciFact TRECCOVID Touche2020".split()
STS = "BIOSSES SICK-R STS12 STS13 STS14 STS15 STS16 STS17 STS22 STSBenchmark".split()
SUM = ["SummEval"]
CQA = ["CQADupstack%sRetrieval" % f for f in "Android English Gaming Gis Mathematica Physics Programmers Stats Tex Unix Webmasters Wordpress".split()]

TYPE = {}
MAIN = {}
for names, ty, main in [(CLS, "Classification", "accuracy"), (CLU, "Clustering", "v_measure"), (PC, "PairClassification", "max_ap"),
                        (RR, "Reranking", "map_at_1000"), (RET, "Retrieval", "ndcg_at_10"), (STS, "STS", "cosine_spearman"),
                        (SUM, "Summarization", "cosine_spearman")]:
    for n in names:
        TYPE[n] = ty
        MAIN[n] = main
MAIN["MindSmallReranking"] = "max_over_subqueries_map_at_1000"
for n in CQA:
    MAIN[n] = "ndcg_at_10"
SUBSETS = {n: ["default"] for n in MAIN}
for n in ["AmazonCounterfactualClassification", "AmazonReviewsClassification", "MassiveIntentClassification",
          "MassiveScenarioClassification", "MTOPDomainClassification", "MTOPIntentClassification"]:
    SUBSETS[n] = ["en"]
SUBSETS["STS17"] = ["en-en"]
SUBSETS["STS22"] = ["en"]
SPLITS = {n: ["test"] for n in MAIN}
SPLITS["MSMARCO"] = ["dev"]
TASKS = CLS + CLU + PC + RR + RET + STS + SUM


def rows_of(data, task):
    """{split: {subset: flat metrics dict}} for any era."""
    if isinstance(data.get("scores"), dict):
        out = {}
        for split, rows in data["scores"].items():
            out[split] = {}
            for r in rows:
                flat = {}
                for k, v in r.items():
                    if k in ("cos_sim", "cosine", "euclidean", "manhattan", "dot", "max", "similarity") and isinstance(v, dict):
                        for k2, v2 in v.items():
                            flat[("cosine" if k == "cos_sim" else k) + "_" + k2] = v2
                    else:
                        flat[k] = v
                out[split][r.get("hf_subset", "default")] = flat
        return out
    out = {}
    splits = {k: v for k, v in data.items() if k not in ("mteb_version", "mteb_dataset_name", "dataset_revision") and isinstance(v, dict)}
    nested = any(isinstance(v, dict) and k not in ("v_measures", "cos_sim", "euclidean", "manhattan", "dot", "max")
                 for s in splits.values() for k, v in s.items())
    for split, s in splits.items():
        subsets = {k: v for k, v in s.items() if isinstance(v, dict)} if nested else {"default": s}
        out[split] = {}
        for sub, m in subsets.items():
            flat = {}
            for k, v in m.items():
                if k in ("cos_sim", "euclidean", "manhattan", "dot", "max") and isinstance(v, dict):
                    for k2, v2 in v.items():
                        flat[("cosine" if k == "cos_sim" else k) + "_" + k2] = v2
                else:
                    flat[k] = v
            out[split][sub] = flat
    return out


def main_of(flat, task):
    if flat.get("main_score") is not None:
        return flat["main_score"]
    v = flat.get(MAIN[task])
    return v if isinstance(v, (int, float)) else None


def task_score(folder, task):
    f = os.path.join(folder, task + ".json")
    if not os.path.exists(f):
        return None
    with open(f) as fh:
        rows = rows_of(json.load(fh), task)
    vals = []
    for split in SPLITS[task]:
        for sub in SUBSETS[task]:
            if split not in rows or sub not in rows[split]:
                return None
            m = main_of(rows[split][sub], task)
            if m is None or m != m:
                return None
            vals.append(m)
    return sum(vals) / len(vals)


def model_scores(folder):
    out = {}
    for t in TASKS:
        if t == "CQADupstackRetrieval":
            parts = [task_score(folder, m) for m in CQA]
            out[t] = None if any(p is None for p in parts) else sum(parts) / len(parts)
        else:
            out[t] = task_score(folder, t)
    return out


def mean_or_none(xs):
    return None if (not xs or any(x is None for x in xs)) else sum(xs) / len(xs)


MODELS = {
    "sentence-transformers/all-MiniLM-L6-v2": "sentence-transformers__all-MiniLM-L6-v2/8b3219a92973c328a8e22fadcfa821b5dc75636a",
    "sentence-transformers/average_word_embeddings_glove.6B.300d": "sentence-transformers__average_word_embeddings_glove.6B.300d/no_revision_available",
    "sentence-transformers/average_word_embeddings_komninos": "sentence-transformers__average_word_embeddings_komninos/no_revision_available",
}

res = {}
for name, sub in MODELS.items():
    s = model_scores(os.path.join(ROOT, sub))
    types = {}
    for ty in ["Classification", "Clustering", "PairClassification", "Reranking", "Retrieval", "STS", "Summarization"]:
        types[ty] = mean_or_none([s[t] for t in TASKS if TYPE[t] == ty])
    res[name] = {"tasks": s, "types": types, "mean_task": mean_or_none([s[t] for t in TASKS]),
                 "mean_task_type": mean_or_none(list(types.values()))}

# Borda: per task, average rank (descending) among models with a score; points = n_models - rank.
names = list(res)
points = {n: 0.0 for n in names}
for t in TASKS:
    have = [(n, res[n]["tasks"][t]) for n in names if res[n]["tasks"][t] is not None]
    for n, v in have:
        greater = sum(1 for _, w in have if w > v)
        equal = sum(1 for _, w in have if w == v)
        rank = greater + (equal + 1) / 2
        points[n] += len(names) - rank
for n in names:
    res[n]["borda_points"] = points[n]
    res[n]["borda_rank"] = 1 + sum(1 for m in names if points[m] > points[n])
print(json.dumps(res, indent=1, sort_keys=True))
