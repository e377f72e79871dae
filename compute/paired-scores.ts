/**
 * The paired scores of the STS and pair-classification evaluators: the native addon when it is built (about 10x
 * faster, docs/performance.md), else metrics/similarity.ts pairedAll. Both give the same bits
 * (test/compute/paired-scores.test.ts).
 */
import { availableParallelism } from 'node:os';
import type { Matrix } from '../core/matrix.js';
import { emptyPairedScores, type PairedScores, pairedAll } from '../metrics/similarity.js';
import { loadPairedKernel } from './native/paired.js';

export function pairedScores(a: Matrix, b: Matrix): PairedScores {
  const kern = loadPairedKernel();
  if (!kern || a.rows !== b.rows || a.cols !== b.cols) return pairedAll(a, b); // the JS code reports bad shapes
  const n = a.rows;
  const out = emptyPairedScores(n);
  kern.pairedAll(a.data, b.data, n, a.cols, out.cosine, out.modelCosine, out.dot, out.manhattan, out.euclidean, availableParallelism());
  return out;
}
