/**
 * HF `datasets` `Dataset.train_test_split(test_size=n, seed=s, stratify_by_column=label)` as mteb's
 * `stratified_subsampling` calls it: numpy `default_rng(seed)` (PCG64), `approximate_mode` and the
 * StratifiedShuffleSplit-style index generation of `datasets/utils/stratify.py` (first split only).
 *
 * Also the parts of numpy's `Generator` it needs, bit for bit: `permutation` / 1-D `shuffle` (masked
 * rejection `random_interval`) and `choice(..., replace=False)` (Floyd's algorithm or tail shuffle with
 * Lemire bounded integers).
 */

import { compareCodePoints } from './code-point-order.js';
import { PCG64 } from './pcg64.js';

/** The subset of numpy.random.Generator used by stratified splitting. */
export class NumpyGenerator {
  readonly bitgen: PCG64;

  constructor(seed: number | bigint) {
    this.bitgen = new PCG64(seed);
  }

  /** numpy `random_interval(max)`: uniform integer in [0, max] by masked rejection. */
  randomInterval(max: number): number {
    if (max === 0) return 0;
    if (max > 0xffffffff) throw new RangeError('randomInterval: ranges above 2^32 are not supported');
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let v: number;
    while ((v = (this.bitgen.nextUint32() & mask) >>> 0) > max);
    return v;
  }

  /** numpy `random_bounded_uint64(off=0, rng, use_masked=False)`: Lemire's method on 32-bit draws. */
  boundedLemire(rng: number): number {
    if (rng === 0) return 0;
    if (rng > 0xffffffff) throw new RangeError('boundedLemire: ranges above 2^32 are not supported');
    if (rng === 0xffffffff) return this.bitgen.nextUint32();
    const rngExcl = rng + 1;
    let m = BigInt(this.bitgen.nextUint32()) * BigInt(rngExcl);
    let leftover = Number(m & 0xffffffffn);
    if (leftover < rngExcl) {
      const threshold = (0xffffffff - rng) % rngExcl;
      while (leftover < threshold) {
        m = BigInt(this.bitgen.nextUint32()) * BigInt(rngExcl);
        leftover = Number(m & 0xffffffffn);
      }
    }
    return Number(m >> 32n);
  }

  /** `Generator.shuffle` of a 1-D array (in place). */
  shuffle<T>(x: T[]): T[] {
    for (let i = x.length - 1; i >= 1; i--) {
      const j = this.randomInterval(i);
      const t = x[i]!;
      x[i] = x[j]!;
      x[j] = t;
    }
    return x;
  }

  /** `Generator.permutation(n)`. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /** `_shuffle_int(n, first, data)`: shuffles positions n-1 .. first with Lemire bounded draws. */
  private shuffleInt(data: number[], n: number, first: number): void {
    for (let i = n - 1; i >= first; i--) {
      const j = this.boundedLemire(i);
      const t = data[j]!;
      data[j] = data[i]!;
      data[i] = t;
    }
  }

  /** `Generator.choice(popSize, size, replace=False, shuffle=True)`: indices into the population. */
  choiceWithoutReplacement(popSize: number, size: number): number[] {
    if (size > popSize) throw new RangeError('Cannot take a larger sample than population when replace is False');
    if (popSize > 10000 && size > Math.floor(popSize / 50)) {
      // Tail shuffle.
      const idx = Array.from({ length: popSize }, (_, i) => i);
      this.shuffleInt(idx, popSize, Math.max(popSize - size, 1));
      return idx.slice(popSize - size);
    }
    // Floyd's algorithm with numpy's open-addressing hash set, then a shuffle.
    const idx = new Array<number>(size);
    const mask = genMask(Math.floor(1.2 * size));
    const setSize = mask + 1;
    const hash = new Float64Array(setSize).fill(-1);
    for (let j = popSize - size; j < popSize; j++) {
      const val = this.boundedLemire(j);
      let loc = val & mask;
      while (hash[loc] !== -1 && hash[loc] !== val) loc = (loc + 1) & mask;
      if (hash[loc] === -1) {
        hash[loc] = val;
        idx[j - popSize + size] = val;
      } else {
        loc = j & mask;
        while (hash[loc] !== -1) loc = (loc + 1) & mask;
        hash[loc] = j;
        idx[j - popSize + size] = j;
      }
    }
    this.shuffleInt(idx, size, 1);
    return idx;
  }
}

/** Smallest 2^k - 1 >= v (numpy `_gen_mask`). */
function genMask(v: number): number {
  let mask = v;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}

/** datasets' `approximate_mode(class_counts, n_draws, rng)`. */
export function approximateMode(classCounts: readonly number[], nDraws: number, rng: NumpyGenerator): number[] {
  let total = 0;
  for (const c of classCounts) total += c;
  const continuous = classCounts.map((c) => (nDraws * c) / total);
  const floored = continuous.map(Math.floor);
  let needToAdd = nDraws - floored.reduce((a, b) => a + b, 0);
  if (needToAdd > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]!);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds: number[] = [];
      remainder.forEach((r, i) => {
        if (r === value) inds.push(i);
      });
      const addNow = Math.min(inds.length, needToAdd);
      for (const k of rng.choiceWithoutReplacement(inds.length, addNow)) floored[inds[k]!]!++;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}

/**
 * Row indices of the "test" part of `train_test_split(test_size=nTest, seed, stratify_by_column)`, in the
 * order HF `select` returns them. Labels are first class-encoded as `class_encode_column` does (class
 * names = sorted string forms), which fixes the class order used by the RNG.
 */
export function stratifiedTestIndices(labels: readonly (string | number)[], nTest: number, seed = 42): number[] {
  return stratifiedSplitIndices(labels, labels.length - nTest, nTest, seed).test;
}

/**
 * Both parts of `train_test_split(train_size=nTrain, test_size=nTest, seed, stratify_by_column)` (HF
 * datasets/utils/stratify.py stratified_shuffle_split_generate_indices, first split), each in `select` order.
 */
export function stratifiedSplitIndices(
  labels: readonly (string | number)[],
  nTrain: number,
  nTest: number,
  seed = 42,
): { train: number[]; test: number[] } {
  const names = [...new Set(labels.map(String))].sort(compareCodePoints);
  const classOf = new Map(names.map((s, i) => [s, i] as const));
  const y = labels.map((l) => classOf.get(String(l))!);
  const nClasses = names.length;
  const counts = new Array<number>(nClasses).fill(0);
  for (const c of y) counts[c]!++;
  if (Math.min(...counts) < 2) {
    throw new RangeError('The least populated class has only 1 member, which is too few for a stratified split');
  }
  if (nTrain < nClasses) throw new RangeError(`The train_size = ${nTrain} should be >= the number of classes = ${nClasses}`);
  if (nTest < nClasses) throw new RangeError(`The test_size = ${nTest} should be >= the number of classes = ${nClasses}`);
  // np.argsort(y, kind="mergesort") split by class = row indices of each class in ascending order.
  const classIndices: number[][] = Array.from({ length: nClasses }, () => []);
  y.forEach((c, i) => classIndices[c]!.push(i));
  const rng = new NumpyGenerator(seed);
  const nI = approximateMode(counts, nTrain, rng);
  const remaining = counts.map((c, i) => c - nI[i]!);
  const tI = approximateMode(remaining, nTest, rng);
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < nClasses; i++) {
    const perm = rng.permutation(counts[i]!);
    const members = classIndices[i]!;
    const permuted = perm.map((p) => members[p]!);
    train.push(...permuted.slice(0, nI[i]!));
    test.push(...permuted.slice(nI[i]!, nI[i]! + tI[i]!));
  }
  // rng.permutation(list) = a shuffled copy, the same draws as shuffling in place.
  const trainOut = rng.shuffle(train);
  return { train: trainOut, test: rng.shuffle(test) };
}
