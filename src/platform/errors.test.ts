import { describe, expect, it } from 'vitest';
import { AppError, CommonErrors, defineErrors, listErrorCodes, notFound, pickLang, toProblem } from './errors';

const E = defineErrors('testmod', {
  thing_taken: { status: 409, zh: '{name} 已存在', en: '{name} already exists' },
});

describe('error mapping', () => {
  it('maps a code to its status and a problem+json body in the requested language', () => {
    const err = new AppError(E.thing_taken, { params: { name: 'X1' }, errors: [{ path: 'name', message: 'taken' }] });
    expect(err.status).toBe(409);
    const en = toProblem(err, 'en');
    expect(en).toMatchObject({ status: 409, code: 'testmod.thing_taken', detail: 'X1 already exists', title: 'X1 already exists', errors: [{ path: 'name', message: 'taken' }] });
    expect(toProblem(err, 'zh-CN').detail).toBe('X1 已存在');
  });
  it('names the entity in a 404 in each language', () => {
    const err = notFound({ zh: '商品', en: 'Product' });
    expect(toProblem(err, 'en').detail).toBe('Product not found');
    expect(toProblem(err, 'zh-CN').detail).toBe('找不到商品');
    expect(err.status).toBe(404);
  });
  it('refuses unknown codes and duplicate definitions', () => {
    expect(() => new AppError('nope.nothing')).toThrow(/unknown error code/);
    expect(() => defineErrors('testmod', { thing_taken: { status: 400, zh: '', en: '' } })).toThrow(/defined twice/);
  });
  it('registers the common codes with their statuses', () => {
    const codes = new Map(listErrorCodes().map((c) => [c.code, c.status]));
    expect(codes.get(CommonErrors.validation_failed)).toBe(400);
    expect(codes.get(CommonErrors.unauthenticated)).toBe(401);
    expect(codes.get(CommonErrors.forbidden)).toBe(403);
    expect(codes.get(CommonErrors.payload_too_large)).toBe(413);
  });
  it('picks the language from Accept-Language, zh-CN by default', () => {
    expect(pickLang(undefined)).toBe('zh-CN');
    expect(pickLang('en-US,en;q=0.9')).toBe('en');
    expect(pickLang('zh-TW,en;q=0.5')).toBe('zh-CN');
    expect(pickLang('fr-FR')).toBe('zh-CN');
  });
});
