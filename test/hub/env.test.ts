import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCacheDir, repoFolderName } from '../../hub/cache.js';
import { dataOptionsFromEnv } from '../../hub/options.js';

describe('environment, as huggingface_hub reads it (huggingface_hub/constants.py)', () => {
  it('cache dir: HF_HUB_CACHE, else HF_HOME/hub, else $XDG_CACHE_HOME or ~/.cache + huggingface/hub', () => {
    expect(defaultCacheDir({ HF_HUB_CACHE: '/a', HF_HOME: '/b' })).toBe('/a');
    expect(defaultCacheDir({ HF_HOME: '/b' })).toBe(join('/b', 'hub'));
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' })).toBe(join('/x', 'huggingface', 'hub'));
    expect(defaultCacheDir({})).toBe(join(homedir(), '.cache', 'huggingface', 'hub'));
  });
  it('repo folder names: datasets--owner--name', () => {
    expect(repoFolderName('mteb/stsbenchmark-sts')).toBe('datasets--mteb--stsbenchmark-sts');
    expect(repoFolderName('squad')).toBe('datasets--squad');
  });
  it('HF_HUB_OFFLINE accepts 1/ON/YES/TRUE; HF_TOKEN, HF_ENDPOINT, HF_HUB_DOWNLOAD_TIMEOUT', () => {
    for (const v of ['1', 'ON', 'yes', 'True']) expect(dataOptionsFromEnv({ HF_HUB_OFFLINE: v }).offline).toBe(true);
    for (const v of ['0', '', 'no']) expect(dataOptionsFromEnv({ HF_HUB_OFFLINE: v }).offline).toBe(false);
    const o = dataOptionsFromEnv({ HF_TOKEN: 'hf_x', HF_ENDPOINT: 'http://127.0.0.1:1', HF_HOME: '/h', HF_HUB_DOWNLOAD_TIMEOUT: '2.5' });
    expect(o).toMatchObject({ token: 'hf_x', endpoint: 'http://127.0.0.1:1', cacheDir: join('/h', 'hub'), timeoutMs: 2500 });
  });
});

describe('download progress bar', () => {
  const fakeStream = (isTTY: boolean) => {
    const out: string[] = [];
    return { out, stream: { isTTY, columns: 120, write: (s: string) => (out.push(s), true) } as unknown as NodeJS.WriteStream };
  };
  it('draws on a TTY for large files and ends the line', async () => {
    const { progressBar } = await import('../../hub/progress.js');
    const { out, stream } = fakeStream(true);
    const bar = progressBar('mteb/x/corpus.parquet', 64 * 1048576, stream);
    bar.update(16 * 1048576);
    bar.done();
    expect(out.join('')).toMatch(/mteb\/x\/corpus\.parquet \[#+\.+\] \d+% [\d.]+\/64\.0 MiB/);
    expect(out.at(-1)).toBe('\n');
  });
  it('stays silent when not a TTY, the file is small, or HF_HUB_DISABLE_PROGRESS_BARS is set', async () => {
    const { progressBar } = await import('../../hub/progress.js');
    const a = fakeStream(false);
    progressBar('f', 64 * 1048576, a.stream).done();
    const b = fakeStream(true);
    progressBar('f', 1000, b.stream).done();
    const c = fakeStream(true);
    progressBar('f', 64 * 1048576, c.stream, { HF_HUB_DISABLE_PROGRESS_BARS: '1' }).done();
    expect([...a.out, ...b.out, ...c.out]).toEqual([]);
  });
});
