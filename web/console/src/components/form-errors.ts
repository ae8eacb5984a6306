import type { FormInstance } from 'antd';
import type { ApiError } from '../api/client';

export type NamePath = (string | number)[];

/** Turns the API's dotted field path ("skus.0.code") into an antd name path (['skus', 0, 'code']). */
export function toNamePath(path: string): NamePath {
  return path
    .split(/[.[\]]/)
    .filter(Boolean)
    .map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));
}

export interface AppliedErrors {
  /** Messages that found no field, for the caller to show elsewhere. */
  unmatched: string[];
  /** The first field marked, to scroll to. */
  first?: NamePath;
}

/**
 * Shows a problem's field errors on the form. `map` may rename a path or return null for fields the
 * form does not have.
 */
export function applyFieldErrors(
  form: FormInstance,
  err: ApiError,
  map: (path: NamePath) => NamePath | null = (p) => p,
  /** Shown under a field instead of the field error's own message (e.g. a conflict's localized detail). */
  messageFor?: (fe: { path: string; message: string }) => string,
): AppliedErrors {
  const unmatched: string[] = [];
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  for (const fe of err.fieldErrors) {
    const name = map(toNamePath(fe.path));
    if (!name) {
      unmatched.push(fe.path ? `${fe.path}: ${fe.message}` : fe.message);
      continue;
    }
    const k = JSON.stringify(name);
    const entry = byField.get(k) ?? { name, errors: [] };
    const message = messageFor ? messageFor(fe) : fe.message;
    if (!entry.errors.includes(message)) entry.errors.push(message);
    byField.set(k, entry);
  }
  const fields = [...byField.values()];
  if (fields.length > 0) form.setFields(fields);
  return { unmatched, first: fields[0]?.name };
}

/** A mapper that accepts only the listed top-level fields (and anything below them). */
export function onlyFields(...fields: string[]): (path: NamePath) => NamePath | null {
  return (path) => (typeof path[0] === 'string' && fields.includes(path[0]) ? path : null);
}
