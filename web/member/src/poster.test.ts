import { describe, expect, it } from 'vitest';
import { POSTER_FONTS, POSTER_WIDTH, posterLayout, svgDataUrl, wrapText, type Measure, type PosterInput } from './poster';

// Every character is 10 px wide: easy to count, and close enough to a CJK font for layout checks.
const measure: Measure = (text) => Array.from(text).length * 10;
const font = POSTER_FONTS.title;

describe('wrapText', () => {
  it('breaks Chinese text between any two characters', () => {
    expect(wrapText('一二三四五六七', 30, measure, font, 3)).toEqual(['一二三', '四五六', '七']);
  });

  it('ends the last line with … when the text does not fit', () => {
    expect(wrapText('一二三四五六七八九十', 30, measure, font, 2)).toEqual(['一二三', '四五…']);
    expect(wrapText('一二三四', 30, measure, font, 1)).toEqual(['一二…']);
  });

  it('keeps Latin words whole and cuts only a word too long for a line', () => {
    expect(wrapText('fresh mango box', 100, measure, font, 3)).toEqual(['fresh', 'mango box']);
    expect(wrapText('strawberries', 50, measure, font, 3)).toEqual(['straw', 'berri', 'es']);
  });

  it('mixes both, collapsing spaces', () => {
    expect(wrapText('  炎陵  黄桃 5kg装 ', 60, measure, font, 3)).toEqual(['炎陵 黄桃', '5kg装']);
  });

  it('gives nothing for empty text', () => {
    expect(wrapText('   ', 100, measure, font, 2)).toEqual([]);
    expect(wrapText('abc', 100, measure, font, 0)).toEqual([]);
  });

  it('never returns a line wider than the limit', () => {
    const text = '周末鲜果团：海南贵妃芒 + 炎陵黄桃，产地直发，坏果包赔 (limited offer for the weekend only)';
    for (const max of [40, 75, 120, 300]) {
      for (const line of wrapText(text, max, measure, font, 3)) expect(measure(line, font)).toBeLessThanOrEqual(max);
    }
  });
});

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

describe('svgDataUrl', () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 35 35" shape-rendering="crispEdges"><path d="M0 0h35"/></svg>';

  it('gives the SVG a size and encodes it as a data URL', () => {
    const url = svgDataUrl(svg, 552);
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    const doc = decodeURIComponent(url.slice(url.indexOf(',') + 1));
    expect(doc).toMatch(/^<svg width="552" height="552" xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 35 35"/);
    expect(doc.endsWith('</svg>')).toBe(true);
  });

  it('replaces a size already there, and leaves the SVG alone without one', () => {
    const sized = decodeURIComponent(svgDataUrl('<svg width="200" height="200" viewBox="0 0 1 1"></svg>', 90).split(',')[1]!);
    expect(sized).toBe('<svg width="90" height="90" viewBox="0 0 1 1"></svg>');
    expect(decodeURIComponent(svgDataUrl(svg).split(',')[1]!)).toBe(svg);
  });
});
