/**
 * WebAssembly SIMD kernels for the exact float32 parts of a MiniBatchKMeans step (metrics/kmeans/).
 *
 * Why wasm: the step must round every float32 operation exactly as sklearn's C code does. In JS each such
 * operation is a float64 operation plus Math.fround; wasm `f32x4.sub/mul/add` and `f32.add` are the IEEE float32
 * operations themselves (round to nearest even, no FMA contraction), so the results are bit-identical to the JS
 * emulation at a fraction of the cost. The module is assembled here from opcodes (no toolchain, no I/O).
 *
 * Each fit gets its own instance and memory (fits may interleave at `await`s).
 */

// --- a minimal wasm binary assembler ---------------------------------------------------------------------------

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

// instructions (operands follow where needed)
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const tee = (i: number) => [0x22, ...uleb(i)];
const i32c = (v: number) => [0x41, ...sleb(v)];
const f32c0 = [0x43, 0, 0, 0, 0];
const I32_ADD = [0x6a];
const I32_MUL = [0x6c];
const I32_SHL = [0x74];
const I32_SHR_U = [0x76];
const I32_GE_U = [0x4f];
const F32_ADD = [0x92];
const F32_SUB = [0x93];
const F32_MUL = [0x94];
const i32load = [0x28, 2, 0];
const f32load = [0x2a, 2, 0];
const f32store = [0x38, 2, 0];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const v128load = simd(0x00, 0, 0);
const v128store = simd(0x0b, 0, 0);
const f32x4lane = (l: number) => simd(0x1f, l);
const F32X4_ADD = simd(0xe4);
const F32X4_SUB = simd(0xe5);
const F32X4_MUL = simd(0xe6);
const f64c = (v: number) => [0x44, ...new Uint8Array(new Float64Array([v]).buffer)];
const F64_ADD = [0xa0];
const F64_MUL = [0xa2];
const F32_GT = [0x5e];
const F32_DEMOTE = [0xb6];
const F64_PROMOTE = [0xbb];
const SELECT = [0x1b];
const f64load = [0x2b, 3, 0];
const f64x2lane = (l: number) => simd(0x21, l);
const F64X2_SPLAT = simd(0x14);
const F64X2_ADD = simd(0xf0);
const F64X2_MUL = simd(0xf2);
const V128_ZERO = [0xfd, ...uleb(0x0c), ...new Array<number>(16).fill(0)];
const I32_AND = [0x71];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const END = [0x0b];
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
const br = (depth: number) => [0x0c, ...uleb(depth)];

/** `while (get(a) < get(b)) { body }` as block/loop (unsigned compare). */
const whileLt = (a: number, b: number, body: number[]) => [
  ...BLOCK,
  ...LOOP,
  ...get(a),
  ...get(b),
  ...I32_GE_U,
  ...brIf(1),
  ...body,
  ...br(0),
  ...END,
  ...END,
];

/**
 * inertia_update(xb, c, cn, labels, batch, d) -> f32, all pointers in bytes:
 * for each batch row r (row-major float32 at xb) with center l = labels[r]:
 *   ra = Σ over groups of 4 of (((a0² + a1²) + a2²) + a3²), a = x − c[l] (float32, sklearn's unrolled order),
 *        then the d mod 4 tail one square at a time;  inertia = inertia + ra (sequential over rows);
 *   cn[l] += x elementwise (float32, rows in batch order).
 */
function inertiaUpdateFn(): { params: number[]; results: number[]; locals: [number, number][]; body: number[] } {
  // params
  const XB = 0,
    C = 1,
    CN = 2,
    LAB = 3,
    BATCH = 4,
    D = 5;
  // locals
  const R = 6,
    XO = 7,
    CO = 8,
    T = 9,
    QEND = 10,
    DEND = 11,
    RA = 12,
    INERTIA = 13,
    XS = 14,
    A = 15,
    XV = 16,
    SQ = 17;
  const body = [
    ...f32c0,
    ...set(INERTIA),
    ...i32c(0),
    ...set(R),
    ...get(XB),
    ...set(XO),
    ...get(D),
    ...i32c(2),
    ...I32_SHR_U,
    ...i32c(4),
    ...I32_SHL,
    ...set(QEND), // (d >> 2) * 16 bytes
    ...get(D),
    ...i32c(2),
    ...I32_SHL,
    ...set(DEND), // d * 4 bytes
    ...whileLt(R, BATCH, [
      // co = labels[r] * d * 4
      ...get(LAB),
      ...get(R),
      ...i32c(2),
      ...I32_SHL,
      ...I32_ADD,
      ...i32load,
      ...get(DEND),
      ...I32_MUL,
      ...set(CO),
      ...f32c0,
      ...set(RA),
      ...i32c(0),
      ...set(T),
      ...whileLt(T, QEND, [
        ...get(XO),
        ...get(T),
        ...I32_ADD,
        ...v128load,
        ...tee(XV),
        ...get(C),
        ...get(CO),
        ...I32_ADD,
        ...get(T),
        ...I32_ADD,
        ...v128load,
        ...F32X4_SUB,
        ...tee(SQ),
        ...get(SQ),
        ...F32X4_MUL,
        ...set(SQ),
        // ra = ra + (((s0 + s1) + s2) + s3)
        ...get(RA),
        ...get(SQ),
        ...f32x4lane(0),
        ...get(SQ),
        ...f32x4lane(1),
        ...F32_ADD,
        ...get(SQ),
        ...f32x4lane(2),
        ...F32_ADD,
        ...get(SQ),
        ...f32x4lane(3),
        ...F32_ADD,
        ...F32_ADD,
        ...set(RA),
        // cn[l][t..t+3] += x[t..t+3]
        ...get(CN),
        ...get(CO),
        ...I32_ADD,
        ...get(T),
        ...I32_ADD,
        ...get(CN),
        ...get(CO),
        ...I32_ADD,
        ...get(T),
        ...I32_ADD,
        ...v128load,
        ...get(XV),
        ...F32X4_ADD,
        ...v128store,
        ...get(T),
        ...i32c(16),
        ...I32_ADD,
        ...set(T),
      ]),
      ...whileLt(T, DEND, [
        ...get(XO),
        ...get(T),
        ...I32_ADD,
        ...f32load,
        ...tee(XS),
        ...get(C),
        ...get(CO),
        ...I32_ADD,
        ...get(T),
        ...I32_ADD,
        ...f32load,
        ...F32_SUB,
        ...set(A),
        ...get(RA),
        ...get(A),
        ...get(A),
        ...F32_MUL,
        ...F32_ADD,
        ...set(RA),
        ...get(CN),
        ...get(CO),
        ...I32_ADD,
        ...get(T),
        ...I32_ADD,
        ...get(CN),
        ...get(CO),
        ...I32_ADD,
        ...get(T),
        ...I32_ADD,
        ...f32load,
        ...get(XS),
        ...F32_ADD,
        ...f32store,
        ...get(T),
        ...i32c(4),
        ...I32_ADD,
        ...set(T),
      ]),
      ...get(INERTIA),
      ...get(RA),
      ...F32_ADD,
      ...set(INERTIA),
      ...get(XO),
      ...get(DEND),
      ...I32_ADD,
      ...set(XO),
      ...get(R),
      ...i32c(1),
      ...I32_ADD,
      ...set(R),
    ]),
    ...get(INERTIA),
    ...END,
  ];
  return {
    params: [I32, I32, I32, I32, I32, I32],
    results: [F32],
    // R XO CO T QEND DEND: i32 ×6; RA INERTIA XS A: f32 ×4; XV SQ: v128 ×2
    locals: [
      [6, I32],
      [4, F32],
      [2, V128],
    ],
    body,
  };
}

/**
 * dist4(x, n, d, c, xx, cc, out), pointers in bytes: k-means++ candidate distances as metrics/kmeans/plusplus.ts
 * `sqDistRowsToAll` computes them for a group of 4 centers, in float64 with the same operation order:
 * s_q = Σ_t x[i][t]·c_q[t] summed in index order (no FMA), then out[q·n + i] = max(float32(−2·s_q + cc_q + xx_i), 0)
 * (NaN → 0). x: n×d float32; c: float64 interleaved c[t·4 + q]; xx: n float64; cc: 4 float64; out: 4×n float32.
 * Rows go ROWS at a time (independent accumulators), the rest one at a time.
 */
function dist4Fn(): { params: number[]; results: number[]; locals: [number, number][]; body: number[] } {
  const X = 0,
    N = 1,
    D = 2,
    C = 3,
    XX = 4,
    CC = 5,
    OUT = 6;
  const I = 7,
    XO = 8,
    T = 9,
    DEND = 10,
    NMAIN = 11,
    CP = 12,
    NB = 13; // i32
  const ROWS = 4;
  const PR = 14; // i32 × (ROWS − 1): byte pointers of rows i + 1 … i + ROWS − 1
  const V = PR + ROWS - 1; // f32
  const C01 = V + 1,
    C23 = V + 2,
    XS = V + 3; // v128: this t's center values (shared by the rows), x splat
  const ACC = V + 4; // v128 × 2·ROWS
  const rowsBlock = (rows: number): number[] => {
    const acc = (r: number, h: number) => ACC + 2 * r + h;
    const out: number[] = [];
    for (let r = 0; r < rows; r++) out.push(...V128_ZERO, ...set(acc(r, 0)), ...V128_ZERO, ...set(acc(r, 1)));
    out.push(...i32c(0), ...set(T), ...get(C), ...set(CP));
    for (let r = 1; r < rows; r++) out.push(...get(XO), ...get(DEND), ...i32c(r), ...I32_MUL, ...I32_ADD, ...set(PR + r - 1));
    const inner: number[] = [...get(CP), ...v128load, ...set(C01), ...get(CP), ...i32c(16), ...I32_ADD, ...v128load, ...set(C23)];
    for (let r = 0; r < rows; r++) {
      // xs = splat(float64(x[i + r][t])), then acc += xs·c (two lanes of centers each)
      inner.push(...get(r === 0 ? XO : PR + r - 1), ...get(T), ...I32_ADD, ...f32load, ...F64_PROMOTE, ...F64X2_SPLAT, ...set(XS));
      for (let h = 0; h < 2; h++) inner.push(...get(acc(r, h)), ...get(XS), ...get(h ? C23 : C01), ...F64X2_MUL, ...F64X2_ADD, ...set(acc(r, h)));
    }
    inner.push(...get(CP), ...i32c(32), ...I32_ADD, ...set(CP));
    inner.push(...get(T), ...i32c(4), ...I32_ADD, ...set(T));
    out.push(...whileLt(T, DEND, inner));
    for (let r = 0; r < rows; r++) {
      for (let q = 0; q < 4; q++) {
        // address out + (q·n + i + r)·4
        out.push(...get(OUT), ...get(NB), ...i32c(q), ...I32_MUL, ...I32_ADD, ...get(I), ...i32c(r), ...I32_ADD, ...i32c(2), ...I32_SHL, ...I32_ADD);
        out.push(...f64c(-2), ...get(acc(r, q >> 1)), ...f64x2lane(q & 1), ...F64_MUL);
        out.push(...get(CC), ...f64load.slice(0, 2), ...uleb(q * 8), ...F64_ADD);
        out.push(...get(XX), ...get(I), ...i32c(r), ...I32_ADD, ...i32c(3), ...I32_SHL, ...I32_ADD, ...f64load, ...F64_ADD);
        out.push(...F32_DEMOTE, ...tee(V), ...f32c0, ...get(V), ...f32c0, ...F32_GT, ...SELECT, ...f32store);
      }
    }
    out.push(...get(XO), ...get(DEND), ...i32c(rows), ...I32_MUL, ...I32_ADD, ...set(XO));
    out.push(...get(I), ...i32c(rows), ...I32_ADD, ...set(I));
    return out;
  };
  const body = [
    ...get(D),
    ...i32c(2),
    ...I32_SHL,
    ...set(DEND),
    ...get(N),
    ...i32c(2),
    ...I32_SHL,
    ...set(NB),
    ...get(N),
    ...i32c(-ROWS),
    ...I32_AND,
    ...set(NMAIN), // n − n mod ROWS (ROWS a power of two)
    ...i32c(0),
    ...set(I),
    ...get(X),
    ...set(XO),
    ...whileLt(I, NMAIN, rowsBlock(ROWS)),
    ...whileLt(I, N, rowsBlock(1)),
    ...END,
  ];
  return {
    params: [I32, I32, I32, I32, I32, I32, I32],
    results: [],
    locals: [
      [7 + ROWS - 1, I32],
      [1, F32],
      [3 + 2 * ROWS, V128],
    ],
    body,
  };
}

/**
 * dots32(x, n, d, c, k, out), pointers in bytes: out[r·k + j] ≈ x_r·c_j for n float32 rows x and k float32 centers c,
 * summed in float32 over 4 lanes (an estimate: any float32 summation order is within the γ_d bound that
 * `assignLabels` allows for). Centers go 4 at a time sharing each x load, the rest one at a time.
 */
function dots32Fn(): Fn {
  const X = 0,
    N = 1,
    D = 2,
    C = 3,
    K = 4,
    OUT = 5;
  const R = 6,
    XO = 7,
    J = 8,
    CO = 9,
    T = 10,
    QEND = 11,
    DEND = 12,
    KEND = 13,
    OP = 14,
    CQ = 15; // i32 (CQ: 3)
  const XS = 18,
    S = 19; // f32 (S: 4)
  const XV = 23,
    ACC = 24; // v128 (ACC: 4)
  const group = (g: number): number[] => {
    const cq = (q: number) => (q === 0 ? get(CO) : get(CQ + q - 1));
    const out: number[] = [];
    for (let q = 1; q < g; q++) out.push(...get(CO), ...get(DEND), ...i32c(q), ...I32_MUL, ...I32_ADD, ...set(CQ + q - 1));
    for (let q = 0; q < g; q++) out.push(...V128_ZERO, ...set(ACC + q));
    out.push(...i32c(0), ...set(T));
    const quad: number[] = [...get(XO), ...get(T), ...I32_ADD, ...v128load, ...set(XV)];
    for (let q = 0; q < g; q++)
      quad.push(...get(ACC + q), ...get(XV), ...cq(q), ...get(T), ...I32_ADD, ...v128load, ...F32X4_MUL, ...F32X4_ADD, ...set(ACC + q));
    quad.push(...get(T), ...i32c(16), ...I32_ADD, ...set(T));
    out.push(...whileLt(T, QEND, quad));
    for (let q = 0; q < g; q++) {
      out.push(...get(ACC + q), ...f32x4lane(0), ...get(ACC + q), ...f32x4lane(1), ...F32_ADD);
      out.push(...get(ACC + q), ...f32x4lane(2), ...get(ACC + q), ...f32x4lane(3), ...F32_ADD, ...F32_ADD, ...set(S + q));
    }
    const tail: number[] = [...get(XO), ...get(T), ...I32_ADD, ...f32load, ...set(XS)];
    for (let q = 0; q < g; q++)
      tail.push(...get(S + q), ...get(XS), ...cq(q), ...get(T), ...I32_ADD, ...f32load, ...F32_MUL, ...F32_ADD, ...set(S + q));
    tail.push(...get(T), ...i32c(4), ...I32_ADD, ...set(T));
    out.push(...whileLt(T, DEND, tail));
    for (let q = 0; q < g; q++) out.push(...get(OP), ...get(S + q), ...f32store.slice(0, 2), ...uleb(4 * q));
    out.push(...get(OP), ...i32c(4 * g), ...I32_ADD, ...set(OP));
    out.push(...get(CO), ...get(DEND), ...i32c(g), ...I32_MUL, ...I32_ADD, ...set(CO));
    out.push(...get(J), ...i32c(g), ...I32_ADD, ...set(J));
    return out;
  };
  const body = [
    ...get(D),
    ...i32c(2),
    ...I32_SHR_U,
    ...i32c(4),
    ...I32_SHL,
    ...set(QEND),
    ...get(D),
    ...i32c(2),
    ...I32_SHL,
    ...set(DEND),
    ...get(K),
    ...i32c(-4),
    ...I32_AND,
    ...set(KEND),
    ...i32c(0),
    ...set(R),
    ...get(X),
    ...set(XO),
    ...get(OUT),
    ...set(OP),
    ...whileLt(R, N, [
      ...i32c(0),
      ...set(J),
      ...get(C),
      ...set(CO),
      ...whileLt(J, KEND, group(4)),
      ...whileLt(J, K, group(1)),
      ...get(XO),
      ...get(DEND),
      ...I32_ADD,
      ...set(XO),
      ...get(R),
      ...i32c(1),
      ...I32_ADD,
      ...set(R),
    ]),
    ...END,
  ];
  return {
    params: [I32, I32, I32, I32, I32, I32],
    results: [],
    locals: [
      [12, I32],
      [5, F32],
      [5, V128],
    ],
    body,
  };
}

type Fn = { params: number[]; results: number[]; locals: [number, number][]; body: number[] };

function assemble(): Uint8Array<ArrayBuffer> {
  const fns: Fn[] = [inertiaUpdateFn(), dist4Fn(), dots32Fn()];
  const types = section(1, vec(fns.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec(f.results.map((p) => [p]))])));
  const funcs = section(3, vec(fns.map((_, i) => uleb(i))));
  const memory = section(5, vec([[0x00, ...uleb(1)]]));
  const exports = section(
    7,
    vec([
      [...name('inertia_update'), 0x00, ...uleb(0)],
      [...name('dist4'), 0x00, ...uleb(1)],
      [...name('dots32'), 0x00, ...uleb(2)],
      [...name('memory'), 0x02, ...uleb(0)],
    ]),
  );
  const code = section(
    10,
    vec(
      fns.map((f) => {
        const fn = [...vec(f.locals.map(([n, t]) => [...uleb(n), t])), ...f.body];
        return [...uleb(fn.length), ...fn];
      }),
    ),
  );
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...funcs, ...memory, ...exports, ...code]);
}

// --- per-fit kernels ------------------------------------------------------------------------------------------

let compiled: WebAssembly.Module | null | undefined;

function module(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(assemble());
    } catch {
      compiled = null; // no WebAssembly SIMD: callers use the JS loops
    }
  }
  return compiled;
}

/** One fit's wasm memory and kernels; typed-array views are handed out by `alloc` (valid for the fit). */
export interface StepKernels {
  /** Reserves `bytes` (16-aligned) and returns the byte offset; call before `views`. */
  alloc(bytes: number): number;
  /** Grows the memory to cover every allocation; views made earlier are invalid afterwards. */
  commit(): ArrayBuffer;
  inertiaUpdate(xb: number, c: number, cn: number, labels: number, batch: number, d: number): number;
  dist4(x: number, n: number, d: number, c: number, xx: number, cc: number, out: number): void;
  dots32(x: number, n: number, d: number, c: number, k: number, out: number): void;
  memory: WebAssembly.Memory;
}

export function stepKernels(): StepKernels | null {
  const mod = module();
  if (!mod) return null;
  const inst = new WebAssembly.Instance(mod, {});
  const mem = inst.exports.memory as WebAssembly.Memory;
  const fn = inst.exports.inertia_update as (...a: number[]) => number;
  let top = 0;
  return {
    alloc(bytes) {
      const at = top;
      top += Math.ceil(bytes / 16) * 16;
      return at;
    },
    commit() {
      const need = Math.ceil(top / 65536) - mem.buffer.byteLength / 65536;
      if (need > 0) mem.grow(need);
      return mem.buffer;
    },
    inertiaUpdate: fn,
    dist4: inst.exports.dist4 as StepKernels['dist4'],
    dots32: inst.exports.dots32 as StepKernels['dots32'],
    memory: mem,
  };
}
