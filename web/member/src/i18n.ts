import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { loadLanguage, saveLanguage, type Language } from '../../shared/language';
import { zhCN, type MemberMessages } from './locales/zh-CN';
import { en } from './locales/en';

export type { MemberMessages };

const initial = loadLanguage();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { member: zhCN }, en: { member: en } },
  ns: ['member'],
  defaultNS: 'member',
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = initial;

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export async function toggleLanguage(): Promise<void> {
  const next: Language = currentLanguage() === 'en' ? 'zh-CN' : 'en';
  saveLanguage(next);
  await i18n.changeLanguage(next);
}
