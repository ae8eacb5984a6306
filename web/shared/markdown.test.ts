import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('escapes raw HTML instead of passing it through', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('escapes HTML inside inline text too', () => {
    const html = renderMarkdown('新鲜 <b onclick="x()">黄桃</b>');
    expect(html).toBe('<p>新鲜 &lt;b onclick=&quot;x()&quot;&gt;黄桃&lt;/b&gt;</p>\n');
  });

  it('renders bold, headings and lists', () => {
    expect(renderMarkdown('**x**')).toBe('<p><strong>x</strong></p>\n');
    expect(renderMarkdown('## 产地')).toBe('<h2>产地</h2>\n');
    expect(renderMarkdown('- 一\n- 二')).toBe('<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n');
    expect(renderMarkdown('1. 一\n2. 二')).toContain('<ol>');
  });

  it('opens links in a new tab without an opener or referrer', () => {
    expect(renderMarkdown('[看看](https://example.com/a)')).toBe(
      '<p><a href="https://example.com/a" target="_blank" rel="noopener noreferrer">看看</a></p>\n',
    );
    // Bare URLs become links as well (linkify), with the same attributes.
    const html = renderMarkdown('详情 https://example.com/b 了解');
    expect(html).toContain('<a href="https://example.com/b" target="_blank" rel="noopener noreferrer">https://example.com/b</a>');
  });

  it('refuses script URLs', () => {
    const html = renderMarkdown('[x](javascript:alert(1)) [y](vbscript:msgbox)');
    expect(html).not.toContain('<a');
    expect(html).not.toContain('href=');
  });

  it('turns a single newline into a line break', () => {
    expect(renderMarkdown('第一行\n第二行')).toBe('<p>第一行<br>\n第二行</p>\n');
  });

  it('gives nothing for blank input', () => {
    expect(renderMarkdown('')).toBe('');
    expect(renderMarkdown('  \n ')).toBe('');
  });
});
