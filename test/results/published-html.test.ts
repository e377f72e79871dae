import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetUnreachableOrigins } from '../../core/http.js';
import { run as leaderboard } from '../../runners/commands/leaderboard.js';
import { type ServedTiny, TINY_SPEC as SPEC, serveTinyPublished } from '../helpers/published-tiny.js';

/** The HTML report of a local model ranked among published ones sets the local model against the field. */
let served: ServedTiny;
let tmp: string;
let url: string;
let repo: string;
beforeAll(async () => {
  served = await serveTinyPublished('published-html-');
  ({ tmp, url } = served);
  repo = served.fixture.repo;
});
afterAll(async () => {
  await served.close();
  rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => resetUnreachableOrigins());

describe('html report with published results', () => {
  it('sets the local model against the published field by default', async () => {
    const out: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: () => {}, stderrIsTTY: false };
    const code = await leaderboard(
      {
        benchmark: '',
        spec: SPEC,
        results: ['published', join(tmp, 'local')],
        format: 'html',
        published: { root: join(tmp, 'cache'), url, remote: repo, http: { maxRetries: 0 } },
      },
      io,
    );
    expect(code).toBe(0);
    const data = JSON.parse(/const DATA = (.*);\n/.exec(out.join('\n'))![1]!) as { highlight: number; models: { full: string }[] };
    expect(data.models).toHaveLength(5); // four published models and mine
    expect(data.models[data.highlight]!.full).toBe('my/model@r1');
  });
});
