/**
 * The group poster (群海报) for a campaign: a PNG an operator or leader posts in the group, with the
 * campaign's cover, title, lowest price, deadline and the QR code of the group's link. The layout
 * is a pure function of the texts and a text-measuring callback (unit-tested); drawing is a thin
 * loop over it on a canvas, with the QR code made in the browser by the `qrcode` package.
 */
import QRCode from 'qrcode';
import { formatFen } from '../../../../shared/money';

/** Measures the width of `text` in CSS pixels when drawn in `font` (a canvas font string). */
export type Measure = (text: string, font: string) => number;

const FAMILY = `"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Helvetica Neue", Arial, sans-serif`;
export const FONTS = {
  brand: `600 15px ${FAMILY}`,
  group: `400 12px ${FAMILY}`,
  title: `700 21px ${FAMILY}`,
  price: `700 28px ${FAMILY}`,
  deadline: `500 14px ${FAMILY}`,
  caption: `700 16px ${FAMILY}`,
  sub: `400 12px ${FAMILY}`,
} as const;

export const COLORS = {
  headerFrom: '#ff7a45',
  headerTo: '#d4380d',
  background: '#fff4ec',
  card: '#ffffff',
  text: '#1f1f1f',
  muted: '#8c8c8c',
  onBrand: '#ffffff',
  accent: '#d4380d',
  line: '#ffd8bf',
} as const;

export const POSTER_WIDTH = 360;
const PAD = 20;
const HEADER = 64;
const COVER_HEIGHT = 200;
const QR_SIZE = 168;

/** Lowest item price of a campaign, and whether other items cost more ("起" / "from"). */
export function priceFrom(items: Array<{ priceFen: number }>): { fen: number; from: boolean } | null {
  if (items.length === 0) return null;
  const prices = items.map((i) => i.priceFen);
  const low = Math.min(...prices);
  return { fen: low, from: prices.some((p) => p !== low) };
}

/** "¥59.90" alone, or inside the "from" template of the UI language. */
export function priceText(items: Array<{ priceFen: number }>, fromTemplate: (price: string) => string): string | null {
  const p = priceFrom(items);
  if (!p) return null;
  return p.from ? fromTemplate(formatFen(p.fen)) : formatFen(p.fen);
}

/**
 * The deadline in China time, as members in the group read it, whatever the operator's own clock:
 * "5月3日 20:00" in Chinese, "May 3, 20:00" in English.
 */
export function chinaDeadline(iso: string, lang: 'zh-CN' | 'en'): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  // China keeps UTC+8 all year.
  const d = new Date(ms + 8 * 3_600_000);
  const time = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return lang === 'en' ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${time}` : `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${time}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const ELLIPSIS = '…';

/** Breakable pieces: a run of Latin letters or digits (with its spaces) stays whole; anything else is one character. */
function pieces(text: string): string[] {
  return text.match(/[A-Za-z0-9'’.,:;!?%&@#$¥+\-/]+\s*|\s+|./gsu) ?? [];
}

/**
 * Wraps `text` into at most `maxLines` lines no wider than `maxWidth`, breaking between Chinese
 * characters or between words (a word longer than a line is cut). Text that does not fit ends "…".
 */
export function wrapLines(text: string, maxWidth: number, measure: Measure, font: string, maxLines: number): string[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean || maxLines < 1) return [];
  const fits = (s: string) => measure(s, font) <= maxWidth;
  const lines: string[] = [];
  let line = '';
  let overflow = false;
  const chars = pieces(clean).flatMap((p) => (fits(p.trimEnd()) ? [p] : Array.from(p)));
  for (const piece of chars) {
    if (fits((line + piece).trimEnd())) {
      line += piece;
      continue;
    }
    if (line.trim()) lines.push(line.trimEnd());
    if (lines.length === maxLines) {
      overflow = true;
      break;
    }
    line = piece.trimStart();
  }
  if (!overflow && line.trim()) lines.push(line.trimEnd());
  if (overflow) {
    let last = lines[maxLines - 1] ?? '';
    while (last && !fits(last + ELLIPSIS)) last = Array.from(last).slice(0, -1).join('');
    lines[maxLines - 1] = last.trimEnd() + ELLIPSIS;
  }
  return lines.slice(0, maxLines);
}

export interface PosterInput {
  brand: string;
  groupName: string;
  title: string;
  /** "¥59.90 起", or null when the campaign has no items. */
  price: string | null;
  /** "5月3日 20:00 截单" */
  deadline: string;
  /** "扫码参团" */
  caption: string;
  /** "长按识别二维码，下单自动记到本群" */
  sub: string;
  hasCover: boolean;
}

export interface PosterText {
  text: string;
  x: number;
  y: number;
  font: string;
  color: string;
  align: 'left' | 'center' | 'right';
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PosterLayout {
  width: number;
  height: number;
  header: Box;
  cover: Box | null;
  card: Box & { radius: number };
  qr: { x: number; y: number; size: number };
  divider: { x1: number; x2: number; y: number };
  texts: PosterText[];
}

/**
 * Where everything goes, in CSS pixels (the canvas is drawn at a multiple). The height grows with
 * the title (one to three lines) and the cover; `y` of a text is its baseline.
 */
export function posterLayout(input: PosterInput, measure: Measure): PosterLayout {
  const W = POSTER_WIDTH;
  const texts: PosterText[] = [];
  const header: Box = { x: 0, y: 0, width: W, height: HEADER };
  const brand = wrapLines(input.brand, W / 2 - PAD, measure, FONTS.brand, 1)[0] ?? '';
  texts.push({ text: brand, x: PAD + 38, y: 38, font: FONTS.brand, color: COLORS.onBrand, align: 'left' });
  const group = wrapLines(input.groupName, W / 2 - PAD - 8, measure, FONTS.group, 1)[0] ?? '';
  texts.push({ text: group, x: W - PAD, y: 37, font: FONTS.group, color: COLORS.onBrand, align: 'right' });

  const cover = input.hasCover ? { x: 0, y: HEADER, width: W, height: COVER_HEIGHT } : null;
  const card = { x: 12, y: (cover ? cover.y + cover.height : HEADER) - (cover ? 20 : 0) + 12, width: W - 24, height: 0, radius: 14 };
  const inner = card.width - 2 * 16;
  const left = card.x + 16;
  let y = card.y + 36;
  for (const line of wrapLines(input.title, inner, measure, FONTS.title, 3)) {
    texts.push({ text: line, x: left, y, font: FONTS.title, color: COLORS.text, align: 'left' });
    y += 29;
  }
  y -= 29;
  if (input.price) {
    y += 42;
    texts.push({ text: wrapLines(input.price, inner, measure, FONTS.price, 1)[0] ?? '', x: left, y, font: FONTS.price, color: COLORS.accent, align: 'left' });
  }
  y += 28;
  texts.push({ text: wrapLines(input.deadline, inner, measure, FONTS.deadline, 1)[0] ?? '', x: left, y, font: FONTS.deadline, color: COLORS.muted, align: 'left' });
  y += 20;
  const divider = { x1: left, x2: card.x + card.width - 16, y };
  y += 22;
  const qr = { x: Math.round(W / 2 - QR_SIZE / 2), y, size: QR_SIZE };
  y += QR_SIZE + 30;
  texts.push({ text: wrapLines(input.caption, inner, measure, FONTS.caption, 1)[0] ?? '', x: W / 2, y, font: FONTS.caption, color: COLORS.accent, align: 'center' });
  y += 22;
  texts.push({ text: wrapLines(input.sub, inner, measure, FONTS.sub, 1)[0] ?? '', x: W / 2, y, font: FONTS.sub, color: COLORS.muted, align: 'center' });
  card.height = y + 22 - card.y;
  return { width: W, height: card.y + card.height + 16, header, cover, card, qr, divider, texts };
}

function loadImage(src: string, crossOrigin: boolean, timeoutMs = 6000): Promise<HTMLImageElement | null> {
  return new Promise((resolve) => {
    const img = new Image();
    if (crossOrigin) img.crossOrigin = 'anonymous';
    const timer = setTimeout(() => resolve(null), timeoutMs);
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

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

/** Draws `img` to fill `box`, cropping the longer side (CSS object-fit: cover). */
function drawCover(ctx: CanvasRenderingContext2D, img: HTMLImageElement, box: Box) {
  const scale = Math.max(box.width / img.naturalWidth, box.height / img.naturalHeight);
  const sw = box.width / scale;
  const sh = box.height / scale;
  ctx.drawImage(img, (img.naturalWidth - sw) / 2, (img.naturalHeight - sh) / 2, sw, sh, box.x, box.y, box.width, box.height);
}

/**
 * Draws the poster and answers it as a PNG data URL. The cover is loaded with CORS so the canvas
 * stays exportable; a cover that cannot be loaded that way is left out rather than spoiling the
 * picture. `scale` 3 gives a 1080-px-wide image.
 */
export async function renderPoster(input: Omit<PosterInput, 'hasCover'> & { url: string; coverUrl: string | null }, scale = 3): Promise<string> {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2d is not available');
  if (document.fonts?.ready) await document.fonts.ready;
  const [qrImage, coverImage] = await Promise.all([
    QRCode.toDataURL(input.url, { margin: 1, width: QR_SIZE * scale, errorCorrectionLevel: 'M' }).then((src) => loadImage(src, false)),
    input.coverUrl ? loadImage(input.coverUrl, true) : Promise.resolve(null),
  ]);
  if (!qrImage) throw new Error('the QR code could not be drawn');
  const measure: Measure = (text, font) => {
    ctx.font = font;
    return ctx.measureText(text).width;
  };
  const layout = posterLayout({ ...input, hasCover: Boolean(coverImage) }, measure);
  canvas.width = Math.round(layout.width * scale);
  canvas.height = Math.round(layout.height * scale);
  ctx.setTransform(scale, 0, 0, scale, 0, 0);

  ctx.fillStyle = COLORS.background;
  ctx.fillRect(0, 0, layout.width, layout.height);
  const band = ctx.createLinearGradient(0, 0, layout.width, layout.header.height);
  band.addColorStop(0, COLORS.headerFrom);
  band.addColorStop(1, COLORS.headerTo);
  ctx.fillStyle = band;
  ctx.fillRect(0, 0, layout.width, layout.header.height + (layout.cover ? 0 : 40));

  // The brand mark: a white rounded square with 团.
  roundRect(ctx, PAD, 18, 28, 28, 7);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.fillStyle = COLORS.accent;
  ctx.font = `700 16px ${FAMILY}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText('团', PAD + 14, 33);

  if (layout.cover && coverImage) drawCover(ctx, coverImage, layout.cover);

  const { card } = layout;
  ctx.save();
  ctx.shadowColor = 'rgba(0, 0, 0, 0.08)';
  ctx.shadowBlur = 14;
  ctx.shadowOffsetY = 3;
  roundRect(ctx, card.x, card.y, card.width, card.height, card.radius);
  ctx.fillStyle = COLORS.card;
  ctx.fill();
  ctx.restore();

  ctx.strokeStyle = COLORS.line;
  ctx.lineWidth = 1;
  ctx.setLineDash([4, 4]);
  ctx.beginPath();
  ctx.moveTo(layout.divider.x1, layout.divider.y);
  ctx.lineTo(layout.divider.x2, layout.divider.y);
  ctx.stroke();
  ctx.setLineDash([]);

  const { qr } = layout;
  roundRect(ctx, qr.x - 8, qr.y - 8, qr.size + 16, qr.size + 16, 10);
  ctx.strokeStyle = COLORS.line;
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
  return canvas.toDataURL('image/png');
}

/** Saves a data URL as a file. */
export function downloadDataUrl(dataUrl: string, filename: string): void {
  const a = document.createElement('a');
  a.href = dataUrl;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** A file name for a group's poster: letters, digits and CJK kept. */
export function posterFilename(title: string, groupName: string): string {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `${[safe(title), safe(groupName)].filter(Boolean).join('-') || 'poster'}.png`;
}
