import { currentLanguage } from './i18n';

function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(currentLanguage() === 'en' ? 'en-GB' : 'zh-CN', options);
}

/** "11月22日 10:43" / "22 Nov, 10:43" — the year only when it is not this year. */
export function formatShortDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameYear = d.getFullYear() === new Date().getFullYear();
  return formatter({
    year: sameYear ? undefined : 'numeric',
    // zh-CN "long" months read 11月; with a numeric day: 11月22日.
    month: currentLanguage() === 'en' ? 'short' : 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

/** "10:43:27" for the 接龙 list. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return formatter({ hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

/** "规格 500g · 产地 炎陵" → the values only, as members read them: "500g 炎陵". */
export function specsText(specs: Record<string, string> | null | undefined): string {
  return Object.values(specs ?? {}).join(' ');
}

/** "11月22日" / "22 Nov": a day, with the year only when it is not this year. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameYear = d.getFullYear() === new Date().getFullYear();
  return formatter({ year: sameYear ? undefined : 'numeric', month: currentLanguage() === 'en' ? 'short' : 'long', day: 'numeric' }).format(d);
}
