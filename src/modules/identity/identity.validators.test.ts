import { describe, expect, it } from 'vitest';
import { PhoneSchema } from './identity.validators';
import { maskPhone } from './secrets';

describe('phone numbers', () => {
  it('normalise +86, spaces and dashes to 11 digits', () => {
    expect(PhoneSchema.parse('+86 138-0000-0001')).toBe('13800000001');
    expect(PhoneSchema.parse('8613800000001')).toBe('13800000001');
    expect(PhoneSchema.parse(' 13800000001 ')).toBe('13800000001');
  });
  it('reject what is not a mainland mobile number', () => {
    for (const bad of ['12800000001', '1380000000', '138000000012', 'abc', '']) expect(PhoneSchema.safeParse(bad).success).toBe(false);
  });
  it('mask the middle four digits', () => {
    expect(maskPhone('13800000001')).toBe('138****0001');
  });
});
