import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { parseRedisUrl } from '../../runners/queue/connection.js';
import { runCli } from '../helpers/cli.js';
import { comparable } from '../helpers/comparable-result.js';
import { spawnCli, writeModuleModel } from '../helpers/queue-procs.js';
import { queueSuite } from '../helpers/queue-suite.js';

/**
 * Fan-out of a big retrieval task: corpus chunk jobs fill the shared embedding cache, then the parent scores,
 * reading the chunks other processes wrote after its cache was opened; without a shared cache the parent encodes
 * everything itself, and either way the file equals a plain run.
 */
const suite = queueSuite('mteb-fanout-');
const { have: HAVE, dir, procs } = suite;
const DOCS = 240;
const CHUNK = 50;

function writeRetrievalTask(): string {
  const ds = join(dir, 'data', 'big-retrieval');
  mkdirSync(ds, { recursive: true });
  const words = ['river', 'engine', 'garden', 'market', 'violin', 'planet', 'harbor', 'winter', 'copper', 'lantern', 'meadow', 'pepper'];
  const doc = (i: number) => `${words[i % 12]} ${words[(i * 5 + 1) % 12]} ${words[(i * 7 + 2) % 12]} item ${i}`;
  writeFileSync(
    join(ds, 'corpus.jsonl'),
    Array.from({ length: DOCS }, (_, i) => JSON.stringify({ _id: `d${i}`, title: '', text: doc(i) })).join('\n') + '\n',
  );
  writeFileSync(
    join(ds, 'queries.jsonl'),
    Array.from({ length: 12 }, (_, q) => JSON.stringify({ _id: `q${q}`, text: `${words[q]} ${words[(q * 5 + 1) % 12]}` })).join('\n') + '\n',
  );
  writeFileSync(
    join(ds, 'qrels.jsonl'),
    Array.from({ length: 12 }, (_, q) => JSON.stringify({ 'query-id': `q${q}`, 'corpus-id': `d${q}`, score: 1 })).join('\n') + '\n',
  );
  const cfg = (name: string, file: string) => [`- config_name: ${name}`, '  data_files:', '  - split: test', `    path: ${file}`].join('\n');
  writeFileSync(
    join(ds, 'README.md'),
    ['---', 'configs:', cfg('corpus', 'corpus.jsonl'), cfg('queries', 'queries.jsonl'), cfg('default', 'qrels.jsonl'), '---', ''].join('\n'),
  );
  const file = join(dir, 'tasks.yaml');
  writeFileSync(file, ['tasks:', '  - name: BigRetrieval', '    type: Retrieval', '    dataset: { path: ./data/big-retrieval }', ''].join('\n'));
  return file;
}

function encodedDocs(log: string): string[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { promptType: string; texts: string[] })
    .filter((e) => e.promptType === 'document')
    .flatMap((e) => e.texts);
}

describe.skipIf(!HAVE)('retrieval fan-out into the shared embedding cache', () => {
  it.each([
    ['shared cache: children encode every slice once, the parent reads them', true],
    ['no cache: the children help nobody, the parent encodes everything, same file', false],
  ])(
    '%s',
    async (_label, shared) => {
      const taskFile = writeRetrievalTask();
      const tag = shared ? 'shared' : 'nocache';
      const log = join(dir, `${tag}-encode.log`);
      const model = writeModuleModel(dir, `hash-${tag}`, { cacheable: true, logFile: log });
      const args = ['-t', 'BigRetrieval', '--task-file', taskFile, '-m', `module:${model}`];
      const single = await runCli(['run', ...args, '--output-folder', join(dir, `${tag}-single`), '--no-cache']);
      expect(single.code, single.stderr).toBe(0);
      rmSync(log, { force: true });

      const queue = `fan-${tag}`;
      const sub = await runCli(['queue', 'submit', '--redis', suite.redis.url, '--queue', queue, ...args, '--fan-out-chunk', String(CHUNK)]);
      expect(sub.code, sub.stderr).toBe(0);
      const out = join(dir, `${tag}-out`);
      const cache = ['--cache-dir', join(dir, `${tag}-cache`)];
      const ws = [1, 2].map((i) => {
        const p = spawnCli([
          'worker',
          '--redis',
          suite.redis.url,
          '--queue',
          queue,
          '--output-folder',
          out,
          ...(shared ? cache : ['--no-cache']),
          '--exit-when-idle',
          '--concurrency',
          '2',
          '--worker-id',
          `f${i}`,
        ]);
        procs.push(p);
        return p;
      });
      expect(await Promise.all(ws.map((w) => w.exited)), ws.map((w) => w.out()).join('\n')).toEqual([0, 0]);

      const q = new Queue(queue, { connection: parseRedisUrl(suite.redis.url) });
      try {
        const done = await q.getJobs(['completed']);
        const chunks = done.filter((j) => j.data.kind === 'encode-chunk');
        expect(chunks).toHaveLength(Math.ceil(DOCS / CHUNK));
        expect(chunks.reduce((a, j) => a + (j.returnvalue as { encoded: number }).encoded, 0)).toBe(DOCS);
        expect(done.filter((j) => j.data.kind === 'unit')).toHaveLength(1);
        expect((await q.getJobCounts('failed')).failed).toBe(0);
      } finally {
        await q.close();
      }
      const docs = encodedDocs(log);
      // Shared cache: each document encoded exactly once, by the children. No cache: once by the children and
      // once more by the parent.
      expect(docs).toHaveLength(shared ? DOCS : 2 * DOCS);
      expect(new Set(docs).size).toBe(DOCS);

      const col = await runCli(['queue', 'collect', '--redis', suite.redis.url, '--queue', queue, '--out', join(dir, `${tag}-col`)]);
      expect(col.code, col.stderr).toBe(0);
      const folder = join('results', `test__hash-${tag}`, 'v1');
      expect(readdirSync(join(dir, `${tag}-col`, folder)).sort()).toEqual(['BigRetrieval.json', 'model_meta.json']);
      expect(comparable(join(dir, `${tag}-col`, folder, 'BigRetrieval.json'))).toEqual(
        comparable(join(dir, `${tag}-single`, folder, 'BigRetrieval.json')),
      );
    },
    300_000,
  );
});
