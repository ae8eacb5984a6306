import { describe, expect, it } from 'vitest';
import { audienceChanged, audienceChoices, audienceReach } from './audience-model';

describe('a campaign audience', () => {
  it('sees a change only when the set of segments differs', () => {
    expect(audienceChanged(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(audienceChanged(['a'], ['a', 'b'])).toBe(true);
    expect(audienceChanged(['a', 'b'], ['a'])).toBe(true);
    expect(audienceChanged([], [])).toBe(false);
    expect(audienceChanged(['a'], ['c'])).toBe(true);
  });

  it('adds the member counts of the picked segments, each once', () => {
    const counts = new Map([
      ['a', 12],
      ['b', 5],
    ]);
    expect(audienceReach(['a', 'b', 'a'], counts)).toBe(17);
    expect(audienceReach(['gone'], counts)).toBe(0);
    expect(audienceReach([], counts)).toBe(0);
  });

  it('offers every segment and keeps one no longer listed, marked', () => {
    const choices = audienceChoices(
      [
        { id: 'b', name: '沉睡待唤醒', memberCount: 4 },
        { id: 'a', name: '爱水果的复购客', memberCount: 5 },
      ],
      [
        { id: 'a', name: '爱水果的复购客', memberCount: 5 },
        { id: 'x', name: '旧细分', memberCount: 0 },
      ],
    );
    // By name in Chinese order (pinyin): 爱 ài, 沉 chén, 旧 jiù.
    expect(choices.map((c) => [c.id, c.missing])).toEqual([
      ['a', false],
      ['b', false],
      ['x', true],
    ]);
    expect(choices.filter((c) => c.missing).map((c) => c.id)).toEqual(['x']);
    expect(choices).toHaveLength(3);
  });
});
