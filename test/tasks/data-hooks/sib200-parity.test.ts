import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Encoder } from '../../../core/encoder.js';
import { loadContext } from '../../../runners/task-data.js';
import { createDatasetSource } from '../../../tasks/data/source.js';
import { getTask } from '../../../tasks/registry.js';
import clustering from '../../../tasks/types/clustering.js';
import type { EvalContext } from '../../../tasks/types/module.js';
import { testEvalContext } from '../../helpers/eval-context.js';
import { SHARED_HUB, sharedPresent } from '../../helpers/shared.js';
import { denseEmbedAll } from '../types/clustering-hash-embed.js';

/*
 * INTEGRATION on the real mirrored SIB-200 (../shared/hub/datasets/mteb/sib200, 3 of its 13 languages):
 * SIB200ClusteringS2S from the catalog, rows read by the runner's loader through the ported dataset_transform
 * (train + validation + test -> 1,004 documents), max_document_to_embed = 1004 with the task RNG shared across
 * subsets, then the fast clustering evaluator. Reference: `/usr/bin/python3 scripts/reference/sib200_clustering.py
 * ../shared/hub` (scikit-learn 1.2.1, numpy 1.24.2), numbers pasted below; dense hashing embeddings
 * (no exact distance ties), so the clusterings are expected to be identical.
 */
const REF: Record<string, { v_measures: number[]; v_measure: number; first_docs: string[] }> = {
  deu_Latn: {
    v_measures: [
      0.039452409020797136, 0.025733911145921287, 0.02792613550804194, 0.023630312790602077, 0.03062464511841444, 0.03492925786301557,
      0.03171175188039534, 0.037448575912066066, 0.03057973107363405, 0.03733177385521892,
    ],
    v_measure: 0.03193685041681068,
    first_docs: ['Obwohl Kruschtschow schließlich Panzer s', 'In abgelegenen Gegenden ohne Handy-Abdec', 'Eine Buchung im Voraus gibt dem Reisende'],
  },
  eng_Latn: {
    v_measures: [
      0.03460660412542903, 0.037746405546294, 0.03332286692002471, 0.035763741611241275, 0.039842043275784944, 0.030148392609875063,
      0.03560774990320532, 0.03488614792890497, 0.044435094509612784, 0.03667165994127872,
    ],
    v_measure: 0.03630307063716508,
    first_docs: ["When you're on a staycation, you have th", 'Besides white sand beaches and mountain ', "Italy's main goals were African countrie"],
  },
  fra_Latn: {
    v_measures: [
      0.02674274488007717, 0.03408919557418396, 0.026006241526644897, 0.03430364271226387, 0.025097081210787804, 0.025952535923880048,
      0.030599756672221964, 0.025524471539963806, 0.027484765511570523, 0.02519952455038042,
    ],
    v_measure: 0.02809999601019745,
    first_docs: ['Des éléments comme le calcium et le pota', 'La luminosité et la rotation sont utilis', 'La randonnée est une activité de plein a'],
  },
};

const present = sharedPresent(join(SHARED_HUB, 'datasets', 'mteb', 'sib200'), 'SIB-200 integration (mirrored dataset)');

describe.skipIf(!present)('SIB200ClusteringS2S on the mirrored data equals mteb + scikit-learn', () => {
  it('deu_Latn, eng_Latn, fra_Latn in metadata order with one task RNG', { timeout: 600_000 }, async () => {
    const task = getTask('SIB200ClusteringS2S', { hfSubsets: Object.keys(REF) });
    expect(Object.keys(task.subsets)).toEqual(Object.keys(REF));
    const source = createDatasetSource({ hubMirror: SHARED_HUB, offline: true });
    const encoder: Encoder = { name: 'dense-hash', meta: { name: 'dense-hash' }, encode: async (texts) => denseEmbedAll(texts) };
    const state = new Map<string, unknown>();
    for (const subset of Object.keys(task.subsets)) {
      const data = await clustering.load(loadContext(task, 'test', subset, source));
      expect(data.sentences).toHaveLength(1004);
      // the references come from scikit-learn 1.2.1
      const ctx: EvalContext = testEvalContext(task, 'test', subset, encoder, { sklearnVersion: '1.2.1', batchSize: 64, state });
      const scores = (await clustering.evaluate(data, ctx)) as { v_measure: number; v_measures: Record<string, number[]> };
      const ref = REF[subset]!;
      const got = Object.values(scores.v_measures)[0]!;
      got.forEach((v, i) => expect(v, `${subset} run ${i}`).toBeCloseTo(ref.v_measures[i]!, 10));
      expect(scores.v_measure).toBeCloseTo(ref.v_measure, 10);
    }
  });
});
