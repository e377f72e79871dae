import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_VARS, mtebCacheRoot, readEnv } from '../../core/env.js';

describe('core/env.ts: one typed view of the environment', () => {
  it('reads flags as huggingface_hub does, empty strings as unset, seconds as milliseconds', () => {
    const e = readEnv({
      HF_HUB_OFFLINE: 'Yes',
      HF_ENDPOINT: '',
      HF_HUB_DOWNLOAD_TIMEOUT: '2.5',
      MTEB_HUB_MIRROR: '/m',
      HF_HUB_DISABLE_PROGRESS_BARS: '0',
    });
    expect(e.HF_HUB_OFFLINE).toBe(true);
    expect(e.HF_HUB_DISABLE_PROGRESS_BARS).toBe(false);
    expect(e.HF_ENDPOINT).toBeUndefined();
    expect(e.HF_HUB_DOWNLOAD_TIMEOUT).toBe(2500);
    expect(e.MTEB_HUB_MIRROR).toBe('/m');
    expect(readEnv({ HF_HUB_DOWNLOAD_TIMEOUT: 'soon' }).HF_HUB_DOWNLOAD_TIMEOUT).toBeUndefined();
    for (const v of ['1', 'ON', 'true', ' yes ']) expect(readEnv({ HF_HUB_OFFLINE: v }).HF_HUB_OFFLINE).toBe(true);
    for (const v of ['0', 'no', 'off', undefined]) expect(readEnv({ HF_HUB_OFFLINE: v }).HF_HUB_OFFLINE).toBe(false);
  });

  it('reads at call time and marks the secrets', () => {
    expect(mtebCacheRoot(readEnv({ MTEB_TS_CACHE: '/c' }))).toBe('/c');
    expect(mtebCacheRoot(readEnv({}))).toBe(join(homedir(), '.cache', 'mteb-ts'));
    const secrets = Object.entries(ENV_VARS)
      .filter(([, v]) => 'secret' in v)
      .map(([k]) => k)
      .sort();
    expect(secrets).toEqual(['HF_TOKEN', 'MTEB_HTTP_TOKEN', 'OPENAI_API_KEY']);
  });

  it('docs/cli.md lists every variable', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'cli.md'), 'utf8');
    expect(Object.keys(ENV_VARS).filter((k) => !doc.includes(`| \`${k}\` |`))).toEqual([]);
  });

  it('no source file outside core/env.ts reads process.env', () => {
    const root = join(import.meta.dirname, '..', '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && /process\.env\b/.test(readFileSync(p, 'utf8')))
          offenders.push(relative(root, p));
      }
    };
    for (const d of ['core', 'hub', 'metrics', 'compute', 'tasks', 'models', 'results', 'runners']) {
      try {
        walk(join(root, d));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    expect(offenders.filter((f) => f !== join('core', 'env.ts'))).toEqual([]);
  });
});
