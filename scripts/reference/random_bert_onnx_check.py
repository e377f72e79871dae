#!/usr/bin/env python3
"""Independent check of scripts/fixtures/random-bert-onnx.ts (the TypeScript ONNX writer).

Loads the initializers of an ONNX file written by that module into the plain-torch BERT of
scripts/fixtures/make-tiny-bert.py (HF BertModel maths) and prints mean-pooled, L2-normalized embeddings
(sentence-transformers Pooling + Normalize) for fixed token ids. test/scripts/random-bert-onnx.test.ts hard-codes
the output. Needs Debian python3-torch and python3-onnx.

    npx tsx -e "import('./scripts/fixtures/random-bert-onnx.ts').then(m => m.writeRandomBert('/tmp/rb-check',
        {vocabSize: 120, hidden: 24, layers: 2, heads: 3, intermediate: 48, maxPositions: 32, maxSeqLength: 16}))"
    /usr/bin/python3 scripts/reference/random_bert_onnx_check.py /tmp/rb-check
"""
import importlib.util
import json
import os
import sys

import onnx
import torch
from onnx import numpy_helper

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("tiny", os.path.join(here, "..", "fixtures", "make-tiny-bert.py"))
tiny = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tiny)

IDS = [[2, 10, 11, 12, 13, 3], [2, 40, 3, 0, 0, 0]]


def main():
    d = sys.argv[1]
    cfg = json.load(open(os.path.join(d, "config.json")))
    w = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in onnx.load(os.path.join(d, "onnx", "model.onnx")).graph.initializer}
    m = tiny.Bert(cfg["vocab_size"], cfg["hidden_size"], cfg["num_hidden_layers"], cfg["num_attention_heads"],
                  cfg["intermediate_size"], cfg["max_position_embeddings"]).eval()
    with torch.no_grad():
        m.word.weight.copy_(w["emb.word"]); m.pos.weight.copy_(w["emb.pos"]); m.typ.weight.copy_(w["emb.type"])
        m.ln.weight.copy_(w["emb.ln.gamma"]); m.ln.bias.copy_(w["emb.ln.beta"])
        for i, layer in enumerate(m.layers):
            for name, lin in [("q", layer.q), ("k", layer.k), ("v", layer.v), ("o", layer.o), ("fc1", layer.fc1), ("fc2", layer.fc2)]:
                lin.weight.copy_(w[f"l{i}.{name}.weight"].T)  # the ONNX graph multiplies x @ W
                lin.bias.copy_(w[f"l{i}.{name}.bias"])
            for name, ln in [("ln1", layer.ln1), ("ln2", layer.ln2)]:
                ln.weight.copy_(w[f"l{i}.{name}.gamma"]); ln.bias.copy_(w[f"l{i}.{name}.beta"])
        ids = torch.tensor(IDS)
        mask = (torch.arange(ids.shape[1])[None, :] < torch.tensor([[6], [3]])).long()
        tok = m(ids, mask, torch.zeros_like(ids))
        emb = torch.nn.functional.normalize(tiny.pool("mean", tok, mask), p=2, dim=1)
    print(json.dumps([[float(f"{v:.8g}") for v in row] for row in emb.tolist()]))


if __name__ == "__main__":
    main()
