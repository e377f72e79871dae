/**
 * One of two processes racing for the same task in the same output folder (task-lock.test.ts). Waits for the
 * barrier file, then runs the task with a slow encoder and prints {status, encoded, warnings, main} as its last line.
 */
import { existsSync } from 'node:fs';
import { evaluate } from '../../runners/evaluate.js';
import { hashEmbed } from '../helpers/hash-embeddings.js';
import { lockTestTask } from './task-lock-task.js';

const [outFolder, barrier] = process.argv.slice(2) as [string, string];
let encoded = 0;
const warnings: string[] = [];
let status = '';
process.stdout.write('ready\n');
while (!existsSync(barrier)) await new Promise((r) => setTimeout(r, 10));
const report = await evaluate(
  {
    name: 'test/hash',
    revision: 'v1',
    meta: { name: 'test/hash', revision: 'v1' },
    async encode(texts) {
      encoded += texts.length;
      await new Promise((r) => setTimeout(r, 300));
      return hashEmbed(texts);
    },
  },
  [lockTestTask],
  { outputFolder: outFolder, warn: (m) => warnings.push(m), onTask: (e) => (status = e.status) },
);
const main = report.results[0]?.scores.test?.[0]?.main_score ?? null;
process.stdout.write(`${JSON.stringify({ status, encoded, warnings, main, failures: report.failures.map((f) => f.error.message) })}\n`);
