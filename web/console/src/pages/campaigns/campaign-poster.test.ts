import { describe, expect, it } from 'vitest';
import { chinaDeadline, FONTS, POSTER_WIDTH, posterFilename, posterLayout, priceFrom, priceText, wrapLines, type Measure, type PosterInput } from './campaign-poster';

// A fixed-width measure: CJK characters 16px, everything else 8px (scaled by the font's px size / 16).
const measure: Measure = (text, font) => {
  const px = Number(/(\d+)px/.exec(font)?.[1] ?? 16) / 16;
  return Array.from(text).reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 16 : 8) * px, 0);
};

const input = (over: Partial<PosterInput> = {}): PosterInput => ({
  brand: '鲜果团 Demo',
  groupName: '徐汇鲜果团 1 群',
  title: '周三鲜果团：10斤脐橙 + 草莓礼盒 + 牛奶',
  price: '¥59.90 起',
  deadline: '5月3日 20:00 截单',
  caption: '扫码接龙参团',
  sub: '长按识别二维码 · 从本群下单',
  hasCover: false,
  ...over,
});

describe('poster texts', () => {
  it('gives the lowest price, marked "from" when items differ', () => {
    expect(priceFrom([])).toBeNull();
    expect(priceFrom([{ priceFen: 5990 }, { priceFen: 5990 }])).toEqual({ fen: 5990, from: false });
    expect(priceFrom([{ priceFen: 10900 }, { priceFen: 5990 }])).toEqual({ fen: 5990, from: true });
    expect(priceText([{ priceFen: 10900 }, { priceFen: 5990 }], (p) => `${p} 起`)).toBe('¥59.90 起');
    expect(priceText([{ priceFen: 990 }], (p) => `from ${p}`)).toBe('¥9.90');
    expect(priceText([], (p) => p)).toBeNull();
  });

  it('states the deadline in China time, whatever the viewer’s clock', () => {
    // 12:00 UTC is 20:00 in China.
    expect(chinaDeadline('2025-05-03T12:00:00.000Z', 'zh-CN')).toBe('5月3日 20:00');
    expect(chinaDeadline('2025-05-03T12:00:00.000Z', 'en')).toBe('May 3, 20:00');
    // 16:30 UTC is already the next day in China.
    expect(chinaDeadline('2025-12-31T16:30:00.000Z', 'zh-CN')).toBe('1月1日 00:30');
  });

  it('names the file after the campaign and the group', () => {
    expect(posterFilename('周三鲜果团：脐橙', '徐汇 1 群')).toBe('周三鲜果团：脐橙-徐汇-1-群.png');
    expect(posterFilename('a/b', '')).toBe('a-b.png');
    expect(posterFilename('', '')).toBe('poster.png');
  });
});

describe('wrapLines', () => {
  it('breaks between CJK characters and keeps Latin words whole', () => {
    const lines = wrapLines('周三鲜果团 Navel oranges', 100, measure, FONTS.caption, 3);
    for (const l of lines) expect(measure(l, FONTS.caption)).toBeLessThanOrEqual(100);
    expect(lines.join('').replace(/\s/g, '')).toBe('周三鲜果团Naveloranges');
    expect(lines.some((l) => l.includes('Navel'))).toBe(true);
    expect(lines.some((l) => l.includes('oranges'))).toBe(true);
  });

  it('ends with an ellipsis when the text does not fit', () => {
    const lines = wrapLines('一二三四五六七八九十一二三四五六七八九十', 80, measure, FONTS.caption, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
    expect(measure(lines[1]!, FONTS.caption)).toBeLessThanOrEqual(80);
  });

  it('answers nothing for empty text', () => {
    expect(wrapLines('   ', 100, measure, FONTS.caption, 2)).toEqual([]);
  });
});

describe('posterLayout', () => {
  it('fits every text inside the poster and puts the QR code in the middle', () => {
    const layout = posterLayout(input(), measure);
    expect(layout.width).toBe(POSTER_WIDTH);
    for (const t of layout.texts) {
      const w = measure(t.text, t.font);
      const left = t.align === 'left' ? t.x : t.align === 'center' ? t.x - w / 2 : t.x - w;
      expect(left, t.text).toBeGreaterThanOrEqual(0);
      expect(left + w, t.text).toBeLessThanOrEqual(POSTER_WIDTH);
      expect(t.y).toBeLessThan(layout.height);
    }
    expect(layout.qr.x + layout.qr.size / 2).toBe(POSTER_WIDTH / 2);
    expect(layout.qr.y + layout.qr.size).toBeLessThan(layout.card.y + layout.card.height);
    expect(layout.texts.map((t) => t.text)).toEqual(expect.arrayContaining(['¥59.90 起', '5月3日 20:00 截单', '扫码接龙参团']));
  });

  it('makes room for a cover and grows with a long title', () => {
    const plain = posterLayout(input(), measure);
    const covered = posterLayout(input({ hasCover: true }), measure);
    expect(plain.cover).toBeNull();
    expect(covered.cover).toEqual({ x: 0, y: 64, width: POSTER_WIDTH, height: 200 });
    expect(covered.card.y).toBeGreaterThan(covered.cover!.y + 100);
    expect(covered.height).toBeGreaterThan(plain.height);
    const long = posterLayout(input({ title: '周三鲜果团'.repeat(20) }), measure);
    const titleLines = long.texts.filter((t) => t.font === FONTS.title);
    expect(titleLines).toHaveLength(3);
    expect(titleLines[2]!.text.endsWith('…')).toBe(true);
    expect(long.height).toBeGreaterThan(plain.height);
  });

  it('leaves the price out when there is none', () => {
    const layout = posterLayout(input({ price: null }), measure);
    expect(layout.texts.some((t) => t.font === FONTS.price)).toBe(false);
  });
});
