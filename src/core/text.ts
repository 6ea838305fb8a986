/** The two languages golive speaks; every text a person reads exists in both. */
export const locales = ['en', 'zh-CN'] as const;
export type Locale = (typeof locales)[number];

/** A message in both languages, chosen at the edge (CLI, dashboard, report). */
export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

/** Builds a bilingual message; the compiler makes sure neither language is forgotten. */
export function bi(en: string, zh: string): Bilingual {
  return { en, zh };
}

/** Picks the text for a locale. */
export function pick(text: Bilingual, locale: Locale): string {
  return locale === 'zh-CN' ? text.zh : text.en;
}

/** Chooses the locale from an explicit flag, then LC_ALL / LC_MESSAGES / LANG, defaulting to English. */
export function detectLocale(flag: string | undefined, env: NodeJS.ProcessEnv): Locale {
  const raw = flag ?? env.GOLIVE_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return /^zh/i.test(raw) ? 'zh-CN' : 'en';
}
