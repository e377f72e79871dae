import type { EncodeContext, Encoder } from '../core/encoder.js';
import { ModelError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';

/**
 * Wraps an encoder so every result is checked before an evaluator sees it: one row per text, the same
 * dimension on every call, no NaN/Infinity. Errors name the model, task, split, subset and the offending text.
 */
export function checkedEncoder(inner: Encoder): Encoder {
  let dim: number | undefined = inner.meta.embedDim;
  const check = (m: Matrix, texts: readonly string[], ctx: EncodeContext): Matrix => {
    const where = { model: inner.name, task: ctx.task.name, split: ctx.split, subset: ctx.subset };
    if (!m || !(m.data instanceof Float32Array)) throw new ModelError('encoder returned no Float32Array matrix', where);
    if (m.rows !== texts.length) throw new ModelError(`encoder returned ${m.rows} vectors for ${texts.length} texts`, where);
    if (m.data.length !== m.rows * m.cols) throw new ModelError(`matrix data has ${m.data.length} values, expected ${m.rows}x${m.cols}`, where);
    if (texts.length > 0) {
      if (dim === undefined) dim = m.cols;
      else if (m.cols !== dim) throw new ModelError(`embedding dimension changed: got ${m.cols}, expected ${dim}`, where);
    }
    const d = m.data;
    for (let i = 0; i < d.length; i++) {
      if (!Number.isFinite(d[i]!)) {
        const row = Math.floor(i / m.cols);
        const t = texts[row] ?? '';
        throw new ModelError(
          `embedding of text #${row} contains ${d[i]} at dimension ${i % m.cols}: ${JSON.stringify(t.length > 60 ? `${t.slice(0, 60)}…` : t)}`,
          where,
        );
      }
    }
    return m;
  };
  const wrapped: Encoder = {
    name: inner.name,
    revision: inner.revision,
    similarity: inner.similarity,
    meta: inner.meta,
    kind: inner.kind,
    maxTextChars: inner.maxTextChars,
    async encode(texts, ctx) {
      if (texts.length === 0) return { rows: 0, cols: dim ?? 0, data: new Float32Array(0) };
      return check(await inner.encode(texts, ctx), texts, ctx);
    },
    close: inner.close?.bind(inner),
  };
  if (inner.retrieve) wrapped.retrieve = inner.retrieve.bind(inner);
  if (inner.resolvePrompt) wrapped.resolvePrompt = inner.resolvePrompt.bind(inner);
  return wrapped;
}
