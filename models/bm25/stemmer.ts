/**
 * The Snowball English ("Porter2") stemmer, ported by hand from the Snowball source
 * `algorithms/english.sbl` (snowballstem/snowball, the 3.x algorithm: -ogist, the aeo undoubling rule,
 * the past/univers/later/emerg/organ prefixes, the vying/dying and inning/evening exceptions, skis->ski).
 * That is what PyStemmer 3.x (used by bm25s in mteb) runs, except for Snowball 3.1's later refinement
 * of some `inter...` words, which is not included.
 *
 * Works on one lowercase word. Characters are handled as code points, so the region arithmetic
 * matches Snowball's UTF-8 mode; every non-ASCII letter is a non-vowel, as in Snowball.
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
const isV = (c: string | undefined): boolean => c !== undefined && VOWELS.has(c);
/** Snowball grouping v_WXY = v + 'wxY'. */
const isVWXY = (c: string | undefined): boolean => c !== undefined && (VOWELS.has(c) || c === 'w' || c === 'x' || c === 'Y');
const VALID_LI = new Set(['c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't']);
const DOUBLES = new Set(['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);

const EXCEPTION1 = new Map<string, string>(
  Object.entries({
    skis: 'ski',
    skies: 'sky',
    idly: 'idl',
    gently: 'gentl',
    ugly: 'ugli',
    early: 'earli',
    only: 'onli',
    singly: 'singl',
    sky: 'sky',
    news: 'news',
    howe: 'howe',
    atlas: 'atlas',
    cosmos: 'cosmos',
    bias: 'bias',
    andes: 'andes',
  }),
);

/** Prefixes that fix R1 (mark_regions among), longest first. */
const R1_PREFIXES = ['univers', 'commun', 'gener', 'arsen', 'later', 'emerg', 'organ', 'past'];

const STEP2: [string, string][] = [
  ['ization', 'ize'],
  ['ational', 'ate'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['iveness', 'ive'],
  ['tional', 'tion'],
  ['biliti', 'ble'],
  ['lessli', 'less'],
  ['entli', 'ent'],
  ['ation', 'ate'],
  ['alism', 'al'],
  ['aliti', 'al'],
  ['ousli', 'ous'],
  ['iviti', 'ive'],
  ['fulli', 'ful'],
  ['ogist', 'og'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['abli', 'able'],
  ['izer', 'ize'],
  ['ator', 'ate'],
  ['alli', 'al'],
  ['bli', 'ble'],
  ['ogi', 'og'],
  ['li', ''],
];
const STEP3: [string, string][] = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['alize', 'al'],
  ['icate', 'ic'],
  ['iciti', 'ic'],
  ['ative', ''],
  ['ical', 'ic'],
  ['ness', ''],
  ['ful', ''],
];
const STEP4 = ['ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ant', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'ion', 'al', 'er', 'ic'];

/** Word state: code points, with Snowball's regions. */
class Word {
  w: string[];
  p1: number;
  p2: number;
  constructor(word: string) {
    this.w = Array.from(word);
    this.p1 = this.w.length;
    this.p2 = this.w.length;
  }
  get len(): number {
    return this.w.length;
  }
  endsWith(s: string, end = this.w.length): boolean {
    const n = s.length; // suffixes are ASCII, so code units = code points
    if (n > end) return false;
    for (let i = 0; i < n; i++) if (this.w[end - n + i] !== s[i]) return false;
    return true;
  }
  /** Longest suffix from `list` (sorted longest first) that the word ends with. */
  longest<T extends string>(list: readonly T[]): T | undefined {
    for (const s of list) if (this.endsWith(s)) return s;
    return undefined;
  }
  replaceSuffix(n: number, by: string): void {
    this.w.splice(this.w.length - n, n, ...by);
  }
}

/** mark_regions: R1 after the first non-vowel following a vowel (or after a special prefix), R2 likewise from R1. */
function markRegions(x: Word): void {
  const w = x.w;
  const gopastVNonV = (from: number): number => {
    let i = from;
    while (i < w.length && !isV(w[i])) i++;
    if (i >= w.length) return -1;
    i++;
    while (i < w.length && isV(w[i])) i++;
    if (i >= w.length) return -1;
    return i + 1;
  };
  let p1 = -1;
  for (const pre of R1_PREFIXES) {
    if (w.length >= pre.length && w.slice(0, pre.length).join('') === pre) {
      p1 = pre.length;
      break;
    }
  }
  if (p1 < 0) p1 = gopastVNonV(0);
  if (p1 < 0) return;
  x.p1 = p1;
  const p2 = gopastVNonV(p1);
  if (p2 >= 0) x.p2 = p2;
}

/** shortv tested at position `end` (the syllable ends just before `end`). */
function shortV(x: Word, end: number): boolean {
  const w = x.w;
  const c1 = w[end - 1];
  const c2 = w[end - 2];
  if (end >= 3 && c1 !== undefined && !isVWXY(c1) && isV(c2) && !isV(w[end - 3])) return true;
  if (end === 2 && c1 !== undefined && !isV(c1) && isV(c2)) return true;
  return x.endsWith('past', end);
}

function step1a(x: Word): void {
  for (const s of ["'s'", "'s", "'"]) {
    if (x.endsWith(s)) {
      x.replaceSuffix(s.length, '');
      break;
    }
  }
  const suf = x.longest(['sses', 'ied', 'ies', 'us', 'ss', 's'] as const);
  if (suf === 'sses') x.replaceSuffix(4, 'ss');
  else if (suf === 'ied' || suf === 'ies') x.replaceSuffix(3, x.len - 3 >= 2 ? 'i' : 'ie');
  else if (suf === 's') {
    // next gopast v: a vowel somewhere before the letter preceding the s.
    const before = x.len - 2;
    for (let i = before - 1; i >= 0; i--) {
      if (isV(x.w[i])) {
        x.replaceSuffix(1, '');
        break;
      }
    }
  }
}

function step1b(x: Word): void {
  const suf = x.longest(['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed'] as const);
  if (suf === undefined) return;
  const stemEnd = x.len - suf.length;
  if (suf === 'eed' || suf === 'eedly') {
    const stem = x.w.slice(0, stemEnd).join('');
    if (stem === 'proc' || stem === 'exc' || stem === 'succ') return;
    if (stemEnd >= x.p1) x.replaceSuffix(suf.length, 'ee');
    return;
  }
  if (suf === 'ing') {
    const stem = x.w.slice(0, stemEnd).join('');
    // dying->die, lying->lie, tying->tie, vying->vie
    if (stemEnd === 2 && x.w[1] === 'y' && !isV(x.w[0])) {
      x.replaceSuffix(4, 'ie');
      return;
    }
    if (['inn', 'out', 'cann', 'herr', 'earr', 'even'].includes(stem)) return;
  }
  // The stem before the suffix must contain a vowel.
  let hasV = false;
  for (let i = 0; i < stemEnd; i++) if (isV(x.w[i])) hasV = true;
  if (!hasV) return;
  x.replaceSuffix(suf.length, '');
  const n = x.len;
  if (x.endsWith('at') || x.endsWith('bl') || x.endsWith('iz')) {
    x.replaceSuffix(0, 'e');
    return;
  }
  const last2 = n >= 2 ? `${x.w[n - 2]}${x.w[n - 1]}` : '';
  if (DOUBLES.has(last2)) {
    // Not after exactly one initial a/e/o ("add", "egg", "off").
    const aeoStart = n === 3 && (x.w[0] === 'a' || x.w[0] === 'e' || x.w[0] === 'o');
    if (!aeoStart) x.replaceSuffix(1, '');
    return;
  }
  if (n === x.p1 && shortV(x, n)) x.replaceSuffix(0, 'e');
}

function step1c(x: Word): void {
  const n = x.len;
  const last = x.w[n - 1];
  if ((last === 'y' || last === 'Y') && n >= 3 && !isV(x.w[n - 2])) x.w[n - 1] = 'i';
}

function step2(x: Word): void {
  for (const [suf, rep] of STEP2) {
    if (!x.endsWith(suf)) continue;
    const start = x.len - suf.length;
    if (start < x.p1) return;
    if (suf === 'ogi') {
      if (x.w[start - 1] === 'l') x.replaceSuffix(3, 'og');
    } else if (suf === 'li') {
      if (VALID_LI.has(x.w[start - 1] ?? '')) x.replaceSuffix(2, '');
    } else {
      x.replaceSuffix(suf.length, rep);
    }
    return;
  }
}

function step3(x: Word): void {
  for (const [suf, rep] of STEP3) {
    if (!x.endsWith(suf)) continue;
    const start = x.len - suf.length;
    if (start < x.p1) return;
    if (suf === 'ative') {
      if (start >= x.p2) x.replaceSuffix(5, '');
    } else {
      x.replaceSuffix(suf.length, rep);
    }
    return;
  }
}

function step4(x: Word): void {
  for (const suf of STEP4) {
    if (!x.endsWith(suf)) continue;
    const start = x.len - suf.length;
    if (start < x.p2) return;
    if (suf === 'ion') {
      const prev = x.w[start - 1];
      if (prev === 's' || prev === 't') x.replaceSuffix(3, '');
    } else {
      x.replaceSuffix(suf.length, '');
    }
    return;
  }
}

function step5(x: Word): void {
  const n = x.len;
  const last = x.w[n - 1];
  if (last === 'e') {
    const start = n - 1;
    if (start >= x.p2 || (start >= x.p1 && !shortV(x, start))) x.replaceSuffix(1, '');
  } else if (last === 'l') {
    if (n - 1 >= x.p2 && x.w[n - 2] === 'l') x.replaceSuffix(1, '');
  }
}

/** Stems one lowercase word with the Snowball English algorithm. */
export function stemEnglish(word: string): string {
  const exc = EXCEPTION1.get(word);
  if (exc !== undefined) return exc;
  const x = new Word(word);
  if (x.len < 3) return word;
  // prelude
  if (x.w[0] === "'") x.w.shift();
  let yFound = false;
  if (x.w[0] === 'y') {
    x.w[0] = 'Y';
    yFound = true;
  }
  for (let i = 1; i < x.len; i++) {
    if (x.w[i] === 'y' && isV(x.w[i - 1])) {
      x.w[i] = 'Y';
      yFound = true;
    }
  }
  x.p1 = x.len;
  x.p2 = x.len;
  markRegions(x);
  step1a(x);
  step1b(x);
  step1c(x);
  step2(x);
  step3(x);
  step4(x);
  step5(x);
  let out = x.w.join('');
  if (yFound) out = out.replace(/Y/g, 'y');
  return out;
}
