/**
 * The typed option table behind every CLI command, in the style of vitest's `CLIOptions<Config>`
 * (packages/vitest/src/node/cli/cli-config.ts): one row per option, keyed by the property it fills in the
 * command's options interface. The long flag is that key in kebab-case (`hfSubsets` -> `--hf-subsets`), which is
 * also the property commander parses it into, so a handler receives exactly its interface.
 *
 * The row type follows the property's type: booleans take no argument (and may be negated), strings take one
 * (a literal union must list its choices), anything else must say how to parse it, and a property that is not
 * optional must have a default.
 */
import { type Command, Option } from 'commander';
import { ConfigError } from '../core/errors.js';
import { userPath } from '../core/safe-path.js';

/** Turns one command-line value into the option's value (`previous` is the value so far, for repeated flags). */
export type OptionParser<V> = (value: string, previous: V | undefined) => V;

type ValuePart<V> = [V] extends [boolean]
  ? {
      argument?: undefined;
      /** 'only': the flag is `--no-<key>` (commander defaults it to true); 'also': both `--<key>` and `--no-<key>`. */
      negate?: 'only' | 'also';
      /** Help text of `--no-<key>` when negate is 'also'. */
      negatedDescription?: string;
    }
  : { argument: `<${string}>` } & ([V] extends [string]
      ? string extends V
        ? { parse?: OptionParser<V>; choices?: readonly string[] }
        : { choices: readonly V[] }
      : { parse: OptionParser<V> });

type DefaultPart<V> = undefined extends V ? { default?: NonNullable<V> } : { default: V };

/** One option: its help text, an optional short flag, and what its value is. */
export type CliOption<V> = { description: string; short?: `-${string}` } & ValuePart<NonNullable<V>> & DefaultPart<V>;

/** The option table of a command whose handler takes `T`: one row per property, none missing. */
export type CliOptions<T> = { [K in keyof T]-?: CliOption<T[K]> };

/** The loose view of a row that the commander wiring reads (every CliOption is one). */
export interface AnyOption {
  readonly description: string;
  readonly short?: string;
  readonly argument?: string;
  readonly negate?: 'only' | 'also';
  readonly negatedDescription?: string;
  readonly choices?: readonly string[];
  parse?(value: string, previous: unknown): unknown;
  readonly default?: unknown;
}
export type AnyOptions = Readonly<Record<string, AnyOption>>;

export const kebabCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The flags string of a row, e.g. `-t, --tasks <task...>` or `--no-cache`. */
export function optionFlags(key: string, spec: { short?: string; argument?: string; negate?: string }): string {
  const long = `--${spec.negate === 'only' ? 'no-' : ''}${kebabCase(key)}`;
  return `${spec.short ? `${spec.short}, ` : ''}${long}${spec.argument ? ` ${spec.argument}` : ''}`;
}

/** Adds a table's rows to a commander command, in the table's order. */
export function addOptions(cmd: Command, specs: AnyOptions): Command {
  for (const [key, s] of Object.entries(specs)) {
    const o = new Option(optionFlags(key, s), s.description);
    if (s.choices) o.choices(s.choices);
    // Folder and file options are checked for NUL bytes and over-long names before anything runs.
    const parse = /<(dir|file)\b/.test(s.argument ?? '') ? pathParser(`--${kebabCase(key)}`, s) : s.parse?.bind(s);
    if (parse) o.argParser(parse);
    if (s.default !== undefined) o.default(s.default);
    cmd.addOption(o);
    if (s.negate === 'also') cmd.addOption(new Option(`--no-${kebabCase(key)}`, s.negatedDescription ?? `not ${s.description}`));
  }
  return cmd;
}

function pathParser(flag: string, s: AnyOption): (value: string, previous: unknown) => unknown {
  return (value, previous) => {
    userPath(value, flag);
    return s.parse ? s.parse(value, previous) : value;
  };
}

// ---------------------------------------------------------------- parsers shared by the tables

/** Variadic options accept repeats and comma-separated lists: `-t A B`, `-t A -t B`, `-t A,B`. */
export const list: OptionParser<string[]> = (v, prev) => [
  ...(prev ?? []),
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

/** Benchmark names contain commas ("MTEB(eng, v2)"), so these take one name per value: `-b "MTEB(eng, v2)" BEIR`. */
export const names: OptionParser<string[]> = (v, prev) => [...(prev ?? []), v.trim()];

export const positiveInt =
  (flag: string): OptionParser<number> =>
  (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${flag} must be a positive integer, got "${v}"`);
    return n;
  };

export const nonNegative =
  (flag: string): OptionParser<number> =>
  (v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${flag} must be a non-negative number, got "${v}"`);
    return n;
  };

export const integerAtLeast =
  (flag: string, min: number): OptionParser<number> =>
  (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new ConfigError(`${flag} must be an integer ≥ ${min}, got "${v}"`);
    return n;
  };

/** The long flags of an option table (`--hf-subsets`, `--no-cache`, ...). */
export function longFlags(specs: AnyOptions): Set<string> {
  const out = new Set<string>();
  for (const [key, s] of Object.entries(specs)) {
    out.add(`--${s.negate === 'only' ? 'no-' : ''}${kebabCase(key)}`);
    if (s.negate === 'also') out.add(`--no-${kebabCase(key)}`);
  }
  return out;
}

/**
 * mteb's underscore spellings, which its CLI still accepts "for backward compatibility" (`--output_folder`,
 * `--batch_size`, `--model_revision`, `--eval_splits`, `--results_folder`, ...; mteb/cli/build_cli.py): each
 * `--a_b` (or `--a_b=v`) becomes `--a-b` when that is one of `flags`. Arguments after `--` are left alone.
 */
export function underscoreAliases(argv: readonly string[], flags: ReadonlySet<string>): string[] {
  const out: string[] = [];
  let rest = false;
  for (const a of argv) {
    if (rest || !a.startsWith('--') || !a.includes('_')) {
      if (a === '--') rest = true;
      out.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    const dashed = name.replace(/_/g, '-');
    out.push(flags.has(dashed) ? dashed + (eq < 0 ? '' : a.slice(eq)) : a);
  }
  return out;
}
