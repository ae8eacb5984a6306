import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type Render = (source: string) => string;

let loaded: Render | null = null;
let loading: Promise<Render> | null = null;

/**
 * The Markdown renderer (markdown-it, ~100 kB) is a chunk of its own that only the campaign page
 * asks for, so signing in and the other member pages never download it.
 */
function loadMarkdown(): Promise<Render> {
  loading ??= import('../../shared/markdown').then(
    (m) => (loaded = m.renderMarkdown),
    (err: unknown) => {
      loading = null; // let the next page visit try again
      throw err;
    },
  );
  return loading;
}

/**
 * Starts loading the renderer at once (call it early, before the data arrives, so the two downloads
 * overlap). Gives the renderer, `null` while it loads, or `false` if it could not be loaded.
 */
export function useMarkdown(): Render | null | false {
  const [render, setRender] = useState<Render | null | false>(() => loaded);
  useEffect(() => {
    if (loaded) return;
    let cancelled = false;
    loadMarkdown().then(
      (r) => !cancelled && setRender(() => r),
      () => !cancelled && setRender(false),
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return render;
}

/**
 * A campaign description: rendered Markdown (`render` from {@link useMarkdown}), folded to a few
 * lines with 展开/收起 when it is longer. Plain text if the renderer failed to load; nothing while
 * it is still loading (it normally arrives before the campaign does).
 */
export function MarkdownDescription({ source, render }: { source: string; render: Render | null | false }) {
  const { t } = useTranslation('member');
  const html = useMemo(() => (render ? render(source) : ''), [render, source]);
  const body = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [overflows, setOverflows] = useState(false);

  // Folded, the box has a max-height: it overflows when the content is taller. Images change the
  // height when they arrive (their load event does not bubble, so listen while capturing).
  useLayoutEffect(() => {
    const el = body.current;
    if (!el || open) return;
    const measure = () => setOverflows(el.scrollHeight > el.clientHeight + 1);
    measure();
    el.addEventListener('load', measure, true);
    return () => el.removeEventListener('load', measure, true);
  }, [html, open]);

  if (render === null) return null;
  const folded = !open && overflows;
  return (
    <div className="m-description" data-testid="campaign-description">
      {render ? (
        <div
          ref={body}
          className={`m-md${open ? '' : ' m-md-fold'}${folded ? ' m-md-faded' : ''}`}
          dangerouslySetInnerHTML={{ __html: html }}
        />
      ) : (
        <div ref={body} className={`m-md m-md-plain${open ? '' : ' m-md-fold'}${folded ? ' m-md-faded' : ''}`}>
          {source}
        </div>
      )}
      {(overflows || open) && (
        <button type="button" className="m-inline-button m-md-toggle" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
          {open ? t('common.collapse') : t('common.expand')}
        </button>
      )}
    </div>
  );
}
