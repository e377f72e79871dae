import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectResults, joinRevisions } from '../../results/collect.js';
import { engV1Lookup } from './fixtures/eng-v1.js';

const v2 = (task: string, main: number, ver = '2.3.0') => ({
  dataset_revision: 'd',
  task_name: task,
  mteb_version: ver,
  scores: { test: [{ main_score: main, hf_subset: 'default', languages: ['eng-Latn'] }] },
  evaluation_time: 1,
  kg_co2_emissions: null,
});

function write(root: string, rel: string, body: unknown): string {
  const f = path.join(root, rel);
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body));
  return f;
}

describe('collectResults bad input', () => {
  it('each bad file gets a message naming it; the other files are still used', () => {
    const a = mkdtempSync(path.join(os.tmpdir(), 'mteb-collect-a-'));
    const b = mkdtempSync(path.join(os.tmpdir(), 'mteb-collect-b-'));
    write(a, 'org__m/r1/STS12.json', v2('STS12', 0.5));
    write(a, 'org__m/r1/STS13.json', v2('STS13', 0.6));
    const trunc = write(a, 'org__m/r1/STS14.json', '{"dataset_revision": "d", "task_name": "STS14", "scores": {"test": [{"main_score": 0.');
    const unknown = write(a, 'org__m/r1/MadeUpTask.json', v2('MadeUpTask', 0.1));
    const noMain = write(a, 'org__m/r1/OldUnknown.json', { test: { accuracy: 0.3 }, mteb_dataset_name: 'OldUnknown', mteb_version: '0.0.2' });
    // the same model+revision+task in a second folder: same content is fine, different content conflicts
    write(b, 'org__m/r1/STS13.json', v2('STS13', 0.6));
    const dup = write(b, 'org__m/r1/STS12.json', v2('STS12', 0.55));
    const c = collectResults([a, b], { lookup: engV1Lookup });
    expect(c.runs).toHaveLength(1);
    const run = c.runs[0]!;
    expect(run.model).toBe('org/m');
    expect(run.revision).toBe('r1');
    expect([...run.results.keys()].sort()).toEqual(['MadeUpTask', 'STS13']);
    const msg = (f: string) =>
      c.issues
        .filter((i) => i.file === f)
        .map((i) => `${i.level}: ${i.message}`)
        .join('\n');
    expect(msg(trunc)).toMatch(/^error: invalid result JSON.*STS14\.json/s);
    expect(msg(unknown)).toMatch(/^warning: unknown task "MadeUpTask".*MadeUpTask\.json/s);
    expect(msg(noMain)).toMatch(/^error: result row has no main_score and its task is unknown.*OldUnknown\.json/s);
    expect(msg(dup)).toMatch(/^error: two different results for model org\/m, revision r1, task STS12: .*org__m\/r1\/STS12\.json and .*STS12\.json/s);
    expect(c.issues).toHaveLength(4);
  });
  it('joinRevisions prefers the model_meta main revision, then real revisions, then the newest mteb version', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'mteb-join-'));
    write(root, 'org__m/no_revision_available/STS12.json', v2('STS12', 0.1, '1.38.0'));
    write(root, 'org__m/no_revision_available/STS15.json', v2('STS15', 0.9, '1.38.0'));
    write(root, 'org__m/aaa/STS12.json', v2('STS12', 0.2, '1.12.0'));
    write(root, 'org__m/bbb/STS12.json', v2('STS12', 0.3, '2.1.0'));
    write(root, 'org__m/bbb/STS13.json', v2('STS13', 0.4, '2.1.0'));
    write(root, 'org__m/aaa/STS13.json', v2('STS13', 0.5, '1.12.0'));
    write(root, 'org__m/aaa/model_meta.json', '{"name": "org/m", "revision": "aaa", "max_tokens": Infinity}');
    const joined = joinRevisions(collectResults([root], { lookup: engV1Lookup }).runs);
    expect(joined).toHaveLength(1);
    const r = joined[0]!;
    expect(r.revision).toBe('aaa');
    expect(r.results.get('STS12')!.scores.test![0]!.main_score).toBe(0.2); // main revision wins over newer mteb
    expect(r.results.get('STS13')!.scores.test![0]!.main_score).toBe(0.5);
    expect(r.results.get('STS15')!.scores.test![0]!.main_score).toBe(0.9); // only available in no_revision_available
    write(root, 'org__n/x1/STS12.json', v2('STS12', 0.2, '1.12.0'));
    write(root, 'org__n/x2/STS12.json', v2('STS12', 0.3, '1.12.10'));
    write(root, 'org__n/no_revision_available/STS12.json', v2('STS12', 0.9, '2.5.0'));
    const n = joinRevisions(collectResults([path.join(root, 'org__n')], { lookup: engV1Lookup }).runs)[0]!;
    expect(n.results.get('STS12')!.scores.test![0]!.main_score).toBe(0.3); // unknown revision dropped, newest mteb among real ones
  });
});
