/**
 * The share poster (分享海报): a picture a member saves and posts in a chat group, with the brand, the
 * campaign, its price and the QR code of their referral link. Drawn on a canvas with no library: the
 * layout is a pure function of the texts and a text-measuring callback, so it is unit-tested; the
 * drawing itself is a thin loop over it. Text wrapping and the canvas helpers are shared with the
 * console's group poster (web/shared/poster.ts).
 */
import {
  drawBrandMark,
  drawCard,
  drawQr,
  drawTexts,
  downloadHref,
  fitLine,
  loadImage,
  posterContext,
  posterFont,
  sizeCanvas,
  svgDataUrl,
  wrapText,
  type Measure,
  type PosterText,
} from '../../shared/poster';

export { svgDataUrl, wrapText, type Measure, type PosterText } from '../../shared/poster';

export const POSTER_FONTS = {
  brand: posterFont(600, 15),
  title: posterFont(700, 24),
  price: posterFont(700, 28),
  invite: posterFont(500, 16),
  caption: posterFont(700, 17),
  sub: posterFont(400, 13),
  footer: posterFont(400, 12),
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

  const brand = fitLine(input.brand, inner - logo.size - 10, measure, POSTER_FONTS.brand);
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
    const price = fitLine(input.price, inner, measure, POSTER_FONTS.price);
    texts.push({ text: price, x: PAD, y, font: POSTER_FONTS.price, color: POSTER_COLORS.price, align: 'left' });
  }
  const headerHeight = y + 56;

  const card = { x: 16, y: headerHeight - 28, width: W - 32, height: 0, radius: 16 };
  const cx = W / 2;
  let cy = card.y + 40;
  const invite = fitLine(input.invite, card.width - 32, measure, POSTER_FONTS.invite);
  texts.push({ text: invite, x: cx, y: cy, font: POSTER_FONTS.invite, color: POSTER_COLORS.text, align: 'center' });
  cy += 18;
  const qr = { x: Math.round(cx - QR_SIZE / 2), y: cy, size: QR_SIZE };
  cy += QR_SIZE + 32;
  const caption = fitLine(input.caption, card.width - 32, measure, POSTER_FONTS.caption);
  texts.push({ text: caption, x: cx, y: cy, font: POSTER_FONTS.caption, color: POSTER_COLORS.accent, align: 'center' });
  cy += 24;
  const sub = fitLine(input.sub, card.width - 32, measure, POSTER_FONTS.sub);
  texts.push({ text: sub, x: cx, y: cy, font: POSTER_FONTS.sub, color: POSTER_COLORS.muted, align: 'center' });
  card.height = cy + 24 - card.y;

  const footerY = card.y + card.height + 30;
  const footer = fitLine(input.footer, inner, measure, POSTER_FONTS.footer);
  texts.push({ text: footer, x: cx, y: footerY, font: POSTER_FONTS.footer, color: POSTER_COLORS.muted, align: 'center' });

  return { width: W, height: footerY + 20, headerHeight, card, qr, logo, texts };
}

/**
 * Draws the poster on `canvas` at `scale` device pixels per CSS pixel (3 gives a sharp 1080-px-wide
 * picture) and resolves once the QR code is on it. Only the server's SVG QR code is drawn as an
 * image, from a data URL, so the canvas stays exportable (`toBlob`).
 */
export async function drawPoster(canvas: HTMLCanvasElement, input: PosterInput, qrSvg: string, scale = 3): Promise<PosterLayout> {
  const { ctx, measure } = await posterContext(canvas);
  const qrImage = await loadImage(svgDataUrl(qrSvg, QR_SIZE * scale));
  if (!qrImage) throw new Error('image failed to load');
  const layout = posterLayout(input, measure);
  sizeCanvas(ctx, layout.width, layout.height, scale, POSTER_COLORS.background);

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

  drawBrandMark(ctx, layout.logo, POSTER_COLORS.headerMid);
  drawCard(ctx, layout.card, { blur: 16, offsetY: 4 });
  drawQr(ctx, qrImage, layout.qr, '#ffd8bf');
  drawTexts(ctx, layout.texts);
  return layout;
}

/** The canvas as a PNG file download ("save poster"); resolves false when the browser cannot. */
export function downloadCanvas(canvas: HTMLCanvasElement, filename: string): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      canvas.toBlob((blob) => {
        if (!blob) return resolve(false);
        const url = URL.createObjectURL(blob);
        downloadHref(url, filename);
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        resolve(true);
      }, 'image/png');
    } catch {
      resolve(false);
    }
  });
}
