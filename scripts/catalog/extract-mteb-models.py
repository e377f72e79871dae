#!/usr/bin/env python3
"""Extract mteb's model registry (the leaderboard's model columns) and the similar-task graph from an mteb
source tree, without mteb's dependencies, and write them as TypeScript data.

Usage:
  python3 scripts/catalog/extract-mteb-metadata.py <mteb-root> > /tmp/mteb-meta.json   # tasks (adapted_from, superseded_by)
  python3 scripts/catalog/extract-mteb-models.py <mteb-root> /tmp/mteb-meta.json > results/mteb-registry-data.ts

How: like extract-mteb-metadata.py, every `mteb.*` module outside `mteb.models.model_implementations` is a stub;
`mteb.models.model_meta.ModelMeta(...)` records its keyword arguments. Each implementation module is executed as
written; the registry is what mteb's `mteb/models/model_implementations/__init__.py` builds: every module-level
ModelMeta object, keyed by name, later modules (glob order) overwriting earlier ones.

Kept per model (what `mteb/benchmarks/_create_table.py` `_static_model_meta`, `_zero_shot_pct_cached` and
`ModelMeta.openness` read): revision, release_date, n_parameters, n_embedding_parameters,
n_active_parameters_override, memory_usage_mb, max_tokens (null when infinite), embed_dim (max of a list),
license, open_weights, training_datasets (sorted names; null when unknown), adapted_from.
Training-dataset sets are interned (many models share one) to keep the file small.

The similar-task graph is mteb/get_tasks.py `_create_similar_tasks`: parent -> children for every task's
`adapted_from` entries and its `superseded_by`.
"""
import importlib
import importlib.abc
import importlib.machinery
import json
import math
import os
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # also when run through runpy
from import_stubs import Stub, StubLoader, install  # noqa: E402

ROOT = os.path.abspath(sys.argv[1])
TASK_META = sys.argv[2]
PKG = os.path.join(ROOT, 'mteb')
REAL = 'mteb.models.model_implementations'


class ModelMeta:
    """Records ModelMeta(...) keyword arguments."""

    def __init__(self, **kw):
        self.__dict__['kw'] = kw

    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        if name in self.kw:
            return self.kw[name]
        return Stub()

    def model_copy(self, update=None, **k):
        return ModelMeta(**{**self.kw, **(update or {})})

    def __hash__(self):
        return id(self)


SPECIALS = {'ModelMeta': ModelMeta}


class Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname in ('mteb', 'mteb.models'):
            spec = importlib.machinery.ModuleSpec(fullname, StubLoader(SPECIALS), is_package=True)
            spec.submodule_search_locations = [os.path.join(ROOT, *fullname.split('.'))]
            return spec
        if fullname == REAL:
            spec = importlib.machinery.ModuleSpec(fullname, StubLoader(SPECIALS), is_package=True)
            spec.submodule_search_locations = [os.path.join(ROOT, *fullname.split('.'))]
            return spec
        if fullname.startswith(REAL + '.'):
            return None  # real source, found through the package path
        if fullname.startswith('mteb'):
            return importlib.machinery.ModuleSpec(fullname, StubLoader(SPECIALS), is_package=True)
        top = fullname.split('.')[0]
        if top in sys.builtin_module_names or top in sys.stdlib_module_names or top == 'numpy':
            return None
        return importlib.machinery.ModuleSpec(fullname, StubLoader(SPECIALS), is_package=True)


install(Finder())

registry = {}
errors = []
impl_dir = Path(PKG) / 'models' / 'model_implementations'
for file_path in impl_dir.glob('*.py'):  # the order mteb's registry builder uses
    if file_path.name == '__init__.py':
        continue
    name = f'{REAL}.{file_path.stem}'
    try:
        mod = importlib.import_module(name)
    except Exception as e:  # noqa: BLE001
        errors.append(f'{name}: {e!r}')
        continue
    for attr in dir(mod):
        obj = getattr(mod, attr)
        if isinstance(obj, ModelMeta) and isinstance(obj.kw.get('name'), str):
            registry[obj.kw['name']] = obj.kw


def num(v):
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return None if (isinstance(v, float) and (math.isinf(v) or math.isnan(v))) else v
    return None


def dim(v):
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    if isinstance(v, (list, tuple)) and v and all(isinstance(x, int) for x in v):
        return max(v)
    return None


def text(v):
    return v if isinstance(v, str) else (str(v) if v is not None and type(v).__name__ == 'date' else None)


sets = {}
models = []
for name in sorted(registry):
    kw = registry[name]
    td = kw.get('training_datasets')
    if isinstance(td, dict):
        td = list(td)
    if isinstance(td, (set, frozenset, list, tuple)):
        key = tuple(sorted(str(x) for x in td))
        td_ref = sets.setdefault(key, len(sets))
    else:
        td_ref = None
    rd = kw.get('release_date')
    models.append([
        name,
        text(kw.get('revision')),
        rd if isinstance(rd, str) else None,
        num(kw.get('n_parameters')),
        num(kw.get('n_embedding_parameters')),
        num(kw.get('n_active_parameters_override')),
        num(kw.get('memory_usage_mb')),
        num(kw.get('max_tokens')),
        dim(kw.get('embed_dim')),
        kw.get('license') if isinstance(kw.get('license'), str) else None,
        kw.get('open_weights') if isinstance(kw.get('open_weights'), bool) else None,
        td_ref,
        kw.get('adapted_from') if isinstance(kw.get('adapted_from'), str) else None,
    ])

tasks = json.load(open(TASK_META))['tasks']
similar = {}
for tname, t in tasks.items():
    for parent in t.get('adapted_from') or []:
        similar.setdefault(parent, []).append(tname)
    if t.get('superseded_by'):
        similar.setdefault(t['superseded_by'], []).append(tname)

if errors:
    print('\n'.join(errors), file=sys.stderr)
print(f'{len(models)} models, {len(sets)} training sets, {len(similar)} similar-task parents', file=sys.stderr)

out = sys.stdout
out.write('// Generated by scripts/catalog/extract-mteb-models.py from mteb 2.20.0 (mteb/models/model_implementations/*,\n')
out.write('// mteb/get_tasks.py _create_similar_tasks). Do not edit by hand; regenerate.\n')
out.write('\n/** Model row: name, revision, release date, n_parameters, n_embedding_parameters, n_active_parameters_override,\n')
out.write(' * memory_usage_mb, max_tokens (null = unknown or infinite), embed_dim, license, open_weights, index into\n')
out.write(' * MTEB_TRAINING_SETS (null = training data unknown), adapted_from. */\n')
out.write('export type MtebModelRow = readonly [string, string | null, string | null, number | null, number | null, number | null, number | null, number | null, number | null, string | null, boolean | null, number | null, string | null];\n\n')
out.write('export const MTEB_TRAINING_SETS: readonly (readonly string[])[] = [\n')
for key in sets:
    out.write(f'  {json.dumps(list(key))},\n')
out.write('];\n\n')
out.write('export const MTEB_MODELS: readonly MtebModelRow[] = [\n')
for m in models:
    out.write(f'  {json.dumps(m)},\n')
out.write('];\n\n')
out.write('/** Similar-task graph: parent task -> tasks adapted from it or superseding it. */\n')
out.write('export const MTEB_SIMILAR_TASKS: Readonly<Record<string, readonly string[]>> = {\n')
for parent in sorted(similar):
    out.write(f'  {json.dumps(parent)}: {json.dumps(similar[parent])},\n')
out.write('};\n')
