import { describe, expect, it } from 'vitest';
import { POSTER_FONTS, POSTER_WIDTH, posterLayout, type Measure, type PosterInput } from './poster';

// Text wrapping and the SVG data URL are shared with the console's poster: web/shared/poster.test.ts.

// Every character is 10 px wide: easy to count, and close enough to a CJK font for layout checks.
const measure: Measure = (text) => Array.from(text).length * 10;
const input: PosterInput = {
  brand: '鲜果团 Demo',
  title: '周末鲜果团：海南贵妃芒、炎陵黄桃、阳光玫瑰葡萄，产地直发，坏果包赔，限时两天抢购',
  price: '¥9.90 – ¥59.00',
  invite: '小芳 邀你一起拼团',
  caption: '长按识别二维码',
  sub: '扫码参团 · 推荐码 AB12CD',
  footer: '鲜果团 Demo · 社群团购',
};

describe('posterLayout', () => {
  it('keeps every text inside the poster and in reading order', () => {
    const layout = posterLayout(input, measure);
    let lastY = 0;
    for (const t of layout.texts) {
      const w = measure(t.text, t.font);
      const left = t.align === 'center' ? t.x - w / 2 : t.x;
      expect(left).toBeGreaterThanOrEqual(16);
      expect(left + w).toBeLessThanOrEqual(POSTER_WIDTH - 16);
      expect(t.y).toBeGreaterThan(lastY);
      expect(t.y).toBeLessThan(layout.height);
      lastY = t.y;
    }
  });

  it('wraps a long title to three lines and puts the QR code inside the white card', () => {
    const layout = posterLayout({ ...input, title: input.title.repeat(3) }, measure);
    const titles = layout.texts.filter((t) => t.font === POSTER_FONTS.title);
    expect(titles).toHaveLength(3);
    expect(titles[2]!.text.endsWith('…')).toBe(true);
    const { qr, card } = layout;
    expect(qr.x).toBeGreaterThan(card.x);
    expect(qr.x + qr.size).toBeLessThan(card.x + card.width);
    expect(qr.y).toBeGreaterThan(card.y);
    expect(qr.y + qr.size).toBeLessThan(card.y + card.height);
    expect(card.y).toBeLessThan(layout.headerHeight); // the card overlaps the coloured band
    expect(card.y + card.height).toBeLessThan(layout.height);
  });

  it('is shorter with a one-line title and no price', () => {
    const long = posterLayout(input, measure);
    const short = posterLayout({ ...input, title: '鲜果团', price: null }, measure);
    expect(short.height).toBeLessThan(long.height);
    expect(short.texts.some((t) => t.font === POSTER_FONTS.price)).toBe(false);
  });
});
