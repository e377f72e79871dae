import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Local tasks for sharding and resume tests (no ../shared): a Tatoeba-like bitext task with many fast_load
 * subsets, and a clustering task with three subsets and two splits that downsamples and bootstraps, so every
 * subset draws from the one task-level random stream. Texts are generated from small word lists.
 */
const NOUNS = ['cat', 'dog', 'house', 'river', 'train', 'garden', 'teacher', 'market', 'window', 'mountain', 'bread', 'letter'];
const VERBS = ['sees', 'likes', 'paints', 'finds', 'visits', 'builds', 'cleans', 'draws'];
const ADJ = ['red', 'old', 'quiet', 'small', 'bright', 'cold', 'green', 'busy'];
const TOPICS: Record<string, string[]> = {
  sport: ['match', 'goal', 'team', 'coach', 'race', 'score', 'ball', 'league'],
  food: ['soup', 'bread', 'oven', 'sauce', 'salt', 'dough', 'pepper', 'cake'],
  weather: ['rain', 'wind', 'snow', 'storm', 'fog', 'sun', 'frost', 'cloud'],
  tech: ['server', 'laptop', 'code', 'bug', 'network', 'disk', 'update', 'memory'],
};

export const TATOEBA_LIKE_SUBSETS = ['fra-eng', 'deu-eng', 'spa-eng', 'ita-eng', 'nld-eng', 'por-eng', 'swe-eng', 'dan-eng'];
export const CLUSTER_SUBSETS = ['en', 'de', 'fr'];

function sentence(i: number): string {
  return `the ${ADJ[i % ADJ.length]} ${NOUNS[i % NOUNS.length]} ${VERBS[(i * 7) % VERBS.length]} a ${NOUNS[(i * 5 + 3) % NOUNS.length]}`;
}

/** A made-up "translation": the words reversed with a per-language suffix; mining still has to find the pairs. */
function translate(s: string, lang: string, noise: number): string {
  const words = s.split(' ').reverse();
  if (noise % 3 === 0) words.push(NOUNS[noise % NOUNS.length]!);
  return words.map((w) => `${w}${lang.slice(0, 2)}`).join(' ');
}

/** Writes the datasets and a task file under `dir`; returns the task file and the task names. */
export function writeShardTasks(dir: string): { taskFile: string; names: string[] } {
  const bitext = join(dir, 'data', 'tatoeba-like');
  mkdirSync(bitext, { recursive: true });
  const brows: string[] = [];
  TATOEBA_LIKE_SUBSETS.forEach((lang, li) => {
    for (let i = 0; i < 18; i++) {
      const s = sentence(i * 3 + li);
      brows.push(JSON.stringify({ sentence1: translate(s, lang, i + li), sentence2: s, lang }));
    }
  });
  writeFileSync(join(bitext, 'test.jsonl'), `${brows.join('\n')}\n`);

  const clus = join(dir, 'data', 'multi-clustering');
  mkdirSync(clus, { recursive: true });
  for (const split of ['validation', 'test']) {
    const rows: string[] = [];
    CLUSTER_SUBSETS.forEach((lang, li) => {
      Object.entries(TOPICS).forEach(([topic, words], ti) => {
        for (let i = 0; i < 10; i++) {
          const w = (k: number) => words[(i * (k + 1) + ti + li + (split === 'validation' ? 1 : 0)) % words.length];
          rows.push(JSON.stringify({ sentences: `${w(0)} ${w(1)} ${lang} ${w(2)} ${NOUNS[(i + li) % NOUNS.length]}`, labels: topic, lang }));
        }
      });
    });
    writeFileSync(join(clus, `${split}.jsonl`), `${rows.join('\n')}\n`);
  }

  const taskFile = join(dir, 'tasks.yaml');
  writeFileSync(
    taskFile,
    [
      'tasks:',
      '  - name: TatoebaLike',
      '    type: BitextMining',
      '    dataset: { path: ./data/tatoeba-like }',
      '    fast_load: true',
      `    subsets: { ${TATOEBA_LIKE_SUBSETS.map((s) => `${s}: [${s.slice(0, 3)}-Latn, eng-Latn]`).join(', ')} }`,
      '  - name: MultiClustering',
      '    type: Clustering',
      '    dataset: { path: ./data/multi-clustering }',
      '    fast_load: true',
      '    eval_splits: [test, validation]',
      '    subsets: { en: [eng-Latn], de: [deu-Latn], fr: [fra-Latn] }',
      // Downsampling (rng.sample) and bootstrap draws (rng.choices) both advance the task-level stream.
      '    params: { max_fraction_of_documents_to_embed: 0.5, max_documents_per_cluster: 24, n_clusters: 3 }',
    ].join('\n') + '\n',
  );
  return { taskFile, names: ['TatoebaLike', 'MultiClustering'] };
}
