"""Reference model cards for `mteb-ts create-model-results`, made the way mteb's create_meta makes them.

mteb/create_meta.py (mteb 1.38; `mteb create_meta`, later `create-model-results`) is transcribed below with PyYAML
doing the YAML, because mteb itself is not installed here. The task metadata it would take from `mteb.get_task` is
given in TASKS (type, dataset path and main score, as in mteb 2.20's task files). Run from the repository root:

    python3 scripts/reference/model_card_reference.py test/fixtures/model-card

It reads <dir>/results/acme__card-model/r1 (result files as mteb writes them, with a NaN) and <dir>/README.existing.md,
and writes <dir>/expected.md (a new card) and <dir>/expected-merged.md (merged into the existing README).
"""

import json
import math
import sys
from pathlib import Path

import yaml

TASKS = {
    "STS12": {"type": "STS", "path": "mteb/sts12-sts", "main_score": "cosine_spearman"},
    "AmazonCounterfactualClassification": {"type": "Classification", "path": "mteb/amazon_counterfactual", "main_score": "accuracy"},
}


def process_task_result(task_result):
    task = TASKS[task_result["task_name"]]
    yaml_results = []
    for split, hf_subset_scores in task_result["scores"].items():
        for hf_subset_score in hf_subset_scores:
            metrics = [{"type": k, "value": v * 100} for k, v in hf_subset_score.items() if isinstance(v, (int, float))]
            if task["main_score"] not in hf_subset_score:
                raise ValueError("main score missing")
            yaml_results.append(
                {
                    "task": {"type": task["type"]},
                    "dataset": {
                        "type": task["path"],
                        "name": f"MTEB {task_result['task_name']} ({hf_subset_score['hf_subset']})",
                        "config": hf_subset_score["hf_subset"],
                        "split": split,
                        "revision": task_result["dataset_revision"],
                    },
                    "metrics": metrics,
                }
            )
    return yaml_results


def generate(results_folder: Path, existing: Path | None) -> str:
    files = sorted(p for p in results_folder.glob("*.json") if p.name != "model_meta.json")
    task_results = sorted((json.loads(p.read_text()) for p in files), key=lambda r: r["task_name"])
    yaml_results = [r for tr in task_results for r in process_task_result(tr)]
    name = json.loads((results_folder / "model_meta.json").read_text())["name"]
    yaml_dict = {"tags": ["mteb"], "model-index": [{"name": name, "results": yaml_results}]}
    readme_end = ""
    if existing:
        text = existing.read_text()
        start = len("---")
        end = text.index("\n---\n", start)
        old = yaml.safe_load(text[start:end])
        readme_end = text[end + len("\n---\n") :]
        if "mteb" not in old.setdefault("tags", []):
            old["tags"].append("mteb")
        model = old["model-index"][0]
        new_model = yaml_dict["model-index"][0]
        assert model["name"] == new_model["name"]
        merged = {(r["dataset"]["name"], r["dataset"].get("config")): r for r in model["results"]}
        for r in new_model["results"]:
            key = (r["dataset"]["name"], r["dataset"].get("config"))
            if key in merged:
                merged[key]["metrics"] = r["metrics"]
            else:
                merged[key] = r
        model["results"] = list(merged.values())
        yaml_dict = old
    return f"---\n{yaml.dump(yaml_dict)}---\n{readme_end}"


if __name__ == "__main__":
    d = Path(sys.argv[1])
    folder = d / "results" / "acme__card-model" / "r1"
    (d / "expected.md").write_text(generate(folder, None))
    (d / "expected-merged.md").write_text(generate(folder, d / "README.existing.md"))
    assert math.isnan(json.loads((folder / "STS12.json").read_text())["scores"]["test"][0]["manhattan_spearman"])
