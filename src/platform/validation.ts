import type { FastifySchemaCompiler } from 'fastify';
import { z, type ZodType } from 'zod';

const en = z.locales.en();
const zh = z.locales.zhCN();

export interface LocalisedValidationError extends Error {
  issuesEn: z.core.$ZodIssue[];
  issuesZh: z.core.$ZodIssue[];
  validationContext?: string;
}

/**
 * Fastify validator that parses with zod and, on failure, keeps the issues in both languages so
 * the error handler can answer in the caller's language. The second parse runs only on failure.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<ZodType> = ({ schema }) => (data) => {
  const result = schema.safeParse(data, { error: en.localeError });
  if (result.success) return { value: result.data };
  const zhResult = schema.safeParse(data, { error: zh.localeError });
  const err = new Error('validation failed') as LocalisedValidationError;
  err.issuesEn = result.error.issues;
  err.issuesZh = zhResult.success ? result.error.issues : zhResult.error.issues;
  return { error: err };
};
