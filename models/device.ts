/**
 * `--device`: the onnxruntime-node execution provider for hf:, cross-encoder: (and splade:) models. A provider that
 * onnxruntime-node cannot use here fails with a message saying why, instead of falling back to the CPU.
 * onnxruntime-node ships the CPU provider; its CUDA/TensorRT provider libraries are downloaded by its install script,
 * which this repository's .npmrc skips (onnxruntime-node-install-cuda=skip).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ConfigError, ModelError } from '../core/errors.js';

/** transformers.js device names (utils/devices.js) usable from Node. */
export const DEVICES = ['cpu', 'cuda', 'dml', 'webgpu'] as const;
export type Device = (typeof DEVICES)[number];

/** Provider libraries that onnxruntime-node loads at run time for a device (Linux names). */
const PROVIDER_LIBS: Partial<Record<Device, string>> = { cuda: 'libonnxruntime_providers_cuda.so' };

export const GPU_INSTALL_HINT =
  "install the CUDA provider of onnxruntime-node: ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node (this repository's .npmrc skips that download), with the CUDA 12 and cuDNN 9 runtime libraries on the library path";

interface Backend {
  name: string;
  bundled: boolean;
}

/** What onnxruntime-node says it supports (and whether each provider ships in the package). */
export function supportedBackends(): { backends: Backend[]; binDir?: string } {
  const require = createRequire(import.meta.url);
  try {
    const ort = require('onnxruntime-node') as { listSupportedBackends?: () => Backend[] };
    const backends = ort.listSupportedBackends?.() ?? [{ name: 'cpu', bundled: true }];
    let binDir: string | undefined;
    // onnxruntime-node 1.30 ships its binding under napi-v6, 1.21 under napi-v3
    for (const napi of ['napi-v6', 'napi-v3']) {
      try {
        binDir = dirname(require.resolve(`onnxruntime-node/bin/${napi}/${process.platform}/${process.arch}/onnxruntime_binding.node`));
        break;
      } catch {
        binDir = undefined;
      }
    }
    return { backends, binDir };
  } catch {
    return { backends: [{ name: 'cpu', bundled: true }] };
  }
}

/** Checks that `device` can run here; returns it (default cpu). */
export function checkDevice(device: string | undefined, model: string, probe = supportedBackends): Device {
  const d = (device ?? 'cpu').toLowerCase();
  if (!(DEVICES as readonly string[]).includes(d))
    throw new ConfigError(`unknown --device ${device}`, { model, hint: `use one of ${DEVICES.join(', ')}` });
  if (d === 'cpu') return 'cpu';
  const { backends, binDir } = probe();
  const b = backends.find((x) => x.name === d);
  if (!b) {
    throw new ModelError(
      `onnxruntime-node on ${process.platform}/${process.arch} has no ${d} execution provider (it has: ${backends.map((x) => x.name).join(', ')})`,
      {
        model,
        hint: d === 'dml' ? 'DirectML runs on Windows only' : 'run on the CPU (--device cpu)',
      },
    );
  }
  const lib = PROVIDER_LIBS[d as Device];
  if (!b.bundled && lib && (!binDir || !existsSync(join(binDir, lib)))) {
    throw new ModelError(`the ${d} execution provider of onnxruntime-node is not installed (${lib} is missing${binDir ? ` from ${binDir}` : ''})`, {
      model,
      hint: GPU_INSTALL_HINT,
    });
  }
  return d as Device;
}
