/**
 * What the console's group poster (群海报) and the member pages' share poster (分享海报) have in
 * common: text wrapping against a measuring callback (pure, unit-tested), the poster's font family,
 * and the canvas helpers both draw with — the high-DPI canvas set-up, rounded boxes, the 团 brand
 * mark, the white card, the framed QR code, the texts of a layout, and image loading. Each poster
 * keeps its own layout, colours and way of making the QR code.
 */

/** Measures the width of `text` in CSS pixels when drawn in `font` (a canvas font string). */
export type Measure = (text: string, font: string) => number;

/** The font stack of both posters: the system's CJK fonts first. */
export const POSTER_FONT_FAMILY = `"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Helvetica Neue", Arial, sans-serif`;

/** A canvas font string in the posters' family, e.g. `posterFont(700, 21)`. */
export function posterFont(weight: number, px: number): string {
  return `${weight} ${px}px ${POSTER_FONT_FAMILY}`;
}

const ELLIPSIS = '…';

/** Breakable pieces of text: a run of Latin letters or digits (with its trailing spaces) stays whole; anything else is one character. */
function tokens(text: string): string[] {
  return text.match(/[A-Za-z0-9'’.,:;!?%&@#$¥+\-/]+\s*|\s+|./gsu) ?? [];
}

/**
 * Wraps `text` into at most `maxLines` lines no wider than `maxWidth`, breaking between Chinese
 * characters or between words (a word too long for a line is cut by character). When the text does
 * not fit, the last line ends with "…". Runs of spaces collapse to one.
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

/** `text` on one line no wider than `maxWidth`, ending "…" when cut (empty for empty text). */
export function fitLine(text: string, maxWidth: number, measure: Measure, font: string): string {
  return wrapText(text, maxWidth, measure, font, 1)[0] ?? '';
}

/** One text of a layout; `y` is its baseline. */
export interface PosterText {
  text: string;
  x: number;
  y: number;
  font: string;
  color: string;
  align: 'left' | 'center' | 'right';
}

/** Where the QR code goes: its top-left corner and side, in CSS pixels. */
export interface QrBox {
  x: number;
  y: number;
  size: number;
}

/** A rounded box: the white card of a poster. */
export interface CardBox {
  x: number;
  y: number;
  width: number;
  height: number;
  radius: number;
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

/**
 * Loads an image. With `crossOrigin` it is fetched with CORS so a canvas it is drawn on stays
 * exportable. Resolves null when it fails or takes longer than `timeoutMs` (when given).
 */
export function loadImage(src: string, options: { crossOrigin?: boolean; timeoutMs?: number } = {}): Promise<HTMLImageElement | null> {
  return new Promise((resolve) => {
    const img = new Image();
    if (options.crossOrigin) img.crossOrigin = 'anonymous';
    const timer = options.timeoutMs ? setTimeout(() => resolve(null), options.timeoutMs) : undefined;
    img.onload = () => {
      clearTimeout(timer);
      resolve(img);
    };
    img.onerror = () => {
      clearTimeout(timer);
      resolve(null);
    };
    img.src = src;
  });
}

/** A 2D context on `canvas` and a `Measure` that uses it; waits for the page's fonts first. */
export async function posterContext(canvas: HTMLCanvasElement): Promise<{ ctx: CanvasRenderingContext2D; measure: Measure }> {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2d is not available');
  if (document.fonts?.ready) await document.fonts.ready;
  const measure: Measure = (text, font) => {
    ctx.font = font;
    return ctx.measureText(text).width;
  };
  return { ctx, measure };
}

/** Sizes the canvas for a `width` × `height` CSS-pixel poster at `scale` device pixels per CSS pixel, and fills it. */
export function sizeCanvas(ctx: CanvasRenderingContext2D, width: number, height: number, scale: number, background: string): void {
  ctx.canvas.width = Math.round(width * scale);
  ctx.canvas.height = Math.round(height * scale);
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
}

/** Traces a rounded rectangle as the current path. */
export function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

/** The brand mark: a white rounded square with 团 in `color`. */
export function drawBrandMark(ctx: CanvasRenderingContext2D, box: { x: number; y: number; size: number }, color: string, textOffsetY = 1): void {
  roundRect(ctx, box.x, box.y, box.size, box.size, 7);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.fillStyle = color;
  ctx.font = posterFont(700, 16);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText('团', box.x + box.size / 2, box.y + box.size / 2 + textOffsetY);
}

/** The white card with a soft shadow. */
export function drawCard(ctx: CanvasRenderingContext2D, card: CardBox, shadow: { blur: number; offsetY: number }, fill = '#ffffff'): void {
  ctx.save();
  ctx.shadowColor = 'rgba(0, 0, 0, 0.08)';
  ctx.shadowBlur = shadow.blur;
  ctx.shadowOffsetY = shadow.offsetY;
  roundRect(ctx, card.x, card.y, card.width, card.height, card.radius);
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.restore();
}

/** The QR code in a thin rounded frame, drawn without smoothing so its modules stay sharp. */
export function drawQr(ctx: CanvasRenderingContext2D, image: CanvasImageSource, qr: QrBox, frameColor: string): void {
  roundRect(ctx, qr.x - 8, qr.y - 8, qr.size + 16, qr.size + 16, 10);
  ctx.strokeStyle = frameColor;
  ctx.lineWidth = 1.5;
  ctx.stroke();
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(image, qr.x, qr.y, qr.size, qr.size);
}

/** The texts of a layout, each at its baseline. */
export function drawTexts(ctx: CanvasRenderingContext2D, texts: readonly PosterText[]): void {
  ctx.textBaseline = 'alphabetic';
  for (const t of texts) {
    ctx.font = t.font;
    ctx.fillStyle = t.color;
    ctx.textAlign = t.align;
    ctx.fillText(t.text, t.x, t.y);
  }
}

/** Starts a download of `href` (a data or blob URL) as `filename`. */
export function downloadHref(href: string, filename: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
