/**
 * Bit-exact ports of the two Mersenne-Twister generators mteb's scores depend on (spec Appendix A):
 * - `NumpyRandomState`: numpy's legacy `np.random.RandomState` (init_genrand seeding, masked-rejection
 *   bounded integers, legacy shuffle/permutation/choice).
 * - `PyRandom`: CPython's `random.Random` (init_by_array seeding, random, _randbelow, sample, choices).
 */

const N = 624;
const M = 397;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
const MATRIX_A = 0x9908b0df;
const TWO_POW_53 = 9007199254740992;
const TWO_POW_32 = 4294967296;

/** The MT19937 core shared by both generators. */
export class MT19937 {
  readonly mt = new Uint32Array(N);
  mti = N + 1;

  /** Reference `init_genrand` (numpy's `RandomState(int)` seeding). */
  initGenrand(seed: number): void {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]!;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.mti = N;
  }

  /** Reference `init_by_array` (CPython's `random.seed(int)` seeding). */
  initByArray(key: ArrayLike<number>): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    const len = key.length;
    for (let k = Math.max(N, len); k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
      if (j >= len) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.mti = N;
  }

  private twist(): void {
    const mt = this.mt;
    let kk = 0;
    let y: number;
    for (; kk < N - M; kk++) {
      y = (mt[kk]! & UPPER) | (mt[kk + 1]! & LOWER);
      mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk]! & UPPER) | (mt[kk + 1]! & LOWER);
      mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (mt[N - 1]! & UPPER) | (mt[0]! & LOWER);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.mti = 0;
  }

  /** Next tempered 32-bit word, as an unsigned number. */
  nextUint32(): number {
    if (this.mti >= N) {
      if (this.mti === N + 1) this.initGenrand(5489);
      this.twist();
    }
    let y = this.mt[this.mti++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** 53-bit double in [0, 1): (a·2^26 + b) / 2^53 with a = u32 >> 5, b = u32 >> 6. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / TWO_POW_53;
  }

  /** numpy's next_uint64 for MT19937: the first word is the high half. */
  nextUint64(): bigint {
    const hi = this.nextUint32();
    const lo = this.nextUint32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }
}

/** Smallest 2^k − 1 that is ≥ max (numpy's gen_mask), for max < 2^32. */
function mask32(max: number): number {
  let m = max >>> 0;
  m |= m >>> 1;
  m |= m >>> 2;
  m |= m >>> 4;
  m |= m >>> 8;
  m |= m >>> 16;
  return m >>> 0;
}

function mask64(max: bigint): bigint {
  let m = max;
  for (const s of [1n, 2n, 4n, 8n, 16n, 32n]) m |= m >> s;
  return m;
}

type Shuffleable = { length: number; [i: number]: unknown };

/** numpy's legacy `np.random.RandomState`. Integer seeds only (0 ≤ seed < 2^32). */
export class NumpyRandomState {
  readonly bitgen = new MT19937();

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`Seed must be between 0 and 2**32 - 1, got ${seed}`);
    }
    this.bitgen.initGenrand(seed);
  }

  /** `random_sample()` / `rand()`: one 53-bit double in [0, 1). */
  randomSample(): number;
  randomSample(size: number): Float64Array;
  randomSample(size?: number): number | Float64Array {
    if (size === undefined) return this.bitgen.nextDouble();
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.bitgen.nextDouble();
    return out;
  }

  /** `uniform(low, high, size)`: low + (high − low)·u. */
  uniform(size: number, low = 0, high = 1): Float64Array {
    const out = new Float64Array(size);
    const range = high - low;
    for (let i = 0; i < size; i++) out[i] = low + range * this.bitgen.nextDouble();
    return out;
  }

  /**
   * One draw of numpy's masked bounded integer in [0, rng] (random_bounded_uint64_fill with use_masked):
   * 32-bit words when rng ≤ 2^32 − 1, 64-bit words (high word first) above.
   */
  boundedMasked(rng: number): number {
    if (rng === 0) return 0;
    if (rng <= 0xffffffff) {
      if (rng === 0xffffffff) return this.bitgen.nextUint32();
      const mask = mask32(rng);
      let v: number;
      while ((v = (this.bitgen.nextUint32() & mask) >>> 0) > rng);
      return v;
    }
    if (!Number.isSafeInteger(rng)) throw new RangeError(`bound ${rng} is beyond 2^53`);
    const r = BigInt(rng);
    const mask = mask64(r);
    let v: bigint;
    while ((v = this.bitgen.nextUint64() & mask) > r);
    return Number(v);
  }

  /** `randint(low, high)` (one value, high exclusive). */
  randint(low: number, high: number): number;
  /** `randint(low, high, size)` with numpy's default int64 dtype. */
  randint(low: number, high: number, size: number): number[];
  randint(low: number, high: number, size?: number): number | number[] {
    if (high <= low) throw new RangeError(`low >= high (${low} >= ${high})`);
    const rng = high - 1 - low;
    if (size === undefined) return low + this.boundedMasked(rng);
    const out = new Array<number>(size);
    for (let i = 0; i < size; i++) out[i] = low + this.boundedMasked(rng);
    return out;
  }

  /** Fills `out` with randint(low, high) draws (same stream as `randint(low, high, out.length)`). */
  randintInto(out: { length: number; [i: number]: number }, low: number, high: number): void {
    if (high <= low) throw new RangeError(`low >= high (${low} >= ${high})`);
    const rng = high - 1 - low;
    for (let i = 0; i < out.length; i++) out[i] = low + this.boundedMasked(rng);
  }

  /** numpy's `random_interval(max)` used by legacy shuffle: uniform in [0, max]. */
  randomInterval(max: number): number {
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      const mask = mask32(max);
      let v: number;
      while ((v = (this.bitgen.nextUint32() & mask) >>> 0) > max);
      return v;
    }
    const r = BigInt(max);
    const mask = mask64(r);
    let v: bigint;
    while ((v = this.bitgen.nextUint64() & mask) > r);
    return Number(v);
  }

  /** Legacy `shuffle(x)` in place along the first axis (lists and 1-D arrays behave the same). */
  shuffle<T extends Shuffleable>(x: T): T {
    for (let i = x.length - 1; i >= 1; i--) {
      const j = this.randomInterval(i);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
    return x;
  }

  /** `permutation(n)` = shuffle(arange(n)). */
  permutation(n: number): Float64Array {
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    return this.shuffle(a);
  }

  /**
   * Legacy `choice(n, size, replace, p)` for an integer population.
   * With p: cdf = cumsum(p) / cdf[-1] in float64, one random_sample per draw, searchsorted side="right".
   * Without p: replace → randint(0, n, size); no replace → permutation(n)[:size].
   */
  choice(n: number, size: number, opts: { replace?: boolean; p?: ArrayLike<number> } = {}): number[] {
    const replace = opts.replace ?? true;
    if (n <= 0) throw new RangeError('a must be greater than 0 unless no samples are taken');
    const p = opts.p;
    if (p !== undefined) {
      if (p.length !== n) throw new RangeError('a and p must have same size');
      let s = 0;
      for (let i = 0; i < n; i++) {
        const v = p[i]!;
        if (!(v >= 0)) throw new RangeError('probabilities are not non-negative');
        s += v;
      }
      // numpy: atol = sqrt(eps) of float64, or of p's own float dtype when larger (float32 p)
      const atol = p instanceof Float32Array ? Math.sqrt(1.1920928955078125e-7) : Math.sqrt(2.220446049250313e-16);
      if (Math.abs(s - 1) > atol) throw new RangeError('probabilities do not sum to 1');
    }
    if (replace) {
      if (p === undefined) return this.randint(0, n, size);
      const cdf = cumsumNormalized(p);
      const out = new Array<number>(size);
      for (let i = 0; i < size; i++) out[i] = searchsortedRight(cdf, this.bitgen.nextDouble());
      return out;
    }
    if (size > n) throw new RangeError("Cannot take a larger sample than population when 'replace=False'");
    if (p === undefined) return Array.from(this.permutation(n).subarray(0, size));
    let nonzero = 0;
    for (let i = 0; i < n; i++) if (p[i]! > 0) nonzero++;
    if (nonzero < size) throw new RangeError('Fewer non-zero entries in p than size');
    // numpy: draw (size − found) uniforms at a time, zero out found entries, keep first occurrences.
    const pw = Float64Array.from(p);
    const found: number[] = [];
    while (found.length < size) {
      const x = this.randomSample(size - found.length);
      for (const f of found) pw[f] = 0;
      const cdf = cumsumNormalized(pw);
      const seen = new Set<number>();
      for (let i = 0; i < x.length; i++) {
        const idx = searchsortedRight(cdf, x[i]!);
        if (!seen.has(idx)) {
          seen.add(idx);
          found.push(idx);
        }
      }
    }
    return found;
  }
}

/** cumsum in float64 then divided by the last element (numpy's `cdf /= cdf[-1]`). */
export function cumsumNormalized(p: ArrayLike<number>): Float64Array {
  const cdf = new Float64Array(p.length);
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    s += p[i]!;
    cdf[i] = s;
  }
  const last = cdf[p.length - 1]!;
  for (let i = 0; i < cdf.length; i++) cdf[i] = cdf[i]! / last;
  return cdf;
}

/** numpy searchsorted(a, v, side="right"): first index with a[i] > v. */
export function searchsortedRight(a: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** numpy searchsorted(a, v, side="left"): first index with a[i] >= v. */
export function searchsortedLeft(a: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** CPython's `random.Random`. Seeds: non-negative or negative integers (abs is used, as in CPython). */
export class PyRandom {
  readonly bitgen = new MT19937();

  /**
   * CPython's `random.getstate()` internal state: the 624 MT words followed by the position (Python's
   * `getstate()[1]`); no gauss_next, which nothing here draws. Lets a checkpoint continue the same stream.
   */
  getState(): number[] {
    return [...this.bitgen.mt, this.bitgen.mti];
  }

  /** `random.setstate((3, state, None))`. */
  setState(state: readonly number[]): void {
    const n = this.bitgen.mt.length;
    const pos = state[n];
    if (
      state.length !== n + 1 ||
      pos === undefined ||
      !Number.isInteger(pos) ||
      pos < 0 ||
      pos > n ||
      state.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)
    ) {
      throw new RangeError(`a Python random state is ${n} 32-bit words and a position in 0..${n}`);
    }
    this.bitgen.mt.set(state.slice(0, n));
    this.bitgen.mti = pos;
  }

  constructor(seed: number | bigint) {
    let n = typeof seed === 'bigint' ? seed : BigInt(seed);
    if (typeof seed === 'number' && !Number.isInteger(seed)) throw new RangeError(`integer seed required, got ${seed}`);
    if (n < 0n) n = -n;
    const key: number[] = [];
    while (n > 0n) {
      key.push(Number(n & 0xffffffffn));
      n >>= 32n;
    }
    if (key.length === 0) key.push(0);
    this.bitgen.initByArray(key);
  }

  /** `random()`: 53-bit double in [0, 1). */
  random(): number {
    return this.bitgen.nextDouble();
  }

  /** `getrandbits(k)` for 0 ≤ k ≤ 53 (low 32-bit word drawn first). */
  getrandbits(k: number): number {
    if (k <= 0) return 0;
    if (k <= 32) return this.bitgen.nextUint32() >>> (32 - k);
    if (k > 53) throw new RangeError('getrandbits beyond 53 bits is not supported');
    const lo = this.bitgen.nextUint32();
    const hi = this.bitgen.nextUint32() >>> (64 - k);
    return hi * TWO_POW_32 + lo;
  }

  /** `_randbelow_with_getrandbits(n)`: rejection on bit_length(n) bits (n = 1 still consumes a word). */
  randbelow(n: number): number {
    if (!(n > 0) || !Number.isSafeInteger(n)) throw new RangeError(`randbelow needs a positive integer, got ${n}`);
    const k = bitLength(n);
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** `randrange(n)` for a positive integer stop. */
  randrange(n: number): number {
    return this.randbelow(n);
  }

  /**
   * `sample(population, k)`: the pool method when n ≤ setsize, else the set method (CPython 3.11).
   * A number population means `range(n)` and returns indices.
   */
  sample(population: number, k: number): number[];
  sample<T>(population: readonly T[], k: number): T[];
  sample<T>(population: number | readonly T[], k: number): (number | T)[] {
    const n = typeof population === 'number' ? population : population.length;
    const at = (i: number): number | T => (typeof population === 'number' ? i : population[i]!);
    if (!(k >= 0 && k <= n) || !Number.isInteger(k)) {
      throw new RangeError('Sample larger than population or is negative');
    }
    const result = new Array<number | T>(k);
    let setsize = 21;
    if (k > 5) setsize += 4 ** Math.ceil(Math.log(k * 3) / Math.log(4));
    if (n <= setsize) {
      const pool: (number | T)[] = typeof population === 'number' ? Array.from({ length: n }, (_, i) => i) : [...population];
      for (let i = 0; i < k; i++) {
        const j = this.randbelow(n - i);
        result[i] = pool[j]!;
        pool[j] = pool[n - i - 1]!;
      }
    } else {
      const selected = new Set<number>();
      for (let i = 0; i < k; i++) {
        let j = this.randbelow(n);
        while (selected.has(j)) j = this.randbelow(n);
        selected.add(j);
        result[i] = at(j);
      }
    }
    return result;
  }

  /** `choices(range(n), k=k)` without weights: floor(random()·n) per draw. */
  choices(n: number, k: number): number[] {
    const out = new Array<number>(k);
    for (let i = 0; i < k; i++) out[i] = Math.floor(this.random() * n);
    return out;
  }

  /** `shuffle(x)` in place (CPython: for i = n−1..1, j = randbelow(i+1)). */
  shuffle<T extends Shuffleable>(x: T): T {
    for (let i = x.length - 1; i >= 1; i--) {
      const j = this.randbelow(i + 1);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
    return x;
  }
}

function bitLength(n: number): number {
  if (n < TWO_POW_32) return 32 - Math.clz32(n);
  return 32 + bitLength(Math.floor(n / TWO_POW_32));
}
