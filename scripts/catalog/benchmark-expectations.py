#!/usr/bin/env python3
"""Expected task selections of mteb benchmarks, for test/tasks/catalog/mteb-benchmarks.test.ts.

Usage: python3 scripts/catalog/benchmark-expectations.py <mteb-checkout-root> /tmp/mteb-meta.json \
         > test/fixtures/catalog/benchmark-selection.json
The language matching is mteb's own LanguageScripts class (mteb/languages/language_scripts.py, loaded from the
checkout with its code-validity check stubbed); AbsTask.filter_languages / get_task's eval_splits handling
(mteb/abstasks/abstask.py, mteb/get_tasks.py) are restated here in a few lines. The output lists, per benchmark,
each task with the splits and hf_subsets mteb evaluates.
"""
import hashlib
import importlib.util
import json
import sys
import types

root, meta_path = sys.argv[1], sys.argv[2]
stub = types.ModuleType('mteb.languages.check_language_code')
stub.check_language_code = lambda code: None
sys.modules['mteb.languages.check_language_code'] = stub
spec = importlib.util.spec_from_file_location('language_scripts', f'{root}/mteb/languages/language_scripts.py')
mod = importlib.util.module_from_spec(spec)
sys.modules['language_scripts'] = mod
spec.loader.exec_module(mod)
LanguageScripts = mod.LanguageScripts

meta = json.load(open(meta_path))
T = meta['tasks']
AGG = {'CQADupstackRetrieval': ['CQADupstackAndroidRetrieval', 'CQADupstackEnglishRetrieval', 'CQADupstackGamingRetrieval',
       'CQADupstackGisRetrieval', 'CQADupstackMathematicaRetrieval', 'CQADupstackPhysicsRetrieval',
       'CQADupstackProgrammersRetrieval', 'CQADupstackStatsRetrieval', 'CQADupstackTexRetrieval',
       'CQADupstackUnixRetrieval', 'CQADupstackWebmastersRetrieval', 'CQADupstackWordpressRetrieval']}
WANTED = sys.argv[3].split(';') if len(sys.argv) > 3 else None


def filter_languages(el, languages, script, hf_subsets, exclusive):
    ls = LanguageScripts.from_languages_and_scripts(languages, script)
    subsets = el if isinstance(el, dict) else {'default': el}
    keep = []
    for s, langs in subsets.items():
        if hf_subsets is not None and s not in hf_subsets:
            continue
        if not exclusive:
            if any(ls.contains_language(l) or ls.contains_script(l) for l in langs):
                keep.append(s)
        elif languages and ls.contains_languages(langs):
            keep.append(s)
    return keep


out = {}
for b in meta['benchmarks']:
    if WANTED and b['name'] not in WANTED:
        continue
    rows = []
    seen = set()
    for part in b['selection']:
        for name in part['tasks']:
            for n in AGG.get(name, [name]):
                if n in seen:
                    continue
                t = T[n]
                splits = part.get('eval_splits') or t['eval_splits']
                keep = filter_languages(t['eval_langs'], part.get('languages'), part.get('script'), part.get('hf_subsets'), part.get('exclusive_language_filter', False))
                if not keep:
                    continue  # get_tasks skips a task with no subset left
                seen.add(n)
                # long subset lists (Flores: 41,412) as count + sha1 of the newline-joined names, in order
                subs = keep if len(keep) <= 100 else {'count': len(keep), 'sha1': hashlib.sha1('\n'.join(keep).encode()).hexdigest()}
                rows.append({'name': n, 'eval_splits': splits, 'subsets': subs})
    out[b['name']] = rows
    sys.stdout.write('')
json.dump(out, sys.stdout, indent=None, sort_keys=True, separators=(',', ':'))
print()
