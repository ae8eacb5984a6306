/**
 * The share poster (分享海报): a picture a member saves and posts in a chat group, with the brand, the
 * campaign, its price and the QR code of their referral link. Drawn on a canvas with no library: the
 * layout is a pure function of the texts and a text-measuring callback, so it is unit-tested; the
 * drawing itself is a thin loop over it.
 */

/** Measures the width of `text` in CSS pixels when drawn in `font` (a canvas font string). */
export type Measure = (text: string, font: string) => number;

const FAMILY = `"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Helvetica Neue", Arial, sans-serif`;
export const POSTER_FONTS = {
  brand: `600 15px ${FAMILY}`,
  title: `700 24px ${FAMILY}`,
  price: `700 28px ${FAMILY}`,
  invite: `500 16px ${FAMILY}`,
  caption: `700 17px ${FAMILY}`,
  sub: `400 13px ${FAMILY}`,
  footer: `400 12px ${FAMILY}`,
} as const;

export const POSTER_COLORS = {
  headerFrom: '#ff7a45',
  headerMid: '#fa541c',
  headerTo: '#d4380d',
  background: '#fff4ec',
  text: '#1f1f1f',
  muted: '#8c8c8c',
  onBrand: '#ffffff',
  price: '#fff1b8',
  accent: '#d4380d',
} as const;

const ELLIPSIS = '…';

/** Breakable pieces of text: a run of Latin letters or digits (with its trailing spaces) stays whole; anything else is one character. */
function tokens(text: string): string[] {
  return text.match(/[A-Za-z0-9'’.,:;!?%&@#$¥+\-/]+\s*|\s+|./gsu) ?? [];
}

/**
 * Wraps `text` into at most `maxLines` lines no wider than `maxWidth`, breaking between Chinese
 * characters or between words (a word too long for a line is cut by character). When the text does
 * not fit, the last line ends with "…".
 * @example wrapText('鲜果团 周末特惠', 60, measure, font, 2) // ['鲜果团 周', '末特惠']
 */
export function wrapText(text: string, maxWidth: number, measure: Measure, font: string, maxLines: number): string[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean || maxLines < 1) return [];
  const fits = (s: string) => measure(s, font) <= maxWidth;
  const lines: string[] = [];
  let line = '';
  const push = () => {
    lines.push(line.trimEnd());
    line = '';
  };
  let truncated = false;
  outer: for (const token of tokens(clean)) {
    if (fits(line + token.trimEnd())) {
      line += token;
      continue;
    }
    // The token does not fit on this line: start a new one (unless this one is empty), then cut the
    // token by character if it is still too wide.
    if (line.trim()) {
      push();
      if (lines.length === maxLines) {
        truncated = true;
        break;
      }
    }
    const piece = token.trimStart();
    if (fits(piece.trimEnd())) {
      line = piece;
      continue;
    }
    for (const ch of Array.from(piece)) {
      // An empty line takes at least one character, however narrow the space.
      if (!line || fits(line + ch)) {
        line += ch;
        continue;
      }
      push();
      if (lines.length === maxLines) {
        truncated = true;
        break outer;
      }
      line = ch.trim() ? ch : '';
    }
  }
  if (!truncated && line.trim()) push();
  if (truncated) {
    let last = lines[maxLines - 1] ?? '';
    while (last && !fits(last + ELLIPSIS)) last = Array.from(last).slice(0, -1).join('');
    lines[maxLines - 1] = last.trimEnd() + ELLIPSIS;
  }
  return lines.slice(0, maxLines);
}

export interface PosterInput {
  /** The brand's name (the tenant). */
  brand: string;
  /** The campaign's title, or a line about the shop when the link is to the shop itself. */
  title: string;
  /** "¥9.90 – ¥19.90", or null when no price is known. */
  price: string | null;
  /** "张三 邀你一起拼团" */
  invite: string;
  /** "长按识别二维码" */
  caption: string;
  /** "扫码参团 · 推荐码 AB12CD" */
  sub: string;
  /** Small print at the bottom. */
  footer: string;
}

export interface PosterText {
  text: string;
  x: number;
  y: number;
  font: string;
  color: string;
  align: 'left' | 'center';
}

export interface PosterLayout {
  width: number;
  height: number;
  /** The coloured band at the top, from y = 0. */
  headerHeight: number;
  card: { x: number; y: number; width: number; height: number; radius: number };
  qr: { x: number; y: number; size: number };
  logo: { x: number; y: number; size: number };
  texts: PosterText[];
}

export const POSTER_WIDTH = 360;
const PAD = 24;
const QR_SIZE = 184;

/**
 * Where everything goes, in CSS pixels (the canvas is drawn at a multiple of this). The height grows
 * with the title (one to three lines); texts are baselines (`y` is where the letters sit).
 */
export function posterLayout(input: PosterInput, measure: Measure): PosterLayout {
  const W = POSTER_WIDTH;
  const inner = W - PAD * 2;
  const texts: PosterText[] = [];
  const logo = { x: PAD, y: 22, size: 28 };

  const brand = wrapText(input.brand, inner - logo.size - 10, measure, POSTER_FONTS.brand, 1)[0] ?? '';
  texts.push({ text: brand, x: logo.x + logo.size + 10, y: logo.y + 19, font: POSTER_FONTS.brand, color: POSTER_COLORS.onBrand, align: 'left' });

  let y = 104;
  const titleLines = wrapText(input.title, inner, measure, POSTER_FONTS.title, 3);
  for (const line of titleLines) {
    texts.push({ text: line, x: PAD, y, font: POSTER_FONTS.title, color: POSTER_COLORS.onBrand, align: 'left' });
    y += 34;
  }
  y -= 34;
  if (input.price) {
    y += 44;
    const price = wrapText(input.price, inner, measure, POSTER_FONTS.price, 1)[0] ?? '';
    texts.push({ text: price, x: PAD, y, font: POSTER_FONTS.price, color: POSTER_COLORS.price, align: 'left' });
  }
  const headerHeight = y + 56;

  const card = { x: 16, y: headerHeight - 28, width: W - 32, height: 0, radius: 16 };
  const cx = W / 2;
  let cy = card.y + 40;
  const invite = wrapText(input.invite, card.width - 32, measure, POSTER_FONTS.invite, 1)[0] ?? '';
  texts.push({ text: invite, x: cx, y: cy, font: POSTER_FONTS.invite, color: POSTER_COLORS.text, align: 'center' });
  cy += 18;
  const qr = { x: Math.round(cx - QR_SIZE / 2), y: cy, size: QR_SIZE };
  cy += QR_SIZE + 32;
  const caption = wrapText(input.caption, card.width - 32, measure, POSTER_FONTS.caption, 1)[0] ?? '';
  texts.push({ text: caption, x: cx, y: cy, font: POSTER_FONTS.caption, color: POSTER_COLORS.accent, align: 'center' });
  cy += 24;
  const sub = wrapText(input.sub, card.width - 32, measure, POSTER_FONTS.sub, 1)[0] ?? '';
  texts.push({ text: sub, x: cx, y: cy, font: POSTER_FONTS.sub, color: POSTER_COLORS.muted, align: 'center' });
  card.height = cy + 24 - card.y;

  const footerY = card.y + card.height + 30;
  const footer = wrapText(input.footer, inner, measure, POSTER_FONTS.footer, 1)[0] ?? '';
  texts.push({ text: footer, x: cx, y: footerY, font: POSTER_FONTS.footer, color: POSTER_COLORS.muted, align: 'center' });

  return { width: W, height: footerY + 20, headerHeight, card, qr, logo, texts };
}

/**
 * An SVG document as an `<img>`/canvas source. The size is written onto the root element because an
 * SVG with only a viewBox has no intrinsic size, and some browsers refuse to draw it on a canvas.
 * The SVG is never put into the page's DOM, so nothing in it can run.
 */
export function svgDataUrl(svg: string, size?: number): string {
  let doc = svg.trim();
  if (size) {
    doc = doc.replace(/<svg\b([^>]*)>/, (_m, attrs: string) => {
      const rest = attrs.replace(/\s(width|height)="[^"]*"/g, '');
      return `<svg width="${size}" height="${size}"${rest}>`;
    });
  }
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(doc)}`;
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('image failed to load'));
    img.src = src;
  });
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

/**
 * Draws the poster on `canvas` at `scale` device pixels per CSS pixel (3 gives a sharp 1080-px-wide
 * picture) and resolves once the QR code is on it. Only the server's SVG QR code is drawn as an
 * image, from a data URL, so the canvas stays exportable (`toBlob`).
 */
export async function drawPoster(canvas: HTMLCanvasElement, input: PosterInput, qrSvg: string, scale = 3): Promise<PosterLayout> {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2d is not available');
  if (document.fonts?.ready) await document.fonts.ready;
  const qrImage = await loadImage(svgDataUrl(qrSvg, QR_SIZE * scale));
  const measure: Measure = (text, font) => {
    ctx.font = font;
    return ctx.measureText(text).width;
  };
  const layout = posterLayout(input, measure);
  canvas.width = Math.round(layout.width * scale);
  canvas.height = Math.round(layout.height * scale);
  ctx.setTransform(scale, 0, 0, scale, 0, 0);

  ctx.fillStyle = POSTER_COLORS.background;
  ctx.fillRect(0, 0, layout.width, layout.height);

  const header = ctx.createLinearGradient(0, 0, layout.width, layout.headerHeight);
  header.addColorStop(0, POSTER_COLORS.headerFrom);
  header.addColorStop(0.6, POSTER_COLORS.headerMid);
  header.addColorStop(1, POSTER_COLORS.headerTo);
  ctx.fillStyle = header;
  ctx.fillRect(0, 0, layout.width, layout.headerHeight);

  // A little fruit in the top right corner, as on the campaign page's placeholder cover.
  const fruit: [number, number, number, string][] = [
    [layout.width - 62, 44, 20, 'rgba(255, 213, 145, 0.9)'],
    [layout.width - 34, 62, 15, 'rgba(255, 192, 105, 0.9)'],
    [layout.width - 86, 64, 12, 'rgba(255, 255, 255, 0.35)'],
  ];
  for (const [x, y, r, color] of fruit) {
    ctx.beginPath();
    ctx.arc(x, y, r, 0, Math.PI * 2);
    ctx.fillStyle = color;
    ctx.fill();
  }

  const { logo } = layout;
  roundRect(ctx, logo.x, logo.y, logo.size, logo.size, 7);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.fillStyle = POSTER_COLORS.headerMid;
  ctx.font = `700 16px ${FAMILY}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText('团', logo.x + logo.size / 2, logo.y + logo.size / 2 + 1);

  const { card } = layout;
  ctx.save();
  ctx.shadowColor = 'rgba(0, 0, 0, 0.08)';
  ctx.shadowBlur = 16;
  ctx.shadowOffsetY = 4;
  roundRect(ctx, card.x, card.y, card.width, card.height, card.radius);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.restore();

  const { qr } = layout;
  roundRect(ctx, qr.x - 8, qr.y - 8, qr.size + 16, qr.size + 16, 10);
  ctx.strokeStyle = '#ffd8bf';
  ctx.lineWidth = 1.5;
  ctx.stroke();
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(qrImage, qr.x, qr.y, qr.size, qr.size);

  ctx.textBaseline = 'alphabetic';
  for (const t of layout.texts) {
    ctx.font = t.font;
    ctx.fillStyle = t.color;
    ctx.textAlign = t.align;
    ctx.fillText(t.text, t.x, t.y);
  }
  return layout;
}

/** The canvas as a PNG file download ("save poster"); resolves false when the browser cannot. */
export function downloadCanvas(canvas: HTMLCanvasElement, filename: string): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      canvas.toBlob((blob) => {
        if (!blob) return resolve(false);
        const url = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = filename;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        resolve(true);
      }, 'image/png');
    } catch {
      resolve(false);
    }
  });
}
