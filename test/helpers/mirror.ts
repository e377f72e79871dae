import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeNpy } from '../../models/npy.js';
import { hashEmbed } from './hash-embeddings.js';

/** Writes a one-config dataset repo (README card + jsonl) into a temporary mirror folder. */
export function writeMirrorRepo(mirror: string, repo: string, revision: string, splits: Record<string, Record<string, unknown>[]>): string {
  const dir = join(mirror, 'datasets', ...repo.split('/'));
  mkdirSync(join(dir, 'data'), { recursive: true });
  const files = Object.keys(splits)
    .map((s) => `  - split: ${s}\n    path: data/${s}.jsonl`)
    .join('\n');
  writeFileSync(join(dir, 'README.md'), `---\nconfigs:\n- config_name: default\n  data_files:\n${files}\n---\n`);
  writeFileSync(join(dir, '.mirror.json'), JSON.stringify({ repo, revision }));
  for (const [s, rows] of Object.entries(splits))
    writeFileSync(join(dir, 'data', `${s}.jsonl`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return dir;
}

/** A precomputed: folder holding hash embeddings of the given texts. */
export function writePrecomputed(dir: string, texts: string[], mutate?: (data: Float32Array, cols: number) => void): string {
  mkdirSync(dir, { recursive: true });
  const unique = [...new Set(texts)];
  const m = hashEmbed(unique);
  mutate?.(m.data, m.cols);
  writeFileSync(join(dir, 'texts.jsonl'), unique.map((t) => JSON.stringify(t)).join('\n') + '\n');
  writeNpy(join(dir, 'embeddings.npy'), m);
  return dir;
}
