/**
 * Typed task parameters: each task type declares an interface of its parameters, one defaults object (mteb's
 * AbsTask class attributes) and one rule per parameter. `Rules<P>` makes a parameter without a rule, or a rule
 * of the wrong type, a compile error; the rules validate task files (YAML/JSON) at parse time.
 */

/** Why a value is wrong: the dotted path below the parameter ("" = the value itself) and what was expected. */
export interface RuleProblem {
  path: string;
  expected: string;
}

/** One parameter's check. `T` is only carried in the type, so `Rules<P>` can match rules to fields. */
export interface Rule<T> {
  /** What a valid value looks like, for error messages ("a number", "true or false"). */
  readonly expected: string;
  problem(value: unknown): RuleProblem | undefined;
  /** Type-level only. */
  readonly __type?: T;
}

/** A rule for every parameter of P, of its type. */
export type Rules<P> = { readonly [K in keyof P]-?: Rule<P[K]> };

export interface ParamsSpec<P> {
  /** Values used for every parameter a task does not set (mteb's class attributes). */
  readonly defaults: Readonly<P>;
  readonly rules: Rules<P>;
}

/** The params interface of a spec. */
export type ParamsOf<S> = S extends ParamsSpec<infer P> ? P : never;

/** A type's parameters: the interface, its defaults (the optional fields without a default may be left out) and rules. */
export function defineParams<P>(defaults: Readonly<P>, rules: Rules<P>): ParamsSpec<P> {
  return { defaults, rules };
}

/**
 * A task's parameters with the defaults filled in (a parameter set to undefined keeps its default). Catalog
 * entries are type-checked and task files validated at parse time, so values are not checked again here.
 */
export function resolveParams<P>(spec: ParamsSpec<P>, params: object | undefined): Readonly<P> {
  const out: Record<string, unknown> = { ...spec.defaults };
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined) out[k] = v;
  return out as P;
}

/** Problems of a task file's `params` object: unknown names and values that break their rule. */
export function paramProblems<P>(spec: ParamsSpec<P>, params: Record<string, unknown>): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const known = Object.keys(spec.rules);
  for (const [name, value] of Object.entries(params)) {
    const rule = (spec.rules as Record<string, Rule<unknown>>)[name];
    if (!rule) {
      out.push({ field: name, message: `unknown parameter (known: ${known.length ? known.join(', ') : 'none'})` });
      continue;
    }
    const p = rule.problem(value);
    if (p) out.push({ field: p.path ? `${name}.${p.path}` : name, message: `must be ${p.expected}, got ${describe(value, p.path)}` });
  }
  return out;
}

function describe(value: unknown, path: string): string {
  let v = value;
  for (const k of path ? path.split('.') : []) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function rule<T>(expected: string, ok: (v: unknown) => boolean): Rule<T> {
  return { expected, problem: (v) => (ok(v) ? undefined : { path: '', expected }) };
}

export const number: Rule<number> = rule('a number', (v) => typeof v === 'number' && Number.isFinite(v));
export const positiveInt: Rule<number> = rule('a positive integer', (v) => Number.isInteger(v) && (v as number) > 0);
export const fraction: Rule<number> = rule('a number in (0, 1]', (v) => typeof v === 'number' && v > 0 && v <= 1);
export const boolean: Rule<boolean> = rule('true or false', (v) => typeof v === 'boolean');
export const string: Rule<string> = rule('a non-empty string', (v) => typeof v === 'string' && v.length > 0);
export const stringList: Rule<string[]> = rule('a list of strings', (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'));
export const stringMap: Rule<Record<string, string>> = rule(
  'a map of strings ({from: to})',
  (v) => !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string'),
);

export function oneOf<const V extends readonly string[]>(...values: V): Rule<V[number]> {
  return rule(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, (v) => values.includes(v as string));
}

export function nullable<T>(r: Rule<T>): Rule<T | null> {
  const expected = `${r.expected} or null`;
  return { expected, problem: (v) => (v === null || !r.problem(v) ? undefined : { path: '', expected }) };
}

/** An object with these fields; `optional` names the fields that may be absent. */
export function object<O>(fields: Rules<O>, optional: readonly (keyof O & string)[] = []): Rule<O> {
  const names = Object.keys(fields);
  const expected = `an object with ${names.join(', ')}`;
  return {
    expected,
    problem(v) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return { path: '', expected };
      const o = v as Record<string, unknown>;
      const extra = Object.keys(o).find((k) => !names.includes(k));
      if (extra) return { path: extra, expected: `absent (known fields: ${names.join(', ')})` };
      for (const [k, r] of Object.entries(fields) as [string, Rule<unknown>][]) {
        if (o[k] === undefined) {
          if (optional.includes(k as keyof O & string)) continue;
          return { path: k, expected: r.expected };
        }
        const p = r.problem(o[k]);
        if (p) return { path: p.path ? `${k}.${p.path}` : k, expected: p.expected };
      }
      return undefined;
    },
  };
}
