import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { comparable } from '../helpers/comparable-result.js';
import { ROOT, spawnCli } from '../helpers/queue-procs.js';
import { SHARED_HUB, sharedPresent } from '../helpers/shared.js';

/**
 * Issue #12 item 6 on the real task it was found on: ClusTREC-Covid (two subsets, one task-level random stream),
 * lexical model. A run killed with SIGKILL between the subsets and then resumed must write the file of an
 * uninterrupted run. Before the fix the resumed run restarted random.Random(42) for the remaining subset, and the
 * scores differed (the issue reports title v_measure 0.77265 uninterrupted, 0.771617 resumed).
 */
const TASK = 'ClusTREC-Covid';
const HAVE = () => sharedPresent(join(SHARED_HUB, 'datasets', 'Uri-ka', TASK), `${TASK} kill-and-resume test`);
const dir = mkdtempSync(join(tmpdir(), 'mteb-clustrec-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The lexical model, which kills its own process (SIGKILL) when asked to encode a second subset. */
function dyingLexical(): string {
  const file = join(dir, 'dying-lexical.mjs');
  writeFileSync(
    file,
    `// Test model (test/runners/resume-clustrec.test.ts): lexical, killed -9 between subsets.
export default async function (opts) {
  const { getModel } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'models', 'registry.ts')).href)});
  const inner = await getModel('lexical', opts);
  const encode = inner.encode.bind(inner);
  let first;
  inner.encode = async (texts, ctx) => {
    first ??= ctx.subset;
    if (ctx.subset !== first) process.kill(process.pid, 'SIGKILL');
    return encode(texts, ctx);
  };
  return inner;
}
`,
  );
  return file;
}

describe.skipIf(!HAVE())(`${TASK}: killed -9 between subsets, resumed`, () => {
  it('gives the file of an uninterrupted run', async () => {
    const common = ['-t', TASK, '--hub-mirror', SHARED_HUB, '--no-cache'];
    const cleanRoot = join(dir, 'clean');
    const clean = join(cleanRoot, 'results');
    const a = await runCli(['run', '-m', 'lexical', ...common, '--output-folder', cleanRoot]);
    expect(a.code, a.stderr).toBe(0);

    const resumedRoot = join(dir, 'resumed');
    const resumed = join(resumedRoot, 'results');
    const p = spawnCli(['run', '-m', `module:${dyingLexical()}`, ...common, '--output-folder', resumedRoot], { HF_HUB_OFFLINE: '1' });
    const code = await p.exited;
    expect(p.child.signalCode, p.out()).toBe('SIGKILL');
    expect(code).toBeNull();
    const model = readdirSync(clean).find((d) => !d.startsWith('.'))!;
    const revision = readdirSync(join(clean, model))[0]!;
    const partial = join(resumed, model, revision, '.partial', `${TASK}.json`);
    const final = join(resumed, model, revision, `${TASK}.json`);
    expect(existsSync(final)).toBe(false);
    const cp = JSON.parse(readFileSync(partial, 'utf8'));
    const order = JSON.parse(readFileSync(join(clean, model, revision, `${TASK}.json`), 'utf8')).scores.test.map(
      (r: { hf_subset: string }) => r.hf_subset,
    );
    expect(order).toHaveLength(2);
    expect(cp.scores.test.map((r: { hf_subset: string }) => r.hf_subset)).toEqual(order.slice(0, 1));
    expect(cp.resume_state.state['clustering.rng_state']).toHaveLength(625);

    const b = await runCli(['run', '-m', 'lexical', ...common, '--output-folder', resumedRoot, '-v']);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).not.toMatch(/starts over/);
    const x = comparable(final) as { scores: { test: { hf_subset: string; v_measure: number }[] } };
    const y = comparable(join(clean, model, revision, `${TASK}.json`));
    console.log(`${TASK} lexical v_measure: ${x.scores.test.map((r) => `${r.hf_subset} ${r.v_measure}`).join(', ')} (resumed = uninterrupted)`);
    expect(x).toEqual(y);
    expect(existsSync(partial)).toBe(false);
  }, 600_000);
});
