import { describe, expect, it } from 'vitest';
import { foldForMatch, matchKeywords } from './keywords';

describe('keyword matching', () => {
  it('folds full-width letters, case, spaces and separators', () => {
    expect(foldForMatch('加 微 信')).toBe('加微信');
    expect(foldForMatch('ＶＸ：abc')).toBe('vx:abc');
    expect(foldForMatch('V-X_1.2 3')).toBe('vx123');
    expect(foldForMatch('加\u200b微信')).toBe('加微信');
  });

  it('finds a keyword however it is spaced or written', () => {
    const rules = [{ id: 'r1', keyword: '加微信', action: 'block' as const }];
    for (const text of ['快加微信', '加 微 信 领券', '加-微-信', '加.微.信']) expect(matchKeywords(text, rules).action).toBe('block');
    expect(matchKeywords('加个好友', rules)).toEqual({ action: 'allow', matches: [] });
  });

  it('block beats warn and every matching rule is reported', () => {
    const rules = [
      { id: 'w', keyword: '代购', action: 'warn' as const },
      { id: 'b', keyword: 'VX', action: 'block' as const },
      { id: 'x', keyword: '拼多多', action: 'warn' as const },
    ];
    const r = matchKeywords('代购请加vx', rules);
    expect(r.action).toBe('block');
    expect(r.matches.map((m) => m.id).sort()).toEqual(['b', 'w']);
    expect(matchKeywords('代购', rules).action).toBe('warn');
  });

  it('ignores a keyword that folds to nothing', () => {
    expect(matchKeywords('anything', [{ id: 'e', keyword: ' - ', action: 'block' }]).action).toBe('allow');
  });
});
