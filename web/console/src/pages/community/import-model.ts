import type { ImportOutcomeFilter, MemberImport } from '../../api/fulfilment-types';

/** The report's outcome filter, problems first (the server's default). */
export const IMPORT_OUTCOME_FILTERS: ImportOutcomeFilter[] = ['problems', 'failed', 'duplicate', 'created', 'matched'];

export function isOutcomeFilter(value: string | null): value is ImportOutcomeFilter {
  return value !== null && (IMPORT_OUTCOME_FILTERS as string[]).includes(value);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What the server reads at most (its body limit). */
export const IMPORT_MAX_BYTES = 30 * 1024 * 1024;

/**
 * What kind of file a person chose, by its name first (Excel on Windows labels a CSV
 * "application/vnd.ms-excel"), then by its type; null for anything else.
 */
export function importFileKind(name: string, type: string): 'csv' | 'xlsx' | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv')) return 'csv';
  if (type === XLSX_TYPE) return 'xlsx';
  if (type === 'text/csv') return 'csv';
  return null;
}

/** The Content-Type the file is sent with. */
export function importContentType(kind: 'csv' | 'xlsx'): string {
  return kind === 'xlsx' ? XLSX_TYPE : 'text/csv';
}

/**
 * How far an import is, in whole percent: processed of total rows (every row counts, failed ones
 * too). A finished import is 100; a running one stays below 100 until the server says it is done;
 * one that stopped shows how far it got.
 */
export function importPercent(imp: Pick<MemberImport, 'status' | 'processedRows' | 'totalRows'>): number {
  if (imp.status === 'done') return 100;
  if (imp.totalRows <= 0) return 0;
  const p = Math.max(0, Math.floor((imp.processedRows * 100) / imp.totalRows));
  return Math.min(imp.status === 'running' ? 99 : 100, p);
}

export function isImportRunning(imp: Pick<MemberImport, 'status'> | null | undefined): boolean {
  return imp?.status === 'running';
}
