/** UI language shared by the console and the member pages; persisted per browser. */
export type Language = 'zh-CN' | 'en';

export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

const STORAGE_KEY = 'tuan.lang';

/** The stored language, zh-CN unless the person switched to English. */
export function loadLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'zh-CN') return stored;
  } catch {
    // Private mode or blocked storage: fall back to the default.
  }
  return 'zh-CN';
}

export function saveLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Nothing to do: the choice then lasts for this page only.
  }
  document.documentElement.lang = lang;
}
