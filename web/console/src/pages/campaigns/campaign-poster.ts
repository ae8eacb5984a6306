/**
 * The group poster (群海报) for a campaign: a PNG an operator or leader posts in the group, with the
 * campaign's cover, title, lowest price, deadline and the QR code of the group's link. The layout
 * is a pure function of the texts and a text-measuring callback (unit-tested); drawing is a thin
 * loop over it on a canvas, with the QR code made in the browser by the `qrcode` package. Text
 * wrapping and the canvas helpers are shared with the member pages' poster (web/shared/poster.ts).
 */
import QRCode from 'qrcode';
import { formatFen } from '../../../../shared/money';
import {
  downloadHref,
  drawBrandMark,
  drawCard,
  drawQr,
  drawTexts,
  fitLine,
  loadImage,
  posterContext,
  posterFont,
  sizeCanvas,
  wrapText,
  type Measure,
  type PosterText,
} from '../../../../shared/poster';

export type { Measure, PosterText } from '../../../../shared/poster';

export const FONTS = {
  brand: posterFont(600, 15),
  group: posterFont(400, 12),
  title: posterFont(700, 21),
  price: posterFont(700, 28),
  deadline: posterFont(500, 14),
  caption: posterFont(700, 16),
  sub: posterFont(400, 12),
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
const IMAGE_TIMEOUT_MS = 6000;

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

/**
 * Wraps `text` into at most `maxLines` lines no wider than `maxWidth` (see `wrapText` in
 * web/shared/poster.ts): breaks between CJK characters or words, and ends "…" when it does not fit.
 */
export const wrapLines = wrapText;

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
  const brand = fitLine(input.brand, W / 2 - PAD, measure, FONTS.brand);
  texts.push({ text: brand, x: PAD + 38, y: 38, font: FONTS.brand, color: COLORS.onBrand, align: 'left' });
  const group = fitLine(input.groupName, W / 2 - PAD - 8, measure, FONTS.group);
  texts.push({ text: group, x: W - PAD, y: 37, font: FONTS.group, color: COLORS.onBrand, align: 'right' });

  const cover = input.hasCover ? { x: 0, y: HEADER, width: W, height: COVER_HEIGHT } : null;
  const card = { x: 12, y: (cover ? cover.y + cover.height : HEADER) - (cover ? 20 : 0) + 12, width: W - 24, height: 0, radius: 14 };
  const inner = card.width - 2 * 16;
  const left = card.x + 16;
  let y = card.y + 36;
  for (const line of wrapText(input.title, inner, measure, FONTS.title, 3)) {
    texts.push({ text: line, x: left, y, font: FONTS.title, color: COLORS.text, align: 'left' });
    y += 29;
  }
  y -= 29;
  if (input.price) {
    y += 42;
    texts.push({ text: fitLine(input.price, inner, measure, FONTS.price), x: left, y, font: FONTS.price, color: COLORS.accent, align: 'left' });
  }
  y += 28;
  texts.push({ text: fitLine(input.deadline, inner, measure, FONTS.deadline), x: left, y, font: FONTS.deadline, color: COLORS.muted, align: 'left' });
  y += 20;
  const divider = { x1: left, x2: card.x + card.width - 16, y };
  y += 22;
  const qr = { x: Math.round(W / 2 - QR_SIZE / 2), y, size: QR_SIZE };
  y += QR_SIZE + 30;
  texts.push({ text: fitLine(input.caption, inner, measure, FONTS.caption), x: W / 2, y, font: FONTS.caption, color: COLORS.accent, align: 'center' });
  y += 22;
  texts.push({ text: fitLine(input.sub, inner, measure, FONTS.sub), x: W / 2, y, font: FONTS.sub, color: COLORS.muted, align: 'center' });
  card.height = y + 22 - card.y;
  return { width: W, height: card.y + card.height + 16, header, cover, card, qr, divider, texts };
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
  const { ctx, measure } = await posterContext(canvas);
  const [qrImage, coverImage] = await Promise.all([
    QRCode.toDataURL(input.url, { margin: 1, width: QR_SIZE * scale, errorCorrectionLevel: 'M' }).then((src) => loadImage(src, { timeoutMs: IMAGE_TIMEOUT_MS })),
    input.coverUrl ? loadImage(input.coverUrl, { crossOrigin: true, timeoutMs: IMAGE_TIMEOUT_MS }) : Promise.resolve(null),
  ]);
  if (!qrImage) throw new Error('the QR code could not be drawn');
  const layout = posterLayout({ ...input, hasCover: Boolean(coverImage) }, measure);
  sizeCanvas(ctx, layout.width, layout.height, scale, COLORS.background);

  const band = ctx.createLinearGradient(0, 0, layout.width, layout.header.height);
  band.addColorStop(0, COLORS.headerFrom);
  band.addColorStop(1, COLORS.headerTo);
  ctx.fillStyle = band;
  ctx.fillRect(0, 0, layout.width, layout.header.height + (layout.cover ? 0 : 40));

  drawBrandMark(ctx, { x: PAD, y: 18, size: 28 }, COLORS.accent);

  if (layout.cover && coverImage) drawCover(ctx, coverImage, layout.cover);

  drawCard(ctx, layout.card, { blur: 14, offsetY: 3 }, COLORS.card);

  ctx.strokeStyle = COLORS.line;
  ctx.lineWidth = 1;
  ctx.setLineDash([4, 4]);
  ctx.beginPath();
  ctx.moveTo(layout.divider.x1, layout.divider.y);
  ctx.lineTo(layout.divider.x2, layout.divider.y);
  ctx.stroke();
  ctx.setLineDash([]);

  drawQr(ctx, qrImage, layout.qr, COLORS.line);
  drawTexts(ctx, layout.texts);
  return canvas.toDataURL('image/png');
}

/** Saves a data URL as a file. */
export function downloadDataUrl(dataUrl: string, filename: string): void {
  downloadHref(dataUrl, filename);
}

/** A file name for a group's poster: letters, digits and CJK kept. */
export function posterFilename(title: string, groupName: string): string {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `${[safe(title), safe(groupName)].filter(Boolean).join('-') || 'poster'}.png`;
}
