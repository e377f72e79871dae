/**
 * Child of scripts/bench/suite.ts: one end-to-end run of the runner (runners/evaluate.ts, result files written)
 * over the tasks named in argv, and prints {wall, phases, peakBytes, catalogSeconds, tasks, failures} as one JSON
 * line. A child per run, so the peak RSS is this run's alone.
 *   tsx scripts/bench/_suite-run.ts <hub> <sklearn version> <task[:subset|subset],...> <model> [<record dir>]
 * <model>: "hash" = hash_embed(text, 64) of scripts/reference/hash_embeddings.py computed on the fly, or a
 * model id such as precomputed:<dir> (the given vectors). With <record dir>, every text encoded and its vector
 * are written there as a precomputed: folder (texts.jsonl + embeddings.npy).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Encoder } from '../../core/encoder.js';
import { writeNpy } from '../../models/npy.js';
import { getModel } from '../../models/registry.js';
import { evaluate, type RunProfile } from '../../runners/evaluate.js';
import { hashEmbed } from '../../test/helpers/hash-embeddings.js';

const [hub, sklearnVersion, names, modelId, record] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const t0 = performance.now();
// Loading the catalog is part of every run; it must stay instant as the catalog grows.
const { getTask, restrict } = await import('../../tasks/registry.js');
const tasks = names.split(',').map((spec) => {
  const [name, subsets] = spec.split(':') as [string, string | undefined];
  const t = getTask(name);
  return subsets ? (restrict(t, { hfSubsets: subsets.split('|') }) ?? t) : t;
});
const catalogSeconds = (performance.now() - t0) / 1000;

const seen = new Set<string>();
const hash: Encoder = {
  name: 'bench/hash-64',
  revision: '1',
  meta: { name: 'bench/hash-64', revision: '1' },
  async encode(texts) {
    if (record) for (const t of texts) seen.add(t);
    return hashEmbed(texts, 64);
  },
};
const encoder = modelId === 'hash' ? hash : await getModel(modelId, {});
const out = mkdtempSync(join(tmpdir(), 'mteb-bench-suite-'));
const profile: RunProfile = { load: 0, encode: 0, evaluate: 0, write: 0 };
const perTask: Record<string, { load: number; encode: number; score: number; write: number }> = {};
try {
  // One evaluate() call per task (same runner path), so each task's phases are known.
  const report: { results: { task_name: string }[]; failures: { task: string; error: Error }[] } = { results: [], failures: [] };
  for (const task of tasks) {
    const p: RunProfile = { load: 0, encode: 0, evaluate: 0, write: 0 };
    const r = await evaluate(encoder, [task], {
      outputFolder: out,
      overwriteStrategy: 'always',
      data: { hubMirror: hub, offline: true },
      sklearnVersion,
      profile: p,
    });
    report.results.push(...r.results);
    report.failures.push(...r.failures);
    if (r.results.length) perTask[task.name] = { load: p.load, encode: p.encode, score: p.evaluate - p.encode, write: p.write };
    for (const k of ['load', 'encode', 'evaluate', 'write'] as const) profile[k] += p[k];
  }
  const wall = (performance.now() - t0) / 1000;
  if (record) {
    const texts = [...seen];
    mkdirSync(record, { recursive: true });
    writeFileSync(join(record, 'texts.jsonl'), `${texts.map((t) => JSON.stringify(t)).join('\n')}\n`);
    writeNpy(join(record, 'embeddings.npy'), hashEmbed(texts, 64));
  }
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  const peakBytes = Math.max(process.resourceUsage().maxRSS * 1024, hwm ? Number(hwm[1]) * 1024 : 0);
  console.log(
    JSON.stringify({
      wall,
      catalogSeconds,
      phases: { load: profile.load, encode: profile.encode, score: profile.evaluate - profile.encode, write: profile.write },
      peakBytes,
      perTask,
      tasks: report.results.map((r) => r.task_name),
      failures: report.failures.map((f) => ({ task: f.task, error: f.error.message.split('\n')[0] })),
    }),
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.exit(0);
