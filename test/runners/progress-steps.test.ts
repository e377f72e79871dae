/**
 * #11 item 2, what the first pass left open: a percentage inside the long scoring phases (k-means fits, classifier
 * experiments, documents searched, bitext sentences matched), and texts done / texts per second for every encoder
 * kind, including those that never report progress themselves. Drawn on a fake terminal (the CLI's own stream
 * writer over a stream with isTTY), and as periodic lines without a TTY with a short real timer; nothing with
 * --quiet; and no score changes when progress is observed.
 */
import { describe, expect, it } from 'vitest';
import type { Encoder, RetrievalRequest } from '../../core/encoder.js';
import { bm25Retrieve } from '../../models/bm25.js';
import { streamIO } from '../../runners/cli-io.js';
import { evaluate } from '../../runners/evaluate.js';
import { type ProgressEvent, progressReporter, withProgress } from '../../runners/progress.js';
import { tasks as demo } from '../../tasks/demo/tasks.js';
import type { TaskMetadata } from '../../tasks/metadata.js';
import { hashEmbed } from '../helpers/hash-embeddings.js';
import { inlineBitextTask } from '../helpers/inline-bitext.js';

/** A terminal that keeps what is visible: `\r` returns to column 0, ESC[K clears to the end, `\n` ends a line. */
function fakeTerminal(columns = 200) {
  const lines: string[] = [''];
  let col = 0;
  const stream = {
    isTTY: true,
    columns,
    write(s: string) {
      for (let i = 0; i < s.length; i++) {
        if (s.startsWith('\x1b[K', i)) {
          lines[lines.length - 1] = lines.at(-1)!.slice(0, col);
          i += 2;
        } else if (s[i] === '\r') col = 0;
        else if (s[i] === '\n') {
          lines.push('');
          col = 0;
        } else {
          const cur = lines.at(-1)!;
          lines[lines.length - 1] = cur.slice(0, col) + s[i] + cur.slice(col + 1);
          col++;
        }
      }
      return true;
    },
  };
  return { stream, visible: () => lines.at(-1)!, log: () => lines.slice(0, -1) };
}

const sink = { write: () => true };

describe('scoring steps on a terminal', () => {
  it('the live line shows done/total, the percentage and an ETA of the step under way', () => {
    let t = 0;
    const term = fakeTerminal();
    const r = progressReporter(streamIO(sink, term.stream), { now: () => t });
    r.onProgress({ kind: 'task', task: 'Clus' });
    r.onProgress({ kind: 'encode', task: 'Clus', where: 'test/default', texts: 100 });
    t = 2;
    r.onProgress({ kind: 'scoring', task: 'Clus', where: 'test/default' });
    r.onProgress({ kind: 'step', task: 'Clus', where: 'test/default', what: 'k-means fits', done: 0, total: 10 });
    expect(term.visible()).toBe('Clus test/default: scoring, 0/10 k-means fits (0%), 0s');
    t = 8;
    r.onProgress({ kind: 'step', task: 'Clus', where: 'test/default', what: 'k-means fits', done: 3, total: 10 });
    // 3 fits in 6 s: 7 left at 2 s each
    expect(term.visible()).toBe('Clus test/default: scoring, 3/10 k-means fits (30%), ETA 14s, 6s');
    t = 9;
    r.onProgress({ kind: 'step', task: 'Clus', where: 'test/default', what: 'k-means fits', done: 10, total: 10 });
    expect(term.visible()).toBe('Clus test/default: scoring, 10/10 k-means fits (100%), 7s');
    r.onProgress({ kind: 'end', task: 'Clus' });
    expect(term.visible()).toBe('');
    expect(term.log()).toEqual([]); // only the status line was ever drawn
    r.stop();
  });

  it('a retrieve call counts in its own unit (pairs) and says "retrieving"', () => {
    let t = 0;
    const term = fakeTerminal();
    const r = progressReporter(streamIO(sink, term.stream), { now: () => t });
    r.onProgress({ kind: 'encode', task: 'Rr', where: 'test/default', texts: 50, verb: 'retrieving' });
    t = 4;
    r.onProgress({ kind: 'encoded', task: 'Rr', where: 'test/default', done: 200, total: 800, unit: 'pairs' });
    expect(term.visible()).toBe('Rr test/default: retrieving 200/800 pairs (25%), 50.0 pairs/s, ETA 12s, 4s');
    r.stop();
  });
});

describe('without a TTY: a periodic line from the timer alone', () => {
  it('prints the step under way every interval while nothing else happens, and stops with stop()', async () => {
    const lines: string[] = [];
    const r = progressReporter({ stdout: () => {}, stderr: (s) => lines.push(s), stderrIsTTY: false }, { everySeconds: 0.05 });
    r.onProgress({ kind: 'task', task: 'Cls' });
    r.onProgress({ kind: 'step', task: 'Cls', where: 'test/default', what: 'experiments', done: 4, total: 10 });
    await new Promise((res) => setTimeout(res, 400));
    const seen = lines.length;
    expect(seen).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toMatch(/^ {2}Cls test\/default: scoring, 4\/10 experiments \(40%\)(, ETA \d+s)?, \ds$/);
    r.stop();
    await new Promise((res) => setTimeout(res, 200));
    expect(lines.length).toBe(seen);
  });

  it('--quiet: no line, no status, however long the step', async () => {
    const lines: string[] = [];
    const term = fakeTerminal();
    const r = progressReporter({ ...streamIO(sink, term.stream), stderr: (s) => lines.push(s) }, { quiet: true, everySeconds: 0.02 });
    r.onProgress({ kind: 'task', task: 'Q' });
    r.onProgress({ kind: 'step', task: 'Q', where: 'test/default', what: 'k-means fits', done: 1, total: 2 });
    await new Promise((res) => setTimeout(res, 100));
    expect(lines).toEqual([]);
    expect(term.visible()).toBe('');
    r.stop();
  });
});

describe('every encoder kind gets counted', () => {
  const ctx = { task: { name: 'T', type: 'Retrieval' }, split: 'test', subset: 'default' };

  it('an encoder that never reports (static vectors, precomputed, random, a module) is counted when it returns', async () => {
    const silent: Encoder = { name: 's', meta: { name: 's' }, encode: async (texts) => hashEmbed([...texts], 4) };
    const events: ProgressEvent[] = [];
    await withProgress(silent, (e) => events.push(e)).encode(['a', 'b', 'c'], ctx);
    expect(events.map((e) => (e.kind === 'encoded' ? `done ${e.done}/${e.total}` : e.kind))).toEqual(['encode', 'done 3/3', 'scoring']);
    // a failing call is not counted as done
    const failing: Encoder = { ...silent, encode: async () => Promise.reject(new Error('boom')) };
    const failed: ProgressEvent[] = [];
    await expect(withProgress(failing, (e) => failed.push(e)).encode(['a'], ctx)).rejects.toThrow('boom');
    expect(failed.map((e) => e.kind)).toEqual(['encode', 'scoring']);
  });

  it('BM25 reports documents indexed, then queries scored, as texts of its retrieve call', async () => {
    const corpus = Array.from({ length: 2500 }, (_, i) => `document ${i} about cats ${i % 7}`);
    const request: RetrievalRequest = {
      corpus: { ids: corpus.map((_, i) => `d${i}`), texts: corpus },
      queries: { ids: ['q1', 'q2'], texts: ['cats 3', 'document 12'] },
      topK: 5,
    };
    const bm25: Encoder = {
      name: 'bm25',
      meta: { name: 'bm25' },
      kind: 'retriever',
      encode: async () => Promise.reject(new Error('no')),
      retrieve: async (req, c) => bm25Retrieve(req, undefined, undefined, c.onProgress),
    };
    const events: ProgressEvent[] = [];
    const run = await withProgress(bm25, (e) => events.push(e)).retrieve!(request, ctx);
    expect(run.get('q1')!.size).toBe(5);
    const summary = events.map((e) => (e.kind === 'encoded' ? `${e.done}/${e.total}` : e.kind === 'encode' ? `${e.verb} ${e.texts}` : e.kind));
    expect(summary).toEqual(['retrieving 2502', '1000/2502', '2000/2502', '2500/2502', '2502/2502', 'scoring']);
    // and the ranking is the one without progress
    expect(bm25Retrieve(request)).toEqual(run);
  });
});

describe('evaluators report their scoring steps; scores do not change', () => {
  const encoder: Encoder = { name: 'test/hash', revision: 'v1', meta: { name: 'test/hash' }, encode: async (t) => hashEmbed([...t], 32) };
  const words = ['red', 'blue', 'green', 'cat', 'dog', 'bird', 'sun', 'rain', 'snow', 'tree'];
  const text = (i: number) => `${words[i % 10]} ${words[(i * 3) % 10]} ${i}`;
  const legacyClustering = {
    name: 'InlineClusteringLegacy',
    type: 'Clustering',
    description: 'test',
    dataset: { path: 'test/inline-clustering', revision: 'r1' },
    evalSplits: ['test'],
    subsets: { default: ['eng-Latn'] },
    mainScore: 'v_measure',
    origin: 'custom',
    evaluator: 'ClusteringLegacy',
    inline: {
      default: {
        test: [
          { sentences: Array.from({ length: 8 }, (_, i) => text(i)), labels: Array.from({ length: 8 }, (_, i) => i % 2) },
          { sentences: Array.from({ length: 9 }, (_, i) => text(i + 20)), labels: Array.from({ length: 9 }, (_, i) => `c${i % 3}`) },
        ],
      },
    },
  } as TaskMetadata;
  const tasks = [...demo, legacyClustering, inlineBitextTask()];

  it('each long phase goes 0 → total in order, and the scores equal a run without progress', async () => {
    const events: ProgressEvent[] = [];
    const watched = await evaluate(encoder, tasks, { outputFolder: null, onProgress: (e) => events.push(e), warn: () => {} });
    const plain = await evaluate(encoder, tasks, { outputFolder: null, warn: () => {} });
    expect(watched.failures).toEqual([]);
    expect(watched.results.map((r) => r.scores)).toEqual(plain.results.map((r) => r.scores));

    const steps = new Map<string, [number, number][]>();
    for (const e of events) {
      if (e.kind !== 'step') continue;
      // one series per task, split/subset and step
      const key = `${e.task} ${e.what}`;
      if (!steps.has(key)) steps.set(key, []);
      steps.get(key)!.push([e.done, e.total]);
      if (!steps.has(`${key} @${e.where}`)) steps.set(`${key} @${e.where}`, []);
      steps.get(`${key} @${e.where}`)!.push([e.done, e.total]);
    }
    const byType = (type: string) => tasks.filter((t) => t.type === type).map((t) => t.name);
    const expectSteps = (task: string, what: string) => {
      const series = [...steps].filter(([k]) => k.startsWith(`${task} ${what} @`));
      expect(series.length, `${task}: ${what}`).toBeGreaterThan(0);
      for (const [k, s] of series) {
        const total = s[0]![1];
        for (let i = 1; i < s.length; i++) expect(s[i]![0], k).toBeGreaterThanOrEqual(s[i - 1]![0]);
        expect(s.at(-1), k).toEqual([total, total]);
      }
    };
    for (const t of byType('Classification')) expectSteps(t, 'experiments');
    for (const t of byType('Retrieval')) expectSteps(t, 'documents searched');
    for (const t of byType('Clustering')) expectSteps(t, t === 'InlineClusteringLegacy' ? 'cluster sets' : 'k-means fits');
    for (const t of byType('BitextMining')) expectSteps(t, 'sentences matched');
    expect(byType('BitextMining')).toHaveLength(2);
    expect(steps.get('InlineBitext sentences matched')![0]).toEqual([0, 4]);
    // every task's encode calls were counted too
    for (const t of tasks) expect(events.some((e) => e.kind === 'encoded' && e.task === t.name && e.done === e.total)).toBe(true);
  });
});
