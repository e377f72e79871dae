import { describe, expect, it } from 'vitest';
import { tasks as bitext } from '../../../tasks/catalog/bitext-mining.js';
import { tasks as pair } from '../../../tasks/catalog/pair-classification.js';
import { tasks as sts } from '../../../tasks/catalog/sts.js';
import { tasks as summarization } from '../../../tasks/catalog/summarization.js';

// Expected values transcribed from mteb v2 task files (mteb/tasks/sts/eng/*.py, sts/multilingual/sts17_*,
// sts22_*, pair_classification/eng/*, bitext_mining/multilingual/{tatoeba,bucc}_*, summarization/eng/summ_eval_*)
// and the task files under mteb/tasks/.
const all = [...sts, ...pair, ...bitext, ...summarization];
const byName = (n: string) => all.find((t) => t.name === n)!;
/** Params read across types (the union narrows only on `type`). */
const params = (n: string) => byName(n).params as Record<string, unknown> | undefined;

describe('issue-2 task catalog (mteb v2 metadata)', () => {
  it('has every task with a pinned 40-hex revision and the right main score', () => {
    const expected: Record<string, [string, string, string]> = {
      STSBenchmark: ['mteb/stsbenchmark-sts', 'b0fddb56ed78048fa8b90373c8a3cfc37b684831', 'cosine_spearman'],
      'SICK-R': ['mteb/sickr-sts', '20a6d6f312dd54037fe07a32d58e5e168867909d', 'cosine_spearman'],
      STS12: ['mteb/sts12-sts', 'a0d554a64d88156834ff5ae9920b964011b16384', 'cosine_spearman'],
      STS13: ['mteb/sts13-sts', '7e90230a92c190f1bf69ae9002b8cea547a64cca', 'cosine_spearman'],
      STS14: ['mteb/sts14-sts', '6031580fec1f6af667f0bd2da0a551cf4f0b2375', 'cosine_spearman'],
      STS15: ['mteb/sts15-sts', 'ae752c7c21bf194d8b67fd573edf7ae58183cbe3', 'cosine_spearman'],
      STS16: ['mteb/sts16-sts', '4d8694f8f0e0100860b497b999b3dbed754a0513', 'cosine_spearman'],
      BIOSSES: ['mteb/biosses-sts', 'd3fb88f8f02e40887cd149695127462bbcf29b4a', 'cosine_spearman'],
      STS17: ['mteb/sts17-crosslingual-sts', 'faeb762787bd10488a50c8b5be4a3b82e411949c', 'cosine_spearman'],
      STS22: ['mteb/sts22-crosslingual-sts', 'de9d86b3b84231dc21f76c7b7af1f28e2f57f6e3', 'cosine_spearman'],
      'STS22.v2': ['mteb/sts22-crosslingual-sts', 'd31f33a128469b20e357535c39b82fb3c3f6f2bd', 'cosine_spearman'],
      SprintDuplicateQuestions: ['mteb/sprintduplicatequestions-pairclassification', 'd66bd1f72af766a5cc4b0ca5e00c162f89e8cc46', 'max_ap'],
      TwitterSemEval2015: ['mteb/twittersemeval2015-pairclassification', '70970daeab8776df92f5ea462b6173c0b46fd2d1', 'max_ap'],
      TwitterURLCorpus: ['mteb/twitterurlcorpus-pairclassification', '8b6510b0b1fa4e4c4f879467980e9be563ec1cdf', 'max_ap'],
      Tatoeba: ['mteb/tatoeba-bitext-mining', '69e8f12da6e31d59addadda9a9c8a2e601a0e282', 'f1'],
      BUCC: ['mteb/BUCC', '414572247440f0ccacf7eb0bb70a31533a0e5443', 'f1'],
      SummEval: ['mteb/summeval', 'cda12ad7615edc362dbf25a00fdd61d3b1eaf93c', 'cosine_spearman'],
      'SummEvalSummarization.v2': ['mteb/summeval', 'cda12ad7615edc362dbf25a00fdd61d3b1eaf93c', 'cosine_spearman'],
    };
    expect(all.map((t) => t.name).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, [path, rev, main]] of Object.entries(expected)) {
      const t = byName(name);
      expect(t.dataset).toEqual({ path, revision: rev });
      expect(t.mainScore).toBe(main);
      expect(t.evalSplits).toEqual(['test']);
    }
  });

  it('score ranges, subsets and supersession', () => {
    expect(byName('STS22').params).toMatchObject({ min_score: 1, max_score: 4 });
    expect(byName('BIOSSES').params).toMatchObject({ min_score: 0, max_score: 5 });
    expect(byName('STS17').subsets['en-en']).toEqual(['eng-Latn']);
    expect(Object.keys(byName('STS17').subsets)).toHaveLength(11);
    expect(Object.keys(byName('STS22.v2').subsets)).toHaveLength(18);
    expect(byName('STS22').supersededBy).toBe('STS22.v2');
    expect(byName('SummEval').supersededBy).toBe('SummEvalSummarization.v2');
    expect(params('SummEval')?.deprecated_evaluator).toBe(true);
    expect(params('SummEvalSummarization.v2')?.deprecated_evaluator).toBeUndefined();
    expect(params('TwitterURLCorpus')?.column_renames).toEqual({ sent1: 'sentence1', sent2: 'sentence2' });
    expect(Object.keys(byName('Tatoeba').subsets)).toHaveLength(112);
    expect(byName('Tatoeba').subsets['cmn-eng']).toEqual(['cmn-Hans', 'eng-Latn']);
  });
});
