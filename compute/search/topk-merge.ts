/**
 * Running per-query top-k lists, merged chunk by chunk.
 * Order: score descending, then doc index ascending (so on equal scores the lower index wins,
 * both inside a chunk and across chunks, whatever order the chunks arrive in).
 * Empty slots hold index -1 and score -Infinity and sort last.
 */
export class RunningTopK {
  readonly scores: Float32Array;
  readonly indices: Int32Array;
  private tmpScores: Float32Array;
  private tmpIndices: Int32Array;

  /** `scores`/`indices` may be given (e.g. views of shared memory, queries * k long); they are reset. */
  constructor(
    readonly queries: number,
    readonly k: number,
    scores?: Float32Array,
    indices?: Int32Array,
  ) {
    this.scores = (scores ?? new Float32Array(queries * k)).fill(-Infinity);
    this.indices = (indices ?? new Int32Array(queries * k)).fill(-1);
    this.tmpScores = new Float32Array(k);
    this.tmpIndices = new Int32Array(k);
  }

  /**
   * Merges a chunk's per-query lists (each `kc` long, already sorted by score desc / local index asc,
   * local indices shifted by `offset`) into the running lists.
   */
  merge(chunkScores: Float32Array, chunkIndices: Int32Array, kc: number, offset: number): void {
    const { k, scores, indices, tmpScores, tmpIndices } = this;
    if (k === 0 || kc === 0) return;
    for (let q = 0; q < this.queries; q++) {
      const rb = q * k;
      const cb = q * kc;
      // Fast reject: the chunk's best cannot enter a full list.
      const lastIdx = indices[rb + k - 1]!;
      const cs0 = chunkScores[cb]!;
      if (lastIdx >= 0 && (cs0 < scores[rb + k - 1]! || (cs0 === scores[rb + k - 1]! && chunkIndices[cb]! + offset > lastIdx))) continue;
      let i = 0;
      let j = 0;
      for (let o = 0; o < k; o++) {
        const ri = indices[rb + i];
        const rs = scores[rb + i]!;
        let takeChunk: boolean;
        if (j >= kc) takeChunk = false;
        else if (i >= k || ri === -1) takeChunk = true;
        else {
          const cs = chunkScores[cb + j]!;
          const ci = chunkIndices[cb + j]! + offset;
          takeChunk = cs > rs || (cs === rs && ci < ri!);
        }
        if (takeChunk) {
          tmpScores[o] = chunkScores[cb + j]!;
          tmpIndices[o] = chunkIndices[cb + j]! + offset;
          j++;
        } else if (i < k && ri !== -1) {
          tmpScores[o] = rs;
          tmpIndices[o] = ri!;
          i++;
        } else {
          tmpScores[o] = -Infinity;
          tmpIndices[o] = -1;
        }
      }
      scores.set(tmpScores, rb);
      indices.set(tmpIndices, rb);
    }
  }

  /**
   * Merges `count` candidates of query `q` (sorted by score desc / index asc, absolute doc indices)
   * into its running list.
   */
  mergeRow(q: number, candScores: Float32Array, candIndices: Int32Array, count: number): void {
    const { k, scores, indices, tmpScores, tmpIndices } = this;
    if (k === 0 || count === 0) return;
    const rb = q * k;
    let i = 0;
    let j = 0;
    for (let o = 0; o < k; o++) {
      const ri = indices[rb + i]!;
      const rs = scores[rb + i]!;
      let takeCand: boolean;
      if (j >= count) takeCand = false;
      else if (i >= k || ri === -1) takeCand = true;
      else {
        const cs = candScores[j]!;
        takeCand = cs > rs || (cs === rs && candIndices[j]! < ri);
      }
      if (takeCand) {
        tmpScores[o] = candScores[j]!;
        tmpIndices[o] = candIndices[j]!;
        j++;
      } else if (i < k && ri !== -1) {
        tmpScores[o] = rs;
        tmpIndices[o] = ri;
        i++;
      } else {
        tmpScores[o] = -Infinity;
        tmpIndices[o] = -1;
      }
    }
    scores.set(tmpScores, rb);
    indices.set(tmpIndices, rb);
  }

  /** Score of the entry a new candidate must beat to enter query q's list (-Infinity while not full). */
  thresholdScore(q: number): number {
    const last = q * this.k + this.k - 1;
    return this.indices[last] === -1 ? -Infinity : this.scores[last]!;
  }

  /** Index of that entry (0x7fffffff while not full): an equal score enters only with a lower index. */
  thresholdIndex(q: number): number {
    const idx = this.indices[q * this.k + this.k - 1]!;
    return idx === -1 ? 0x7fffffff : idx;
  }
}
