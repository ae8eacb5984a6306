import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { loadLanguage, saveLanguage, type Language } from '../../../shared/language';
import { en } from './en';
import { zhCN } from './zh-CN';

const initial = loadLanguage();

void i18n.use(initReactI18next).init({
  // Namespace "console"; the member pages have their own ("member"), see web/i18next.d.ts.
  resources: { 'zh-CN': { console: zhCN }, en: { console: en } },
  ns: ['console'],
  defaultNS: 'console',
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = initial;
dayjs.locale(initial === 'zh-CN' ? 'zh-cn' : 'en');

/** The current UI language, also sent as Accept-Language so server messages match. */
export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

/** Switches the UI language and remembers the choice. */
export async function changeLanguage(lang: Language): Promise<void> {
  saveLanguage(lang);
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  await i18n.changeLanguage(lang);
}

export { i18n };
