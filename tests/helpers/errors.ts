import { AppError } from '../../src/platform/errors';

/** The AppError code a promise rejects with ('no error' when it resolves). Other errors propagate. */
export async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'no error';
}
