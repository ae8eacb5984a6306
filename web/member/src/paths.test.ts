import { describe, expect, it } from 'vitest';
import { loginPath, routerPath, safeNext } from './paths';

describe('member page paths', () => {
  it('maps full paths to router paths', () => {
    expect(routerPath('/m/demo/pay/pay_1')).toBe('/demo/pay/pay_1');
    expect(routerPath('/m')).toBe('/');
    expect(routerPath('/console/')).toBeNull();
    expect(routerPath('/mall/x')).toBeNull();
  });

  it('returns after login only to this brand’s member pages', () => {
    expect(safeNext('demo', '/m/demo/c/cmp_1/checkout')).toBe('/demo/c/cmp_1/checkout');
    expect(safeNext('demo', null)).toBe('/demo/');
    expect(safeNext('demo', 'https://evil.example/m/demo/')).toBe('/demo/');
    expect(safeNext('demo', '//evil.example/m/demo/')).toBe('/demo/');
    expect(safeNext('demo', '/m/other/orders')).toBe('/demo/');
    expect(safeNext('demo', '/console/')).toBe('/demo/');
  });

  it('builds the login link with the way back', () => {
    expect(loginPath('demo', '/m/demo/c/cmp_1/checkout')).toBe('/demo/login?next=%2Fm%2Fdemo%2Fc%2Fcmp_1%2Fcheckout');
  });
});
