import dayjs from 'dayjs';

/** "2025-05-01 14:03" in the viewer's time zone; an em dash for no value. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : iso;
}

/** "2025-05-01 14:03:27" for logs where seconds matter. */
export function formatDateTimeSeconds(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : iso;
}

/** "规格: 500g · 颜色: 红" for a SKU's attributes. */
export function formatSpecs(specs: Record<string, string> | null | undefined): string {
  const entries = Object.entries(specs ?? {});
  return entries.length ? entries.map(([k, v]) => `${k}: ${v}`).join(' · ') : '—';
}
