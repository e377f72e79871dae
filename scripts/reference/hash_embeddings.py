"""Deterministic text -> float32 vectors, identical to test/helpers/hash-embeddings.ts (see its doc comment).

1. lowercase ASCII A-Z only; 2. features: words split on runs of [ \\t\\n\\r] ("w:" prefix) and every window of
3 code points of " " + text + " " ("c:" prefix); 3. FNV-1a 32-bit over the UTF-8 bytes; bucket = h % dim,
sign = -1 if bit 31 set else +1; add the sign to the bucket.
"""
import re

import numpy as np

_UPPER = re.compile(r"[A-Z]")
_SPLIT = re.compile(r"[ \t\n\r]+")


def _fnv1a(b: bytes) -> int:
    h = 0x811C9DC5
    for x in b:
        h ^= x
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def hash_embed(texts, dim=64):
    out = np.zeros((len(texts), dim), dtype=np.float32)
    cache = {}
    for row, text in enumerate(texts):
        t = _UPPER.sub(lambda m: m.group(0).lower(), text)
        feats = ["w:" + w for w in _SPLIT.split(t) if w]
        cps = " " + t + " "
        feats += ["c:" + cps[i : i + 3] for i in range(len(cps) - 2)]
        for f in feats:
            h = cache.get(f)
            if h is None:
                h = cache[f] = _fnv1a(f.encode("utf-8"))
            out[row, h % dim] += -1.0 if h & 0x80000000 else 1.0
    return out


if __name__ == "__main__":
    import json

    sample = ["Hello World", "", "Ça va? 日本語 テキスト", "a\tb  c\nd", "🙂 emoji x"]
    print(json.dumps(hash_embed(sample, 8).tolist()))
