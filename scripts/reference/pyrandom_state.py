"""CPython random.Random(42).getstate()[1] (624 MT words + position) fingerprints for test/metrics/random-state.test.ts.

Run: python3 scripts/reference/pyrandom_state.py (CPython 3.11; the MT19937 state layout is stable across 3.x).
Prints sha256 of the comma-joined state words after seeding, and after sample(range(100), 10) + choices(range(50), k=7).
"""
import hashlib
import random


def fp(r: random.Random) -> str:
    words = r.getstate()[1]
    return hashlib.sha256(",".join(map(str, words)).encode()).hexdigest() + f" pos={words[624]}"


r = random.Random(42)
print(fp(r))
r.sample(range(100), 10)
r.choices(range(50), k=7)
print(fp(r))
