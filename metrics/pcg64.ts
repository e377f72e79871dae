/**
 * numpy's `default_rng(seed)`: SeedSequence entropy mixing + PCG64 (XSL-RR 128/64), enough to reproduce
 * `rng.random(size, dtype=float32)` and `rng.random()` bit for bit (mteb's random baseline uses it).
 */
const MASK32 = 0xffffffffn;
const MASK64 = (1n << 64n) - 1n;
const MASK128 = (1n << 128n) - 1n;
const PCG_MULT = 0x2360ed051fc65da44385df649fccf645n;

const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const POOL_SIZE = 4;

const mul32 = (a: number, b: number) => Math.imul(a, b) >>> 0;

/** numpy SeedSequence(entropy).generate_state(nWords32) as uint32 words (no spawn key). */
export function seedSequenceState(entropy: bigint | number, nWords32: number): Uint32Array {
  let e = BigInt(entropy);
  if (e < 0n) throw new RangeError('SeedSequence entropy must be non-negative');
  const words: number[] = [];
  do {
    words.push(Number(e & MASK32));
    e >>= 32n;
  } while (e > 0n);
  let hashConst = INIT_A;
  const hashmix = (value: number): number => {
    value = (value ^ hashConst) >>> 0;
    hashConst = mul32(hashConst, MULT_A);
    value = mul32(value, hashConst);
    return (value ^ (value >>> 16)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    const r = (mul32(MIX_MULT_L, x) - mul32(MIX_MULT_R, y)) >>> 0;
    return (r ^ (r >>> 16)) >>> 0;
  };
  const pool = new Uint32Array(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < words.length ? words[i]! : 0);
  for (let s = 0; s < POOL_SIZE; s++) for (let d = 0; d < POOL_SIZE; d++) if (s !== d) pool[d] = mix(pool[d]!, hashmix(pool[s]!));
  for (let s = POOL_SIZE; s < words.length; s++) for (let d = 0; d < POOL_SIZE; d++) pool[d] = mix(pool[d]!, hashmix(words[s]!));
  const out = new Uint32Array(nWords32);
  let hb = INIT_B;
  for (let i = 0; i < nWords32; i++) {
    let v = (pool[i % POOL_SIZE]! ^ hb) >>> 0;
    hb = mul32(hb, MULT_B);
    v = mul32(v, hb);
    out[i] = (v ^ (v >>> 16)) >>> 0;
  }
  return out;
}

export class PCG64 {
  private state = 0n;
  private inc = 0n;
  private buffered: number | undefined;

  constructor(seed: bigint | number) {
    const w = seedSequenceState(seed, 8);
    const u64 = (i: number) => (BigInt(w[2 * i + 1]!) << 32n) | BigInt(w[2 * i]!);
    // pcg64_set_seed(seed = val[0..1], inc = val[2..3]) with PCG_128BIT_CONSTANT(high, low).
    const initState = (u64(0) << 64n) | u64(1);
    const initSeq = (u64(2) << 64n) | u64(3);
    this.inc = ((initSeq << 1n) | 1n) & MASK128;
    this.step();
    this.state = (this.state + initState) & MASK128;
    this.step();
  }

  private step(): void {
    this.state = (this.state * PCG_MULT + this.inc) & MASK128;
  }

  nextUint64(): bigint {
    this.step();
    const s = this.state;
    const x = ((s >> 64n) ^ s) & MASK64;
    const rot = Number(s >> 122n);
    return ((x >> BigInt(rot)) | (x << BigInt((64 - rot) & 63))) & MASK64;
  }

  /** numpy buffers the high half of a 64-bit draw for the next 32-bit request. */
  nextUint32(): number {
    if (this.buffered !== undefined) {
      const v = this.buffered;
      this.buffered = undefined;
      return v;
    }
    const n = this.nextUint64();
    this.buffered = Number(n >> 32n);
    return Number(n & MASK32);
  }

  /** rng.random(dtype=float32): (u32 >> 8) * 2^-24. */
  nextFloat32(): number {
    return (this.nextUint32() >>> 8) * (1 / 16777216);
  }

  /** rng.random(): (u64 >> 11) * 2^-53. */
  nextDouble(): number {
    return Number(this.nextUint64() >> 11n) * (1 / 9007199254740992);
  }
}
