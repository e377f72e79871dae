/**
 * #11 item 1: a wrong --hub-mirror is an error that says what a mirror looks like, a dataset missing from the
 * mirror is announced before the hub (or, offline, the cache) is tried, --offline means HF_HUB_OFFLINE=1, and an
 * offline miss names the three ways out (the cache, a mirror, `download`).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requestStats } from '../../hub/client.js';
import { runCli } from '../helpers/cli.js';
import { restoreHubEnvAfterEach, useDeadHub } from '../helpers/dead-hub.js';
import { writeMirrorRepo } from '../helpers/mirror.js';

const tmp = mkdtempSync(join(tmpdir(), 'mteb-offline-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BIOSSES_REV = 'd3fb88f8f02e40887cd149695127462bbcf29b4a';
const rows = [
  { sentence1: 'A man is playing a guitar.', sentence2: 'A man plays the guitar.', score: 4.8 },
  { sentence1: 'A woman is slicing an onion.', sentence2: 'Someone cuts an onion.', score: 4.0 },
  { sentence1: 'The cat sleeps on the sofa.', sentence2: 'Stock markets fell sharply today.', score: 0.2 },
];

describe('--hub-mirror and --offline', () => {
  restoreHubEnvAfterEach();

  it('a mirror path that does not exist is exit 2, saying what a mirror holds; nothing runs', async () => {
    const out = join(tmp, 'out-missing');
    const r = await runCli(['run', '-m', 'lexical', '-t', 'BIOSSES', '--hub-mirror', join(tmp, 'nope'), '--output-folder', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--hub-mirror .*nope does not exist; expected a folder holding datasets\/<owner>\/<name>/);
    expect(existsSync(out)).toBe(false);
  });

  it("the mirror's parent folder (../shared instead of ../shared/hub) is exit 2 with a did-you-mean", async () => {
    const parent = join(tmp, 'shared');
    writeMirrorRepo(join(parent, 'hub'), 'mteb/biosses-sts', BIOSSES_REV, { test: rows });
    const r = await runCli(['run', '-m', 'lexical', '-t', 'BIOSSES', '--hub-mirror', parent, '--output-folder', join(tmp, 'out-parent')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a hub mirror: it has no datasets/ or models/ folder');
    expect(r.stderr).toContain(`hint: did you mean --hub-mirror ${join(parent, 'hub')}?`);
  });

  it('MTEB_HUB_MIRROR is checked the same way and named as the source', async () => {
    process.env.MTEB_HUB_MIRROR = join(tmp, 'nope-env');
    const r = await runCli(['run', '-m', 'lexical', '-t', 'BIOSSES', '--output-folder', join(tmp, 'out-env')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MTEB_HUB_MIRROR .*nope-env does not exist/);
  });

  it('a task missing from the mirror is announced before the hub is tried; the mirrored one runs', async () => {
    const mirror = join(tmp, 'mirror-partial');
    writeMirrorRepo(mirror, 'mteb/biosses-sts', BIOSSES_REV, { test: rows });
    await useDeadHub(join(tmp, 'cache-partial'));
    const r = await runCli([
      'run',
      '-m',
      'lexical',
      '-t',
      'BIOSSES',
      'STSBenchmark',
      '--hub-mirror',
      mirror,
      '--output-folder',
      join(tmp, 'out-partial'),
    ]);
    expect(r.code).toBe(1);
    const note = r.stderr.indexOf(
      `note: mteb/stsbenchmark-sts is not in the mirror (no ${join(mirror, 'datasets', 'mteb', 'stsbenchmark-sts')}); trying the hub`,
    );
    expect(note).toBeGreaterThanOrEqual(0);
    expect(r.stderr.indexOf('STSBenchmark: FAILED')).toBeGreaterThan(note);
    expect(r.stdout).toMatch(/1\/2 tasks done, 1 failed/);
  });

  it('--offline never touches the network; the miss names the cache, the mirror and `download`', async () => {
    const mirror = join(tmp, 'mirror-offline');
    writeMirrorRepo(mirror, 'mteb/biosses-sts', BIOSSES_REV, { test: rows });
    const cache = join(tmp, 'cache-offline');
    mkdirSync(cache, { recursive: true });
    await useDeadHub(cache);
    delete process.env.HF_HUB_OFFLINE;
    const before = requestStats.count;
    const r = await runCli([
      'run',
      '-m',
      'lexical',
      '-t',
      'BIOSSES',
      'STSBenchmark',
      '--hub-mirror',
      mirror,
      '--offline',
      '--output-folder',
      join(tmp, 'out-offline'),
    ]);
    expect(requestStats.count).toBe(before);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('note: mteb/stsbenchmark-sts is not in the mirror');
    expect(r.stderr).toContain('looking in the HF cache (offline)');
    expect(r.stderr).toMatch(/offline \(--offline or HF_HUB_OFFLINE\) and dataset mteb\/stsbenchmark-sts at revision \w+ is not in the HF cache/);
    // One hint, with the three ways out.
    const hints = r.stderr.split('\n').filter((l) => l.startsWith('hint'));
    expect(hints).toHaveLength(1);
    expect(hints[0]).toContain(`the HF cache (${cache}`);
    expect(hints[0]).toContain('`mteb-ts download -t <task>`');
    expect(hints[0]).toContain('--hub-mirror <dir> holding datasets/mteb/stsbenchmark-sts');
    expect(readdirSync(join(tmp, 'out-offline'), { recursive: true }).some((f) => String(f).endsWith('BIOSSES.json'))).toBe(true);
  });
});
