import { describe, expect, it } from 'vitest';
import { keptSubsets, LanguageScripts, taskMatchesLanguages } from '../../tasks/language-filter.js';
import { getTask, getTasks } from '../../tasks/registry.js';

/**
 * Expected values follow mteb 2.20's code by hand (mteb/languages/language_scripts.py, AbsTask.filter_languages,
 * mteb/filter_tasks.py): which subsets of an STS22-like map survive each filter.
 */
const STS22 = {
  en: ['eng-Latn'],
  de: ['deu-Latn'],
  'de-en': ['deu-Latn', 'eng-Latn'],
  'zh-en': ['cmn-Hans', 'eng-Latn'],
  ru: ['rus-Cyrl'],
};

describe('language filter (mteb LanguageScripts / filter_languages)', () => {
  it('ISO 639-3 codes keep every subset with that language; lang-Script codes match language and script', () => {
    expect(keptSubsets(STS22, { languages: ['eng'] })).toEqual(['en', 'de-en', 'zh-en']);
    expect(keptSubsets(STS22, { languages: ['eng-Latn'] })).toEqual(['en', 'de-en', 'zh-en']);
    // "cmn-Hant" names the language cmn, which matches cmn-Hans too (mteb falls back to the language part).
    expect(keptSubsets(STS22, { languages: ['cmn-Hant'] })).toEqual(['zh-en']);
  });

  it('exclusive_language_filter keeps only subsets whose languages are all listed', () => {
    expect(keptSubsets(STS22, { languages: ['eng'], exclusiveLanguageFilter: true })).toEqual(['en']);
    expect(keptSubsets(STS22, { languages: ['eng', 'deu'], exclusiveLanguageFilter: true })).toEqual(['en', 'de', 'de-en']);
    // Exclusive without languages keeps nothing (mteb: `if exclusive_language_filter is True and languages`).
    expect(keptSubsets(STS22, { script: ['Latn'], exclusiveLanguageFilter: true })).toEqual([]);
  });

  it('a script alone keeps every subset of a task that has it (the task-level check does the filtering)', () => {
    expect(keptSubsets(STS22, { script: ['Cyrl'] })).toEqual(Object.keys(STS22));
    expect(taskMatchesLanguages(STS22, { script: ['Cyrl'] })).toBe(true);
    expect(taskMatchesLanguages({ default: ['eng-Latn'] }, { script: ['Cyrl'] })).toBe(false);
    expect(taskMatchesLanguages({ default: ['eng-Latn'] }, { languages: ['eng-Latn'] })).toBe(true);
  });

  it('LanguageScripts with nothing given contains every language', () => {
    const ls = new LanguageScripts();
    expect(ls.containsLanguage('xyz-Latn')).toBe(true);
    expect(new LanguageScripts(['eng']).containsLanguage('eng-Cyrl')).toBe(true);
    expect(new LanguageScripts(['eng-Latn']).containsScript('Latn')).toBe(true);
  });

  it('registry filters: lang-Script codes, scripts, categories and the exclusive filter', () => {
    const a = getTasks({ languages: ['eng'] }).map((t) => t.name);
    const b = getTasks({ languages: ['eng-Latn'] }).map((t) => t.name);
    expect(b).toEqual(a);
    const cyrl = getTasks({ script: ['Cyrl'] });
    expect(cyrl.length).toBeGreaterThan(3);
    expect(
      cyrl.every((t) =>
        Object.values(t.subsets)
          .flat()
          .some((l) => l.endsWith('-Cyrl')),
      ),
    ).toBe(true);
    const t2c = getTasks({ categories: ['t2c'] });
    expect(t2c.length).toBeGreaterThan(10);
    expect(t2c.every((t) => t.category === 't2c')).toBe(true);
    const sts17 = getTask('STS17', { languages: ['eng'], exclusiveLanguageFilter: true });
    expect(Object.keys(sts17.subsets)).toEqual(['en-en']);
  });
});
