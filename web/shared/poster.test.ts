import { describe, expect, it } from 'vitest';
import { fitLine, posterFont, svgDataUrl, wrapText, type Measure } from './poster';

// Every character is 10 px wide: easy to count, and close enough to a CJK font for layout checks.
const measure: Measure = (text) => Array.from(text).length * 10;
const font = posterFont(700, 24);

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

describe('fitLine', () => {
  it('gives one line, cut with … when too long, and nothing for empty text', () => {
    expect(fitLine('鲜果团', 100, measure, font)).toBe('鲜果团');
    expect(fitLine('徐汇鲜果团 1 群', 50, measure, font)).toBe('徐汇鲜果…');
    expect(fitLine('  ', 50, measure, font)).toBe('');
  });
});

describe('posterFont', () => {
  it('is a canvas font string in the posters’ CJK-first family', () => {
    expect(posterFont(600, 15)).toMatch(/^600 15px "PingFang SC", /);
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
