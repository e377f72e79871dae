/**
 * mteb's language/script selection (mteb/languages/language_scripts.py LanguageScripts and
 * mteb/abstasks/abstask.py AbsTask.filter_languages), ported so benchmark definitions select the same subsets.
 */

export interface LanguageFilter {
  /** ISO 639-3 codes ("eng") or language-script codes ("eng-Latn"). */
  languages?: readonly string[];
  /** ISO 15924 script codes ("Latn"). */
  script?: readonly string[];
  /** Keep a subset only when every one of its languages is listed (mteb's exclusive_language_filter). */
  exclusiveLanguageFilter?: boolean;
}

/** LanguageScripts.from_languages_and_scripts: a "lang-Script" code adds its language and its script. */
export class LanguageScripts {
  readonly languageScripts = new Set<string>();
  readonly scripts: Set<string>;
  readonly languages = new Set<string>();

  constructor(languages?: readonly string[], scripts?: readonly string[]) {
    this.scripts = new Set(scripts ?? []);
    for (const l of languages ?? []) {
      const parts = l.split('-');
      if (parts.length === 2) {
        this.languages.add(parts[0]!);
        this.languageScripts.add(l);
        this.scripts.add(parts[1]!);
      } else {
        this.languages.add(l);
      }
    }
  }

  /** No language given means every language matches (mteb returns True there). */
  containsLanguage(langScript: string): boolean {
    if (!this.languageScripts.size && !this.languages.size) return true;
    const parts = langScript.split('-');
    if (parts.length === 2 && this.languageScripts.has(langScript)) return true;
    return this.languages.has(parts.length === 2 ? parts[0]! : langScript);
  }

  containsLanguages(langScripts: readonly string[]): boolean {
    return langScripts.every((l) => this.containsLanguage(l));
  }

  containsScript(script: string): boolean {
    return this.scripts.has(script);
  }
}

/**
 * The hf_subsets that AbsTask.filter_languages keeps, in metadata order. Non-exclusive: a subset stays when one
 * of its languages matches (or, as in mteb, when its full "lang-Script" code is itself among the scripts —
 * mteb passes the whole code to contains_script, so a script filter alone never drops a subset here; the
 * task-level script check in `taskMatchesLanguages` does). Exclusive (with languages): every language must match.
 */
export function keptSubsets(subsets: Record<string, readonly string[]>, f: LanguageFilter): string[] {
  const ls = new LanguageScripts(f.languages, f.script);
  const out: string[] = [];
  for (const [subset, langs] of Object.entries(subsets)) {
    if (!f.exclusiveLanguageFilter) {
      if (langs.some((l) => ls.containsLanguage(l) || ls.containsScript(l))) out.push(subset);
    } else if (f.languages?.length && ls.containsLanguages(langs)) {
      out.push(subset);
    }
  }
  return out;
}

/**
 * filter_tasks' task-level check (mteb/filter_tasks.py): a task stays when it has any requested language and
 * any requested script. mteb compares the raw codes with the task's ISO 639-3 languages, so "eng-Latn" never
 * matches there; we compare the language part, so `-l eng-Latn` selects what `-l eng --script Latn` would.
 */
export function taskMatchesLanguages(subsets: Record<string, readonly string[]>, f: LanguageFilter): boolean {
  const all = Object.values(subsets).flat();
  if (f.languages?.length) {
    const want = new Set(f.languages.map((l) => l.split('-')[0]!));
    if (!all.some((l) => want.has(l.split('-')[0]!))) return false;
  }
  if (f.script?.length) {
    const want = new Set(f.script);
    if (!all.some((l) => want.has(l.split('-')[1] ?? ''))) return false;
  }
  return true;
}
