"""Reference values for the InstructionReranking (FollowIR) tests (test/metrics/p-mrr.test.ts,
test/tasks/types/instruction-reranking.test.ts).

    /usr/bin/python3 scripts/reference/instruction_reranking_reference.py > test/fixtures/instruction-reranking-reference.json

p-MRR is computed here from the FollowIR paper's definition (Weller et al. 2024, "FollowIR", section 3.2):
for each document whose relevance the changed instruction altered, with R_og / R_new its rank under the
original / changed instruction,
    p-MRR_doc = (1/R_og) / (1/R_new) - 1    if R_og > R_new  (the document moved up: negative)
              = 1 - (1/R_new) / (1/R_og)    otherwise        (it moved down: positive; 0 if unchanged)
averaged over the documents of a query, then over queries. Ranks follow mteb v2 >= 2.19.5: (score, doc id)
descending; a document missing from a run ranks len(run) + 1. (The paper's inequality is strict; at equal
ranks both branches give 0.) The retrieval keys (top level over all queries, and per variant "og"/"changed")
come from scripts/reference/trec_parity.py's independent trec_eval re-implementation.

The synthetic task: 6 topics, each with queries "{t}-og" / "{t}-changed" sharing one query text and
differing in the instruction; 40 documents with small integer vectors (dot products are exact, so score ties
are exact and only the doc-id tie rule decides); per query 25 candidates (top_ranked). One topic of qrel_diff
has no runs (skipped), one lists a document outside the candidates (absent -> len + 1).
"""
import json
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from trec_parity import scores_of  # noqa: E402


def rank_of(run_q, doc):
    ranked = sorted(run_q.items(), key=lambda x: (x[1], x[0]), reverse=True)
    for i, (d, _) in enumerate(ranked):
        if d == doc:
            return i + 1
    return len(ranked) + 1


def p_mrr_paper(og_run, new_run, diff):
    per_query = {}
    for t, docs in diff.items():
        if f"{t}-og" not in og_run or f"{t}-changed" not in new_run:
            continue
        vals = []
        for d in docs:
            r_og, r_new = rank_of(og_run[f"{t}-og"], d), rank_of(new_run[f"{t}-changed"], d)
            vals.append((1 / r_og) / (1 / r_new) - 1 if r_og > r_new else 1 - (1 / r_new) / (1 / r_og))
        per_query[t] = math.fsum(vals) / len(vals)
    return math.fsum(per_query.values()) / len(per_query), per_query


def main():
    rs = np.random.RandomState(3)
    out = {}

    # The spec's worked example (§15.7) and the mteb repository's own unit-test cases (rank 4 <-> 1).
    og = {"q7-og": {"d1": 0.9, "d3": 0.8, "d2": 0.7, "d4": 0.65, "d9": 0.6}, "q8-og": {"x": 0.5, "y": 0.4, "d1": 0.3},
          "q9-og": {f"e{i}": 1 - i / 100 for i in range(1, 10)} | {"d5": 0.0}}
    new = {"q7-changed": {"a": 0.9, "b": 0.8, "c": 0.75, "d9": 0.7, "e": 0.65, "d3": 0.6}, "q8-changed": {"x": 0.5, "y": 0.4, "d1": 0.3},
           "q9-changed": {f"f{i}": 1 - i / 2000 for i in range(1, 1001)}}
    diff = {"q7": ["d3", "d9"], "q8": ["d1"], "q9": ["d5"]}
    out["examples"] = [{"og": og, "changed": new, "diff": diff, "expected": p_mrr_paper(og, new, diff)[0]}]
    single = {"q-og": {"a": 4, "b": 3, "c": 2, "d": 1}}
    out["examples"].append({"og": single, "changed": {"q-changed": {"d": 5, "a": 4, "b": 3, "c": 2}}, "diff": {"q": ["d"]},
                            "expected": p_mrr_paper(single, {"q-changed": {"d": 5, "a": 4, "b": 3, "c": 2}}, {"q": ["d"]})[0]})
    out["examples"].append({"og": {"q-og": {"d": 5, "a": 4, "b": 3, "c": 2}}, "changed": {"q-changed": {"a": 4, "b": 3, "c": 2, "d": 1}},
                            "diff": {"q": ["d"]}, "expected": p_mrr_paper({"q-og": {"d": 5, "a": 4, "b": 3, "c": 2}}, {"q-changed": {"a": 4, "b": 3, "c": 2, "d": 1}}, {"q": ["d"]})[0]})
    # ties: equal scores, ranked by doc id descending
    tie_og = {"t-og": {"d10": 1.0, "d2": 1.0, "d9": 1.0, "d1": 0.5}}
    tie_new = {"t-changed": {"d10": 1.0, "d2": 1.0, "d9": 1.0, "d1": 2.0}}
    out["examples"].append({"og": tie_og, "changed": tie_new, "diff": {"t": ["d10", "d2", "d9"]}, "expected": p_mrr_paper(tie_og, tie_new, {"t": ["d10", "d2", "d9"]})[0]})

    # The synthetic task.
    topics = [f"T{t}" for t in (3, 11, 7, 25, 4, 9)]
    docs = [f"doc{i}" for i in range(40)]
    doc_vec = rs.randint(-2, 3, size=(40, 12))
    doc_text = [f"document number {i} about {'abc'[i % 3]}" for i in range(40)]
    queries, instructions, qvec, qrels, top_ranked = [], {}, {}, {}, {}
    for t in topics:
        text = f"what about topic {t}?"
        for var in ("og", "changed"):
            qid = f"{t}-{var}"
            instr = f"Relevant documents mention {t} {'broadly' if var == 'og' else 'only when recent'}."
            queries.append({"_id": qid, "text": text})
            instructions[qid] = instr
            qvec[text + " " + instr] = rs.randint(-2, 3, size=12).tolist()
            cands = [docs[j] for j in rs.choice(40, 25, replace=False)]
            top_ranked[qid] = cands
            rel = {d: int(rs.randint(0, 3)) for d in cands[:8]}
            if all(v == 0 for v in rel.values()):
                rel[cands[0]] = 1
            qrels[qid] = rel
    # a query without judgements is dropped by the loader (as in mteb)
    queries.append({"_id": "T99-og", "text": "unjudged"})
    instructions["T99-og"] = "none"
    top_ranked["T99-og"] = docs[:5]
    qvec["unjudged none"] = [0] * 12
    qrel_diff = {t: [d for d, v in qrels[f"{t}-og"].items() if v > 0][:3] for t in topics}
    qrel_diff["T3"].append("doc39" if "doc39" not in top_ranked["T3-changed"] else "doc38")
    qrel_diff["T40"] = ["doc1"]  # no runs for this topic: skipped

    pos = {d: i for i, d in enumerate(docs)}
    run = {}
    for q in queries:
        if q["_id"] not in qrels:
            continue
        v = np.array(qvec[q["text"] + " " + instructions[q["_id"]]])
        run[q["_id"]] = {d: float(v @ doc_vec[pos[d]]) for d in top_ranked[q["_id"]]}
    og_run = {q: r for q, r in run.items() if q.endswith("-og")}
    new_run = {q: r for q, r in run.items() if not q.endswith("-og")}
    p, per_topic = p_mrr_paper(og_run, new_run, qrel_diff)
    task = {
        "corpus": [{"_id": d, "title": "", "text": doc_text[i]} for i, d in enumerate(docs)],
        "doc_vectors": {doc_text[i]: doc_vec[i].tolist() for i in range(40)},
        "queries": queries,
        "instructions": [{"query-id": q, "instruction": s} for q, s in instructions.items()],
        "qrels": [{"query-id": q, "corpus-id": d, "score": s} for q, r in qrels.items() for d, s in r.items()],
        "top_ranked": [{"query-id": q, "corpus-ids": c} for q, c in top_ranked.items()],
        "qrel_diff": [{"query-id": t, "corpus-ids": d} for t, d in qrel_diff.items()],
        "query_vectors": qvec,
        "expected": {
            **scores_of(run, qrels),
            "p-MRR": p,
            "og": scores_of(og_run, {q: r for q, r in qrels.items() if q.endswith("-og")}),
            "changed": scores_of(new_run, {q: r for q, r in qrels.items() if not q.endswith("-og")}),
        },
        "p_mrr_per_topic": per_topic,
    }
    out["task"] = task
    json.dump(nan_to_none(out), sys.stdout, allow_nan=False)


def nan_to_none(v):
    """Strict JSON for the TypeScript test: NaN (nAUC of constant metrics) becomes null."""
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, dict):
        return {k: nan_to_none(x) for k, x in v.items()}
    if isinstance(v, list):
        return [nan_to_none(x) for x in v]
    return v


if __name__ == "__main__":
    main()
