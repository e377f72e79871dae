import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDevice } from '../../models/device.js';
import { getModel } from '../../models/registry.js';

const TINY = join(import.meta.dirname, '../fixtures/tiny-bert');

describe('--device', () => {
  it('cpu is the default and is recorded', async () => {
    expect(checkDevice(undefined, 'm')).toBe('cpu');
    const enc = await getModel(`hf:${TINY}`, { noCache: true, device: 'cpu' });
    expect(enc.meta.extra?.device).toBe('cpu');
    await enc.close?.();
  });
  it('an unknown device or a provider onnxruntime-node does not have fails clearly', () => {
    expect(() => checkDevice('tpu', 'm')).toThrow(/unknown --device tpu.*cpu, cuda, dml, webgpu/s);
    const linux = () => ({
      backends: [
        { name: 'cpu', bundled: true },
        { name: 'cuda', bundled: false },
      ],
      binDir: '/nonexistent',
    });
    expect(() => checkDevice('dml', 'm', linux)).toThrow(/has no dml execution provider \(it has: cpu, cuda\).*Windows only/s);
  });
  it('cuda without its provider library names what is missing and how to install it (no silent CPU fallback)', async () => {
    const linux = () => ({
      backends: [
        { name: 'cpu', bundled: true },
        { name: 'cuda', bundled: false },
      ],
      binDir: '/nonexistent',
    });
    expect(() => checkDevice('cuda', 'm', linux)).toThrow(
      /cuda execution provider of onnxruntime-node is not installed \(libonnxruntime_providers_cuda\.so is missing from \/nonexistent\).*ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node/s,
    );
    // this machine (CI, no CUDA download): the real probe refuses too, through the model factories
    const real = (await import('../../models/device.js')).supportedBackends();
    const hasCuda = !!real.binDir && (await import('node:fs')).existsSync(join(real.binDir, 'libonnxruntime_providers_cuda.so'));
    if (!hasCuda) {
      await expect(getModel(`hf:${TINY}`, { noCache: true, device: 'cuda' })).rejects.toThrow(/cuda.*not installed|has no cuda/);
      await expect(
        getModel(`cross-encoder:${join(import.meta.dirname, '../fixtures/tiny-cross-encoder')}`, { noCache: true, device: 'cuda' }),
      ).rejects.toThrow(/cuda.*not installed|has no cuda/);
    } else console.warn('SKIPPED: the CUDA provider is installed here; the missing-provider path is covered by the probe test above');
  });
});
