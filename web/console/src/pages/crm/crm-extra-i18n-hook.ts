import { useMemo } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { crmxEn, crmxZhCN, type CrmxMessages } from './crm-extra-i18n';

/** Every dotted key of an object of strings: `koc.columns.rank`, … */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** A key under `crmx` (without the prefix). */
export type CrmxKey = Leaves<CrmxMessages>;
export type CrmxT = (key: CrmxKey, vars?: Record<string, string | number>) => string;

let registered = false;

/**
 * Adds the `crmx` strings to the console namespace unless the console's messages already carry
 * them (once merged into i18n/zh-CN.ts and en.ts this does nothing). Runs after i18n is initialised.
 */
export function ensureCrmxResources(): void {
  if (registered || !i18next.isInitialized) return;
  registered = true;
  for (const [lng, strings] of [
    ['zh-CN', crmxZhCN],
    ['en', crmxEn],
  ] as const) {
    // getResource looks in this language only (exists() would find the zh-CN fallback for en).
    if (i18next.getResource(lng, 'console', 'crmx.menu.koc') === undefined) i18next.addResourceBundle(lng, 'console', { crmx: strings }, true, false);
  }
}

/**
 * `t` for the `crmx` strings, typed by their keys. It works before and after the strings are merged
 * into the console's messages.
 */
export function useCrmxT(): CrmxT {
  ensureCrmxResources();
  const { t } = useTranslation();
  return useMemo(() => {
    const translate = t as unknown as (key: string, options?: Record<string, unknown>) => string;
    return (key: CrmxKey, vars?: Record<string, string | number>) => translate(`crmx.${key}`, vars);
  }, [t]);
}
