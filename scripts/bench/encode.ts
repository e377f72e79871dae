/**
 * `npm run bench -- encode`: the hf: encoder end to end on a MiniLM-L6-shaped random BERT (6 layers, hidden 384,
 * 12 heads, max_seq_length 256), on texts with SciFact's corpus length mix.
 *
 * Prints sentences/s and tokens/s, the ratio of our encoder to a raw onnxruntime-node session fed the same token
 * batches (raw time / our time: 1.0 = no overhead; target >= 0.9), and the gain of length-sorted batching over
 * input order. The model is generated from TypeScript (scripts/fixtures/random-bert-onnx.ts, ~90 MB) into
 * $TMPDIR/mteb-ts-bench once; no Python needed. The vocabulary is built from the texts (frequent words whole,
 * rare ones split), which gives WordPiece-like token counts.
 *
 * Env: BENCH_ENCODE_N (texts, default 128), BENCH_ENCODE_ROUNDS (interleaved rounds, best kept; default 3),
 * BENCH_ENCODE_BATCH (default 32), BENCH_ENCODE_THREADS (default: cores).
 */
import { join } from 'node:path';
import type { TokenizedBatch } from '../../models/sentence-transformers/tokenize.js';
import { create, type TransformersEncoder } from '../../models/transformers.js';
import { MINILM_L6 } from '../fixtures/random-bert-onnx.js';
import { encodeBenchSetup } from './_encode-setup.js';

let cpuSpent = 0;
/** Wall seconds; also adds the process CPU seconds (all threads) to cpuSpent, which waiting on a busy machine does not inflate. */
async function time<T>(f: () => Promise<T>): Promise<[T, number]> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await f();
  const c = process.cpuUsage(c0);
  cpuSpent = (c.user + c.system) / 1e6;
  return [r, (performance.now() - t0) / 1000];
}

export async function main(): Promise<void> {
  const { rounds, batchSize, threads, texts, source, dir } = encodeBenchSetup(3);
  const enc = (await create(dir, { threads, batchSize })) as TransformersEncoder;

  // the exact batches our encoder builds (ST order: longest first), for the raw session
  const prepared = texts.map((t) => t.trim());
  const order = Array.from({ length: prepared.length }, (_, i) => i).sort((a, b) => prepared[b]!.length - prepared[a]!.length || a - b);
  const batches: TokenizedBatch[] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(enc.tokenize(order.slice(i, i + batchSize).map((k) => prepared[k]!)));
  const tokens = batches.reduce((s, b) => s + b.tokens, 0);
  const padded = batches.reduce((s, b) => s + b.batch * b.seqLen, 0);

  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(join(dir, 'onnx', 'model.onnx'), { intraOpNumThreads: threads, interOpNumThreads: 1 });
  const runOurs = () => enc.encodeWithPrompt(texts, '', batchSize);

  const runUnsorted = async () => {
    enc.sortByLength = false;
    try {
      await runOurs();
    } finally {
      enc.sortByLength = true;
    }
  };

  // warm up, then interleave the three measurements (the machine may be shared) and keep each one's best round
  await enc.encodeWithPrompt(texts.slice(0, batchSize), '', batchSize);
  const last = batches.at(-1)!;
  await session.run({
    input_ids: new ort.Tensor('int64', last.inputIds, [last.batch, last.seqLen]),
    attention_mask: new ort.Tensor('int64', last.attentionMask, [last.batch, last.seqLen]),
    token_type_ids: new ort.Tensor('int64', new BigInt64Array(last.inputIds.length), [last.batch, last.seqLen]),
  });
  // full passes, interleaved: throughput and the length-sort gain
  let ours = Infinity;
  let unsorted = Infinity;
  let sortedSum = 0;
  let unsortedSum = 0;
  let sortedCpu = 0;
  let unsortedCpu = 0;
  for (let r = 0; r < rounds; r++) {
    const order2: (() => Promise<unknown>)[] = r % 2 ? [runUnsorted, runOurs] : [runOurs, runUnsorted];
    for (const f of order2) {
      const [, t] = await time(f);
      if (f === runOurs) {
        ours = Math.min(ours, t);
        sortedSum += t;
        sortedCpu += cpuSpent;
      } else {
        unsorted = Math.min(unsorted, t);
        unsortedSum += t;
        unsortedCpu += cpuSpent;
      }
    }
  }
  // ours vs raw, interleaved batch by batch (alternating which goes first) so load drift on a shared machine
  // hits both sides alike: our encoder on the batch's texts (tokenize + run + pool + normalize) vs session.run
  const chunks: string[][] = [];
  for (let i = 0; i < order.length; i += batchSize) chunks.push(order.slice(i, i + batchSize).map((k) => texts[k]!));
  let oursSum = 0;
  let rawSum = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < batches.length; i++) {
      const b = batches[i]!;
      const dims = [b.batch, b.seqLen];
      const doRaw = () =>
        session.run({
          input_ids: new ort.Tensor('int64', b.inputIds, dims),
          attention_mask: new ort.Tensor('int64', b.attentionMask, dims),
          token_type_ids: new ort.Tensor('int64', new BigInt64Array(b.inputIds.length), dims),
        });
      const doOurs = () => enc.encodeWithPrompt(chunks[i]!, '', batchSize);
      if ((r + i) % 2) {
        rawSum += (await time(doRaw))[1];
        oursSum += (await time(doOurs))[1];
      } else {
        oursSum += (await time(doOurs))[1];
        rawSum += (await time(doRaw))[1];
      }
    }
  }
  const raw = (rawSum / rounds) as number;
  // our own CPU-side tokenization per pass (HF truncation), measured without the model
  const t0 = performance.now();
  for (let i = 0; i < order.length; i += batchSize) enc.tokenize(order.slice(i, i + batchSize).map((k) => prepared[k]!));
  const tokenizeSeconds = (performance.now() - t0) / 1000;
  let unsortedPadded = 0;
  for (let i = 0; i < prepared.length; i += batchSize) {
    const b = enc.tokenize(prepared.slice(i, i + batchSize));
    unsortedPadded += b.batch * b.seqLen;
  }
  await session.release();
  await enc.close();

  const ratio = rawSum / oursSum;
  const gain = unsortedSum / sortedSum;
  console.log(
    `texts: ${texts.length} (${source}), batch ${batchSize}, threads ${threads}, max_seq_length ${MINILM_L6.maxSeqLength}, best of ${rounds} interleaved rounds`,
  );
  console.log(
    `tokens: ${tokens} real, ${padded} padded sorted, ${unsortedPadded} padded in input order (mean ${(tokens / texts.length).toFixed(1)} per text)`,
  );
  console.log(
    `ours (end to end, length-sorted): ${ours.toFixed(2)} s  ${(texts.length / ours).toFixed(1)} sentences/s  ${(tokens / ours).toFixed(0)} tokens/s`,
  );
  console.log(
    `batch-interleaved, mean per pass: ours ${(oursSum / rounds).toFixed(2)} s, raw onnxruntime-node session on the same token batches ${raw.toFixed(2)} s`,
  );
  console.log(`ratio ours/raw throughput: ${ratio.toFixed(3)} (target >= 0.9)`);
  console.log(`our CPU-side work (tokenize with HF truncation) per pass: ${tokenizeSeconds.toFixed(2)} s`);
  console.log(
    `input order (no length sort): best ${unsorted.toFixed(2)} s; over all alternating rounds length-sorted batching is ${gain.toFixed(2)}x faster in wall time, ${(unsortedCpu / sortedCpu).toFixed(2)}x in CPU time (${((1 - padded / unsortedPadded) * 100).toFixed(1)}% fewer padded positions)`,
  );
  console.log(
    JSON.stringify({
      bench: 'encode',
      texts: texts.length,
      source,
      batch_size: batchSize,
      threads,
      tokens,
      seconds: +ours.toFixed(3),
      sentences_per_s: +(texts.length / ours).toFixed(2),
      tokens_per_s: +(tokens / ours).toFixed(1),
      raw_seconds: +raw.toFixed(3),
      ours_interleaved_seconds: +(oursSum / rounds).toFixed(3),
      tokenize_seconds: +tokenizeSeconds.toFixed(3),
      padded_sorted: padded,
      padded_input_order: unsortedPadded,
      rounds,
      ratio_vs_raw_ort: +ratio.toFixed(3),
      unsorted_seconds: +unsorted.toFixed(3),
      sort_gain: +gain.toFixed(3),
      sort_gain_cpu: +(unsortedCpu / sortedCpu).toFixed(3),
    }),
  );
}
