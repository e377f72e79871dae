/**
 * PARITY: the Retrieval and Reranking evaluators, run end to end through the runner with the real
 * `precomputed:` model on the mirrored SciFact (test) and local/scifact-reranking data, against values
 * computed independently in Python by scripts/reference/trec_parity.py (trec_eval's definitions
 * re-implemented from usnistgov/trec_eval form_res_rels.c, m_ndcg_cut.c, m_map_cut.c, m_recall.c, m_P.c,
 * m_success.c; mteb's MRR and nAUC with numpy 1.24 / sklearn 1.2 under Debian python3 3.11).
 *
 * The embeddings are the deterministic hash embedding described in that script (same function below):
 * integer vectors scored with `dot`, so every score is an exact integer in float32 and both sides see the
 * same run. "ordinary" (64 dims, tie-breaking noise: 72% distinct scores per SciFact run) and "ties"
 * (16 dims, raw counts: 7.8% distinct, so ties decide most ranks and straddle rank 1000).
 *
 * REFERENCE below = output of `/usr/bin/python3 scripts/reference/trec_parity.py ../shared/hub`.
 * Tolerance: 1e-5 (+1e-12) for the keys rounded to 5 decimals, 1e-9 for MRR and nAUC.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMatrix } from '../../../core/matrix.js';
import { writeNpy } from '../../../models/npy.js';
import { create as createPrecomputed } from '../../../models/precomputed.js';
import { evaluate } from '../../../runners/evaluate.js';
import { LocalRepo } from '../../../tasks/data/local-repo.js';
import type { TaskMetadata } from '../../../tasks/metadata.js';
import { getTask } from '../../../tasks/registry.js';
import { documentText } from '../../../tasks/types/retrieval-data.js';

const HUB = resolve(process.cwd(), '../shared/hub');
const hasHub = existsSync(join(HUB, 'datasets/mteb/scifact')) && existsSync(join(HUB, 'datasets/local/scifact-reranking'));
if (!hasHub) console.warn(`retrieval parity: ${HUB} not found, skipping`);

// prettier-ignore
const REFERENCE: Record<string, Record<string, number>> = {
  'scifact/ordinary': { ndcg_at_1: 0.01333, ndcg_at_3: 0.01886, ndcg_at_5: 0.0238, ndcg_at_10: 0.02545, ndcg_at_20: 0.03554, ndcg_at_100: 0.05533, ndcg_at_1000: 0.09813, map_at_1: 0.01083, map_at_3: 0.01667, map_at_5: 0.02046, map_at_10: 0.02104, map_at_20: 0.02379, map_at_100: 0.0263, map_at_1000: 0.02745, recall_at_1: 0.01083, recall_at_3: 0.02167, recall_at_5: 0.03333, recall_at_10: 0.03833, recall_at_20: 0.07833, recall_at_100: 0.18667, recall_at_1000: 0.54244, accuracy: 0.01083, precision_at_1: 0.01333, precision_at_3: 0.00889, precision_at_5: 0.00867, precision_at_10: 0.005, precision_at_20: 0.0045, precision_at_100: 0.00207, precision_at_1000: 0.0006, mrr_at_1: 0.013333333333333334, mrr_at_3: 0.018333333333333333, mrr_at_5: 0.020833333333333332, mrr_at_10: 0.02162037037037037, mrr_at_20: 0.02437475759534583, mrr_at_100: 0.026989393940559183, mrr_at_1000: 0.028215494160403663, nauc_ndcg_at_1_max: -0.2216930507110276, nauc_ndcg_at_1_std: -0.07217601287899109, nauc_ndcg_at_1_diff1: -0.09894016635363559, nauc_ndcg_at_3_max: -0.08944265389907541, nauc_ndcg_at_3_std: 0.12862465193068873, nauc_ndcg_at_3_diff1: -0.12528000529181765, nauc_ndcg_at_5_max: -0.059695845518807036, nauc_ndcg_at_5_std: 0.13799685599736922, nauc_ndcg_at_5_diff1: -0.051639105809808294, nauc_ndcg_at_10_max: -0.06144917068912254, nauc_ndcg_at_10_std: 0.12772887522068793, nauc_ndcg_at_10_diff1: -0.03430799876937777, nauc_ndcg_at_20_max: 0.002220856955322481, nauc_ndcg_at_20_std: 0.14638521040338975, nauc_ndcg_at_20_diff1: -0.005908779901882964, nauc_ndcg_at_100_max: -0.05753379981847709, nauc_ndcg_at_100_std: 0.05261994820972085, nauc_ndcg_at_100_diff1: -0.07037524287044501, nauc_ndcg_at_1000_max: -0.1271172699408823, nauc_ndcg_at_1000_std: -0.01759616977877481, nauc_ndcg_at_1000_diff1: -0.11857457114698267, nauc_map_at_1_max: -0.2565684918783926, nauc_map_at_1_std: -0.11155600503601576, nauc_map_at_1_diff1: -0.14449650162019362, nauc_map_at_3_max: -0.11258384759860476, nauc_map_at_3_std: 0.09718272068687968, nauc_map_at_3_diff1: -0.13496109471424736, nauc_map_at_5_max: -0.08735341868688722, nauc_map_at_5_std: 0.10797903994465441, nauc_map_at_5_diff1: -0.07333669588957559, nauc_map_at_10_max: -0.08759842054743258, nauc_map_at_10_std: 0.10470427542448144, nauc_map_at_10_diff1: -0.06600648295460977, nauc_map_at_20_max: -0.05911699968763649, nauc_map_at_20_std: 0.11324499091538026, nauc_map_at_20_diff1: -0.04763313995873074, nauc_map_at_100_max: -0.07162276054428725, nauc_map_at_100_std: 0.09021956563698279, nauc_map_at_100_diff1: -0.06045180756788635, nauc_map_at_1000_max: -0.07739229667510414, nauc_map_at_1000_std: 0.08359605443212996, nauc_map_at_1000_diff1: -0.06348825188811488, nauc_recall_at_1_max: -0.2565684918783926, nauc_recall_at_1_std: -0.11155600503601576, nauc_recall_at_1_diff1: -0.14449650162019362, nauc_recall_at_3_max: -0.042207591174588735, nauc_recall_at_3_std: 0.20150254896699757, nauc_recall_at_3_diff1: -0.13917153412726257, nauc_recall_at_5_max: -0.009310437349074293, nauc_recall_at_5_std: 0.19136034343976407, nauc_recall_at_5_diff1: -0.010920311242285973, nauc_recall_at_10_max: -0.021709966052659162, nauc_recall_at_10_std: 0.16601532879924422, nauc_recall_at_10_diff1: 0.013147303461229082, nauc_recall_at_20_max: 0.07396856749767358, nauc_recall_at_20_std: 0.18437623095410713, nauc_recall_at_20_diff1: 0.032933909538788116, nauc_recall_at_100_max: -0.05938835591524973, nauc_recall_at_100_std: 0.007436687278348722, nauc_recall_at_100_diff1: -0.096191006638174, nauc_recall_at_1000_max: -0.21169058730271237, nauc_recall_at_1000_std: -0.1381984323778387, nauc_recall_at_1000_diff1: -0.21390988416632267, nauc_precision_at_1_max: -0.2216930507110276, nauc_precision_at_1_std: -0.07217601287899109, nauc_precision_at_1_diff1: -0.09894016635363559, nauc_precision_at_3_max: -0.04752481888918696, nauc_precision_at_3_std: 0.18218406224845726, nauc_precision_at_3_diff1: -0.0946136302656292, nauc_precision_at_5_max: -0.02344636849600614, nauc_precision_at_5_std: 0.16992425336938358, nauc_precision_at_5_diff1: 0.014323749767806737, nauc_precision_at_10_max: -0.02747518111081292, nauc_precision_at_10_std: 0.14011269117252478, nauc_precision_at_10_diff1: 0.05183793936141672, nauc_precision_at_20_max: 0.05836289737550803, nauc_precision_at_20_std: 0.1676057597710401, nauc_precision_at_20_diff1: 0.05186377684365351, nauc_precision_at_100_max: -0.0705231008100352, nauc_precision_at_100_std: -0.0006486409185165227, nauc_precision_at_100_diff1: -0.09136132874347534, nauc_precision_at_1000_max: -0.21560754117749253, nauc_precision_at_1000_std: -0.13625480214540683, nauc_precision_at_1000_diff1: -0.18819861135808247, nauc_mrr_at_1_max: -0.2216930507110276, nauc_mrr_at_1_std: -0.07217601287899109, nauc_mrr_at_1_diff1: -0.09894016635363559, nauc_mrr_at_3_max: -0.10876405590652974, nauc_mrr_at_3_std: 0.09729980242456779, nauc_mrr_at_3_diff1: -0.113740029758275, nauc_mrr_at_5_max: -0.08705124765226711, nauc_mrr_at_5_std: 0.10780788838207668, nauc_mrr_at_5_diff1: -0.0702441642071371, nauc_mrr_at_10_max: -0.08551004332640628, nauc_mrr_at_10_std: 0.10160418590194012, nauc_mrr_at_10_diff1: -0.05613932476074527, nauc_mrr_at_20_max: -0.057946225918428934, nauc_mrr_at_20_std: 0.11029082132360749, nauc_mrr_at_20_diff1: -0.03932069498578821, nauc_mrr_at_100_max: -0.07057098192176965, nauc_mrr_at_100_std: 0.08751406378215251, nauc_mrr_at_100_diff1: -0.053573739992290044, nauc_mrr_at_1000_max: -0.07499877530792184, nauc_mrr_at_1000_std: 0.08224205435365678, nauc_mrr_at_1000_diff1: -0.054508558022060616, hit_rate_at_1: 0.01333, hit_rate_at_3: 0.02333, hit_rate_at_5: 0.03333, hit_rate_at_10: 0.04, hit_rate_at_20: 0.08, hit_rate_at_100: 0.19333, hit_rate_at_1000: 0.57333 },
  'scifact/ties': { ndcg_at_1: 0.0, ndcg_at_3: 0.00631, ndcg_at_5: 0.00631, ndcg_at_10: 0.01077, ndcg_at_20: 0.01585, ndcg_at_100: 0.0289, ndcg_at_1000: 0.07399, map_at_1: 0.0, map_at_3: 0.005, map_at_5: 0.005, map_at_10: 0.00692, map_at_20: 0.00833, map_at_100: 0.01015, map_at_1000: 0.01136, recall_at_1: 0.0, recall_at_3: 0.01, recall_at_5: 0.01, recall_at_10: 0.02333, recall_at_20: 0.04333, recall_at_100: 0.1125, recall_at_1000: 0.48567, accuracy: 0.0, precision_at_1: 0.0, precision_at_3: 0.00333, precision_at_5: 0.002, precision_at_10: 0.00233, precision_at_20: 0.00217, precision_at_100: 0.00117, precision_at_1000: 0.00054, mrr_at_1: 0.0, mrr_at_3: 0.005, mrr_at_5: 0.005, mrr_at_10: 0.006924603174603175, mrr_at_20: 0.008327946563240679, mrr_at_100: 0.010299000176469512, mrr_at_1000: 0.011537007738711958, nauc_ndcg_at_1_max: NaN, nauc_ndcg_at_1_std: NaN, nauc_ndcg_at_1_diff1: NaN, nauc_ndcg_at_3_max: -0.09686074590823708, nauc_ndcg_at_3_std: -0.014220552723369861, nauc_ndcg_at_3_diff1: -0.20579554601556213, nauc_ndcg_at_5_max: -0.09686074590823708, nauc_ndcg_at_5_std: -0.014220552723369861, nauc_ndcg_at_5_diff1: -0.20579554601556213, nauc_ndcg_at_10_max: 0.09682899280820478, nauc_ndcg_at_10_std: 0.2031881244363692, nauc_ndcg_at_10_diff1: 0.09345112324569463, nauc_ndcg_at_20_max: 0.08684081465030491, nauc_ndcg_at_20_std: 0.16315743072256253, nauc_ndcg_at_20_diff1: 0.12209068635872253, nauc_ndcg_at_100_max: 0.02313746435161774, nauc_ndcg_at_100_std: 0.10103108903444499, nauc_ndcg_at_100_diff1: 0.022980852815140722, nauc_ndcg_at_1000_max: -0.02160585432424996, nauc_ndcg_at_1000_std: 0.022161362605453847, nauc_ndcg_at_1000_diff1: 0.026390423998199256, nauc_map_at_1_max: NaN, nauc_map_at_1_std: NaN, nauc_map_at_1_diff1: NaN, nauc_map_at_3_max: -0.09686074590823715, nauc_map_at_3_std: -0.014220552723369933, nauc_map_at_3_diff1: -0.20579554601556216, nauc_map_at_5_max: -0.09686074590823715, nauc_map_at_5_std: -0.014220552723369933, nauc_map_at_5_diff1: -0.20579554601556216, nauc_map_at_10_max: 0.024720866779475548, nauc_map_at_10_std: 0.12443156613667923, nauc_map_at_10_diff1: -0.01422055272337023, nauc_map_at_20_max: 0.03042986201527185, nauc_map_at_20_std: 0.1143606096694483, nauc_map_at_20_diff1: 0.018501921747910675, nauc_map_at_100_max: 0.015379272687740298, nauc_map_at_100_std: 0.09825246478725386, nauc_map_at_100_diff1: 0.0010781145061758049, nauc_map_at_1000_max: 0.006965921548261258, nauc_map_at_1000_std: 0.0863020920331387, nauc_map_at_1000_diff1: -0.003031105631934082, nauc_recall_at_1_max: NaN, nauc_recall_at_1_std: NaN, nauc_recall_at_1_diff1: NaN, nauc_recall_at_3_max: -0.09686074590823715, nauc_recall_at_3_std: -0.014220552723369933, nauc_recall_at_3_diff1: -0.20579554601556216, nauc_recall_at_5_max: -0.09686074590823715, nauc_recall_at_5_std: -0.014220552723369933, nauc_recall_at_5_diff1: -0.20579554601556216, nauc_recall_at_10_max: 0.18287400820269087, nauc_recall_at_10_std: 0.2964851086664879, nauc_recall_at_10_diff1: 0.2207060446931657, nauc_recall_at_20_max: 0.13035850653237285, nauc_recall_at_20_std: 0.19896390167385605, nauc_recall_at_20_diff1: 0.20375224453571644, nauc_recall_at_100_max: 0.017553098121818468, nauc_recall_at_100_std: 0.09358072876333257, nauc_recall_at_100_diff1: 0.012274778263069207, nauc_recall_at_1000_max: -0.03969226293559862, nauc_recall_at_1000_std: -0.01935360361057409, nauc_recall_at_1000_diff1: 0.03623837817739046, nauc_precision_at_1_max: NaN, nauc_precision_at_1_std: NaN, nauc_precision_at_1_diff1: NaN, nauc_precision_at_3_max: -0.09686074590823722, nauc_precision_at_3_std: -0.014220552723369907, nauc_precision_at_3_diff1: -0.20579554601556213, nauc_precision_at_5_max: -0.09686074590823723, nauc_precision_at_5_std: -0.01422055272336995, nauc_precision_at_5_diff1: -0.2057955460155622, nauc_precision_at_10_max: 0.18287400820269087, nauc_precision_at_10_std: 0.29648510866648803, nauc_precision_at_10_diff1: 0.22070604469316582, nauc_precision_at_20_max: 0.13035850653237285, nauc_precision_at_20_std: 0.19896390167385594, nauc_precision_at_20_diff1: 0.2037522445357164, nauc_precision_at_100_max: 0.014112529703169495, nauc_precision_at_100_std: 0.08994321156711883, nauc_precision_at_100_diff1: 0.015731604172539975, nauc_precision_at_1000_max: -0.0745497023136636, nauc_precision_at_1000_std: -0.056055467631321215, nauc_precision_at_1000_diff1: 0.02596653854849617, nauc_mrr_at_1_max: NaN, nauc_mrr_at_1_std: NaN, nauc_mrr_at_1_diff1: NaN, nauc_mrr_at_3_max: -0.09686074590823715, nauc_mrr_at_3_std: -0.014220552723369933, nauc_mrr_at_3_diff1: -0.20579554601556216, nauc_mrr_at_5_max: -0.09686074590823715, nauc_mrr_at_5_std: -0.014220552723369933, nauc_mrr_at_5_diff1: -0.20579554601556216, nauc_mrr_at_10_max: 0.024720866779475548, nauc_mrr_at_10_std: 0.12443156613667923, nauc_mrr_at_10_diff1: -0.01422055272337023, nauc_mrr_at_20_max: 0.03042986201527185, nauc_mrr_at_20_std: 0.1143606096694483, nauc_mrr_at_20_diff1: 0.018501921747910675, nauc_mrr_at_100_max: 0.01054636205437477, nauc_mrr_at_100_std: 0.0931078306273892, nauc_mrr_at_100_diff1: -0.0016172960533579056, nauc_mrr_at_1000_max: 0.00472440291330502, nauc_mrr_at_1000_std: 0.08370486330891178, nauc_mrr_at_1000_diff1: -0.003359363212480745, hit_rate_at_1: 0.0, hit_rate_at_3: 0.01, hit_rate_at_5: 0.01, hit_rate_at_10: 0.02333, hit_rate_at_20: 0.04333, hit_rate_at_100: 0.11667, hit_rate_at_1000: 0.50333 },
  'scifact-reranking/ordinary': { ndcg_at_1: 0.12333, ndcg_at_3: 0.20465, ndcg_at_5: 0.26597, ndcg_at_10: 0.33893, ndcg_at_20: 0.43319, ndcg_at_100: 0.43403, ndcg_at_1000: 0.43403, map_at_1: 0.11917, map_at_3: 0.17977, map_at_5: 0.21435, map_at_10: 0.24438, map_at_20: 0.27204, map_at_100: 0.27245, map_at_1000: 0.27245, recall_at_1: 0.11917, recall_at_3: 0.26389, recall_at_5: 0.41389, recall_at_10: 0.63778, recall_at_20: 0.99756, recall_at_100: 1.0, recall_at_1000: 1.0, accuracy: 0.11917, precision_at_1: 0.12333, precision_at_3: 0.09667, precision_at_5: 0.08933, precision_at_10: 0.069, precision_at_20: 0.056, precision_at_100: 0.0113, precision_at_1000: 0.00113, mrr_at_1: 0.12333333333333334, mrr_at_3: 0.18944444444444447, mrr_at_5: 0.22411111111111126, mrr_at_10: 0.25373544973544987, mrr_at_20: 0.27721512725034425, mrr_at_100: 0.27721512725034425, mrr_at_1000: 0.27721512725034425, nauc_ndcg_at_1_max: 0.08992167587291504, nauc_ndcg_at_1_std: 0.13725702864137465, nauc_ndcg_at_1_diff1: 0.05390497292355842, nauc_ndcg_at_3_max: 0.036148677384639484, nauc_ndcg_at_3_std: 0.10901859000371439, nauc_ndcg_at_3_diff1: 0.046681198239932796, nauc_ndcg_at_5_max: -0.014864182388159982, nauc_ndcg_at_5_std: 0.059108811917065816, nauc_ndcg_at_5_diff1: 0.00015619101382311523, nauc_ndcg_at_10_max: -0.02217046129591654, nauc_ndcg_at_10_std: 0.04963656848336073, nauc_ndcg_at_10_diff1: -0.018553412187399032, nauc_ndcg_at_20_max: 0.010253573655498407, nauc_ndcg_at_20_std: 0.0767348145398007, nauc_ndcg_at_20_diff1: 0.01285000245697573, nauc_ndcg_at_100_max: 0.013440025067096803, nauc_ndcg_at_100_std: 0.08067973585452343, nauc_ndcg_at_100_diff1: 0.01483148141376661, nauc_ndcg_at_1000_max: 0.013440025067096803, nauc_ndcg_at_1000_std: 0.08067973585452343, nauc_ndcg_at_1000_diff1: 0.01483148141376661, nauc_map_at_1_max: 0.06514729721953803, nauc_map_at_1_std: 0.11697464785378814, nauc_map_at_1_diff1: 0.05275000446445395, nauc_map_at_3_max: 0.03542400417808969, nauc_map_at_3_std: 0.10273860509105237, nauc_map_at_3_diff1: 0.04506954809916889, nauc_map_at_5_max: 0.011469590029732928, nauc_map_at_5_std: 0.07939399015314753, nauc_map_at_5_diff1: 0.02004683157566455, nauc_map_at_10_max: 0.007164009067666669, nauc_map_at_10_std: 0.07367913493943046, nauc_map_at_10_diff1: 0.010115015985438269, nauc_map_at_20_max: 0.016513880497813844, nauc_map_at_20_std: 0.08191909693702978, nauc_map_at_20_diff1: 0.018912952274306612, nauc_map_at_100_max: 0.018005502704956114, nauc_map_at_100_std: 0.08370246735306955, nauc_map_at_100_diff1: 0.019857238258343384, nauc_map_at_1000_max: 0.018005502704956114, nauc_map_at_1000_std: 0.08370246735306955, nauc_map_at_1000_diff1: 0.019857238258343384, nauc_recall_at_1_max: 0.06514729721953803, nauc_recall_at_1_std: 0.11697464785378814, nauc_recall_at_1_diff1: 0.05275000446445395, nauc_recall_at_3_max: 0.016387166244591227, nauc_recall_at_3_std: 0.10398293086601948, nauc_recall_at_3_diff1: 0.04705896428642664, nauc_recall_at_5_max: -0.07838103290100913, nauc_recall_at_5_std: 0.007966037667967767, nauc_recall_at_5_diff1: -0.04495691748664358, nauc_recall_at_10_max: -0.11099667527585301, nauc_recall_at_10_std: -0.028638205708915117, nauc_recall_at_10_diff1: -0.10506887938070408, nauc_recall_at_20_max: -0.6207877090230604, nauc_recall_at_20_std: -0.7863084627790969, nauc_recall_at_20_diff1: -0.37632628809107044, nauc_recall_at_100_max: NaN, nauc_recall_at_100_std: NaN, nauc_recall_at_100_diff1: NaN, nauc_recall_at_1000_max: NaN, nauc_recall_at_1000_std: NaN, nauc_recall_at_1000_diff1: NaN, nauc_precision_at_1_max: 0.08992167587291504, nauc_precision_at_1_std: 0.13725702864137465, nauc_precision_at_1_diff1: 0.05390497292355842, nauc_precision_at_3_max: 0.06478883324606532, nauc_precision_at_3_std: 0.1485260618754168, nauc_precision_at_3_diff1: 0.05887696968883292, nauc_precision_at_5_max: -0.02511519591593154, nauc_precision_at_5_std: 0.05945020884439451, nauc_precision_at_5_diff1: -0.03098272890008597, nauc_precision_at_10_max: -0.0406727697310927, nauc_precision_at_10_std: 0.03860021107625007, nauc_precision_at_10_diff1: -0.07837041494152433, nauc_precision_at_20_max: 0.15755895417821897, nauc_precision_at_20_std: 0.15846078168321243, nauc_precision_at_20_diff1: 0.08010613242703359, nauc_precision_at_100_max: 0.18607803072519974, nauc_precision_at_100_std: 0.19227673319436064, nauc_precision_at_100_diff1: 0.09972274394061247, nauc_precision_at_1000_max: 0.18607803072520018, nauc_precision_at_1000_std: 0.19227673319436064, nauc_precision_at_1000_diff1: 0.0997227439406137, nauc_mrr_at_1_max: 0.08992167587291504, nauc_mrr_at_1_std: 0.13725702864137465, nauc_mrr_at_1_diff1: 0.05390497292355842, nauc_mrr_at_3_max: 0.04692317871701526, nauc_mrr_at_3_std: 0.11216490373087029, nauc_mrr_at_3_diff1: 0.04418499831351156, nauc_mrr_at_5_max: 0.015920648916428908, nauc_mrr_at_5_std: 0.08232594018432791, nauc_mrr_at_5_diff1: 0.016827629282960128, nauc_mrr_at_10_max: 0.016789871445013285, nauc_mrr_at_10_std: 0.08264958025893011, nauc_mrr_at_10_diff1: 0.013539371275127807, nauc_mrr_at_20_max: 0.023364544533279494, nauc_mrr_at_20_std: 0.08712126741477544, nauc_mrr_at_20_diff1: 0.019349402871339863, nauc_mrr_at_100_max: 0.023364544533279494, nauc_mrr_at_100_std: 0.08712126741477544, nauc_mrr_at_100_diff1: 0.019349402871339863, nauc_mrr_at_1000_max: 0.023364544533279494, nauc_mrr_at_1000_std: 0.08712126741477544, nauc_mrr_at_1000_diff1: 0.019349402871339863, hit_rate_at_1: 0.12333, hit_rate_at_3: 0.28333, hit_rate_at_5: 0.43667, hit_rate_at_10: 0.66333, hit_rate_at_20: 1.0, hit_rate_at_100: 1.0, hit_rate_at_1000: 1.0 },
  'scifact-reranking/ties': { ndcg_at_1: 0.07333, ndcg_at_3: 0.16757, ndcg_at_5: 0.23992, ndcg_at_10: 0.31188, ndcg_at_20: 0.40703, ndcg_at_100: 0.40805, ndcg_at_1000: 0.40805, map_at_1: 0.07167, map_at_3: 0.14134, map_at_5: 0.18143, map_at_10: 0.21165, map_at_20: 0.23867, map_at_100: 0.23922, map_at_1000: 0.23922, recall_at_1: 0.07167, recall_at_3: 0.23528, recall_at_5: 0.40861, recall_at_10: 0.62872, recall_at_20: 0.99717, recall_at_100: 1.0, recall_at_1000: 1.0, accuracy: 0.07167, precision_at_1: 0.07333, precision_at_3: 0.08333, precision_at_5: 0.088, precision_at_10: 0.068, precision_at_20: 0.05583, precision_at_100: 0.0113, precision_at_1000: 0.00113, mrr_at_1: 0.07333333333333333, mrr_at_3: 0.14888888888888893, mrr_at_5: 0.189888888888889, mrr_at_10: 0.21860846560846578, mrr_at_20: 0.2419965611443945, mrr_at_100: 0.2419965611443945, mrr_at_1000: 0.2419965611443945, nauc_ndcg_at_1_max: 0.016098738932116982, nauc_ndcg_at_1_std: 0.13577822767519568, nauc_ndcg_at_1_diff1: -0.013244871575969049, nauc_ndcg_at_3_max: -0.008860746453313837, nauc_ndcg_at_3_std: 0.0653374262463115, nauc_ndcg_at_3_diff1: -0.015398095093340112, nauc_ndcg_at_5_max: -0.024285192066208463, nauc_ndcg_at_5_std: 0.034227531610473295, nauc_ndcg_at_5_diff1: -0.009863395148919964, nauc_ndcg_at_10_max: -0.06398465616617194, nauc_ndcg_at_10_std: -0.027989448996217053, nauc_ndcg_at_10_diff1: -0.031864807296625844, nauc_ndcg_at_20_max: -0.038518792325805754, nauc_ndcg_at_20_std: 0.02896938007955984, nauc_ndcg_at_20_diff1: -0.01638155360971945, nauc_ndcg_at_100_max: -0.032689412211688904, nauc_ndcg_at_100_std: 0.03409033610932028, nauc_ndcg_at_100_diff1: -0.013893358705479449, nauc_ndcg_at_1000_max: -0.032689412211688904, nauc_ndcg_at_1000_std: 0.03409033610932028, nauc_ndcg_at_1000_diff1: -0.013893358705479449, nauc_map_at_1_max: 0.029838825416040052, nauc_map_at_1_std: 0.14372180380753888, nauc_map_at_1_diff1: -0.0001871946387455195, nauc_map_at_3_max: -0.00782561629036767, nauc_map_at_3_std: 0.07591412389980455, nauc_map_at_3_diff1: -0.015461805283301475, nauc_map_at_5_max: -0.02031786004671733, nauc_map_at_5_std: 0.05292062612186669, nauc_map_at_5_diff1: -0.01128447732470954, nauc_map_at_10_max: -0.03856894418163615, nauc_map_at_10_std: 0.02460036140937262, nauc_map_at_10_diff1: -0.020510668484108496, nauc_map_at_20_max: -0.03224272047743389, nauc_map_at_20_std: 0.04130980407172861, nauc_map_at_20_diff1: -0.016718279598334575, nauc_map_at_100_max: -0.029639248254358267, nauc_map_at_100_std: 0.04360559903557799, nauc_map_at_100_diff1: -0.015585133489734296, nauc_map_at_1000_max: -0.029639248254358267, nauc_map_at_1000_std: 0.04360559903557799, nauc_map_at_1000_diff1: -0.015585133489734296, nauc_recall_at_1_max: 0.029838825416040052, nauc_recall_at_1_std: 0.14372180380753888, nauc_recall_at_1_diff1: -0.0001871946387455195, nauc_recall_at_3_max: -0.01385195681811599, nauc_recall_at_3_std: 0.04656525097886018, nauc_recall_at_3_diff1: -0.02378679458812333, nauc_recall_at_5_max: -0.03518441664833982, nauc_recall_at_5_std: -0.0023558020579164023, nauc_recall_at_5_diff1: -0.017531558569126356, nauc_recall_at_10_max: -0.12959158975714666, nauc_recall_at_10_std: -0.1552846134960635, nauc_recall_at_10_diff1: -0.07074431069584759, nauc_recall_at_20_max: -0.9095128247377057, nauc_recall_at_20_std: -0.7849453506892771, nauc_recall_at_20_diff1: -0.3698852089855133, nauc_recall_at_100_max: NaN, nauc_recall_at_100_std: NaN, nauc_recall_at_100_diff1: NaN, nauc_recall_at_1000_max: NaN, nauc_recall_at_1000_std: NaN, nauc_recall_at_1000_diff1: NaN, nauc_precision_at_1_max: 0.016098738932116982, nauc_precision_at_1_std: 0.13577822767519568, nauc_precision_at_1_diff1: -0.013244871575969049, nauc_precision_at_3_max: -0.0009660414368026143, nauc_precision_at_3_std: 0.04857668260389849, nauc_precision_at_3_diff1: -0.00314821625597636, nauc_precision_at_5_max: -0.01725007649242888, nauc_precision_at_5_std: 0.008112332233496585, nauc_precision_at_5_diff1: 0.035331232892571875, nauc_precision_at_10_max: -0.11953019579764827, nauc_precision_at_10_std: -0.14642598151258968, nauc_precision_at_10_diff1: -0.019341099147229004, nauc_precision_at_20_max: 0.04339760052129265, nauc_precision_at_20_std: 0.056751887768791295, nauc_precision_at_20_diff1: 0.13147303461228937, nauc_precision_at_100_max: 0.09527839122687444, nauc_precision_at_100_std: 0.09946131142804049, nauc_precision_at_100_diff1: 0.1438154011269116, nauc_precision_at_1000_max: 0.09527839122687501, nauc_precision_at_1000_std: 0.0994613114280415, nauc_precision_at_1000_diff1: 0.1438154011269119, nauc_mrr_at_1_max: 0.016098738932116982, nauc_mrr_at_1_std: 0.13577822767519568, nauc_mrr_at_1_diff1: -0.013244871575969049, nauc_mrr_at_3_max: -0.0036491543036115204, nauc_mrr_at_3_std: 0.0732977524526903, nauc_mrr_at_3_diff1: -0.006616531449563018, nauc_mrr_at_5_max: -0.015934296562225937, nauc_mrr_at_5_std: 0.05248839303985147, nauc_mrr_at_5_diff1: -0.005186494743431606, nauc_mrr_at_10_max: -0.03207108091361454, nauc_mrr_at_10_std: 0.025075506204113977, nauc_mrr_at_10_diff1: -0.01410770763230055, nauc_mrr_at_20_max: -0.027204448993600656, nauc_mrr_at_20_std: 0.04106578148017038, nauc_mrr_at_20_diff1: -0.01401084141300066, nauc_mrr_at_100_max: -0.027204448993600656, nauc_mrr_at_100_std: 0.04106578148017038, nauc_mrr_at_100_diff1: -0.01401084141300066, nauc_mrr_at_1000_max: -0.027204448993600656, nauc_mrr_at_1000_std: 0.04106578148017038, nauc_mrr_at_1000_diff1: -0.01401084141300066, hit_rate_at_1: 0.07333, hit_rate_at_3: 0.25, hit_rate_at_5: 0.43, hit_rate_at_10: 0.65, hit_rate_at_20: 1.0, hit_rate_at_100: 1.0, hit_rate_at_1000: 1.0 },
};

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const utf8 = new TextEncoder();

/** Same function as `embed` in scripts/reference/trec_parity.py. */
function hashEmbed(text: string, mode: 'ordinary' | 'ties'): Float32Array {
  const dim = mode === 'ties' ? 16 : 64;
  const v = new Float32Array(dim);
  const t = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  for (const w of t.match(/[a-z0-9]+/g) ?? []) {
    const h = fnv1a(utf8.encode(w));
    v[h % dim] = v[h % dim]! + (h & 0x80000000 ? -1 : 1);
  }
  if (mode === 'ordinary') {
    let x = fnv1a(utf8.encode(text)) || 0x9e3779b9;
    for (let i = 0; i < dim; i++) {
      x = (x ^ (x << 13)) >>> 0;
      x = (x ^ (x >>> 17)) >>> 0;
      x = (x ^ (x << 5)) >>> 0;
      v[i] = v[i]! * 8 + ((x % 9) - 4);
    }
  }
  return v;
}

const tmp = mkdtempSync(join(tmpdir(), 'mteb-ts-parity-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes a precomputed:<dir> model holding every query and document text of the given repos. */
async function precomputedModel(repos: { dir: string; configs: Record<string, string> }[], mode: 'ordinary' | 'ties') {
  const texts = new Set<string>();
  for (const { dir, configs } of repos) {
    const repo = new LocalRepo(dir, dir);
    for (const r of (await repo.loadRows('corpus', configs.corpus!)).rows) texts.add(documentText(r.title, r.text));
    for (const r of (await repo.loadRows('queries', configs.queries!)).rows) texts.add(String(r.text));
  }
  const list = [...texts];
  const first = hashEmbed('', mode);
  const data = new Float32Array(list.length * first.length);
  list.forEach((t, i) => data.set(hashEmbed(t, mode), i * first.length));
  const out = join(tmp, mode);
  rmSync(out, { recursive: true, force: true });
  const { mkdirSync } = await import('node:fs');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'texts.jsonl'), list.map((t) => JSON.stringify(t)).join('\n') + '\n');
  writeNpy(join(out, 'embeddings.npy'), createMatrix(list.length, first.length, data));
  writeFileSync(join(out, 'model_meta.json'), JSON.stringify({ name: `hash-${mode}`, revision: 'parity', similarity_fn_name: 'dot' }));
  return createPrecomputed(out, {});
}

/** mirror-only reranking set, defined here as a custom task (revision from its .mirror.json). */
const SCIFACT_RERANKING: TaskMetadata = {
  name: 'SciFactRerankingLocal',
  type: 'Reranking',
  description: 'SciFact test queries reranking 20-24 candidates each (local mirror construction).',
  dataset: { path: 'local/scifact-reranking', revision: '9f40fa06046249c703c7250e4d804cbd4b370317' },
  evalSplits: ['test'],
  subsets: { default: ['eng-Latn'] },
  mainScore: 'map_at_1000',
  origin: 'custom',
};

function compare(got: Record<string, unknown>, want: Record<string, number>): string[] {
  const bad: string[] = [];
  for (const [k, w] of Object.entries(want)) {
    const g = got[k];
    const tol = k.startsWith('mrr_') || k.startsWith('nauc_') ? 1e-9 : 1e-5 + 1e-12;
    if (Number.isNaN(w)) {
      if (!(g === null || (typeof g === 'number' && Number.isNaN(g)))) bad.push(`${k}: got ${String(g)}, want NaN`);
    } else if (typeof g !== 'number' || !(Math.abs(g - w) <= tol)) bad.push(`${k}: got ${String(g)}, want ${w}`);
  }
  return bad;
}

describe.skipIf(!hasHub)('retrieval/reranking parity with trec_eval definitions (SciFact mirror)', () => {
  const repos = [
    { dir: join(HUB, 'datasets/mteb/scifact'), configs: { corpus: 'corpus', queries: 'queries' } },
    { dir: join(HUB, 'datasets/local/scifact-reranking'), configs: { corpus: 'test', queries: 'test' } },
  ];
  for (const mode of ['ordinary', 'ties'] as const) {
    it(`${mode} vectors: every key of SciFact (test) and the reranking set matches`, async () => {
      const model = await precomputedModel(repos, mode);
      const logs: string[] = [];
      const report = await evaluate(model, [getTask('SciFact'), SCIFACT_RERANKING], {
        outputFolder: null,
        raiseError: true,
        data: { hubMirror: HUB, offline: true },
        log: (m) => logs.push(m),
      });
      const [scifact, rerank] = report.results;
      const s = scifact!.scores.test![0]! as unknown as Record<string, unknown>;
      const r = rerank!.scores.test![0]! as unknown as Record<string, unknown>;
      expect(compare(s, REFERENCE[`scifact/${mode}`]!)).toEqual([]);
      expect(compare(r, REFERENCE[`scifact-reranking/${mode}`]!)).toEqual([]);
      expect(Object.keys(s).filter((k) => !(k in REFERENCE[`scifact/${mode}`]!)).sort()).toEqual(['hf_subset', 'languages', 'main_score', 'mteb_version']);
      expect(s.main_score).toBe(REFERENCE[`scifact/${mode}`]!.ndcg_at_10);
      expect(r.main_score).toBe(REFERENCE[`scifact-reranking/${mode}`]!.map_at_1000);
      expect(logs.filter((l) => /tied at rank/.test(l))).toEqual([]);
    }, 120_000);
  }
});
