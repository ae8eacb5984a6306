import { describe, expect, it } from 'vitest';
import { importContentType, importFileKind, importPercent, isImportRunning, isOutcomeFilter, XLSX_TYPE } from './import-model';

describe('member import', () => {
  it('knows a CSV or an XLSX by its name first, then by its type', () => {
    expect(importFileKind('buyers.CSV', 'application/vnd.ms-excel')).toBe('csv');
    expect(importFileKind('buyers.xlsx', '')).toBe('xlsx');
    expect(importFileKind('export', XLSX_TYPE)).toBe('xlsx');
    expect(importFileKind('export', 'text/csv')).toBe('csv');
    expect(importFileKind('buyers.xls', 'application/vnd.ms-excel')).toBeNull();
    expect(importFileKind('notes.txt', 'text/plain')).toBeNull();
    expect(importContentType('csv')).toBe('text/csv');
    expect(importContentType('xlsx')).toBe(XLSX_TYPE);
  });

  it('shows progress as processed of total rows, 100 only when done', () => {
    expect(importPercent({ status: 'running', processedRows: 0, totalRows: 0 })).toBe(0);
    expect(importPercent({ status: 'running', processedRows: 2000, totalRows: 8000 })).toBe(25);
    expect(importPercent({ status: 'running', processedRows: 1, totalRows: 3 })).toBe(33);
    // Every row written but not yet marked done: not 100 yet.
    expect(importPercent({ status: 'running', processedRows: 8000, totalRows: 8000 })).toBe(99);
    expect(importPercent({ status: 'done', processedRows: 0, totalRows: 0 })).toBe(100);
    expect(importPercent({ status: 'done', processedRows: 3, totalRows: 3 })).toBe(100);
    expect(importPercent({ status: 'failed', processedRows: 2000, totalRows: 8000 })).toBe(25);
    expect(importPercent({ status: 'failed', processedRows: 9000, totalRows: 8000 })).toBe(100);
    expect(isImportRunning({ status: 'running' })).toBe(true);
    expect(isImportRunning(null)).toBe(false);
  });

  it('accepts the report filters the server knows', () => {
    for (const o of ['problems', 'failed', 'duplicate', 'created', 'matched']) expect(isOutcomeFilter(o)).toBe(true);
    expect(isOutcomeFilter('joined')).toBe(false);
    expect(isOutcomeFilter(null)).toBe(false);
  });
});
