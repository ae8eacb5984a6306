import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { renderMarkdown } from '../../../shared/markdown';

/**
 * Markdown (a campaign description) rendered safely: raw HTML is escaped and links open in a new
 * tab (see shared/markdown.ts). With `foldAt` (px) a long text is folded with 展开/收起.
 */
export function MarkdownView(props: { source: string; foldAt?: number; className?: string; 'data-testid'?: string }) {
  const { source, foldAt } = props;
  const { t } = useTranslation();
  const html = useMemo(() => renderMarkdown(source), [source]);
  const body = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [overflows, setOverflows] = useState(false);

  // Folded, the box has a max-height; images change the height when they arrive (their load
  // event does not bubble, so listen while capturing).
  useLayoutEffect(() => {
    const el = body.current;
    if (!el || !foldAt || open) return;
    const measure = () => setOverflows(el.scrollHeight > el.clientHeight + 1);
    measure();
    el.addEventListener('load', measure, true);
    return () => el.removeEventListener('load', measure, true);
  }, [html, foldAt, open]);

  const folded = Boolean(foldAt) && !open;
  return (
    <div className={props.className} data-testid={props['data-testid']}>
      <div
        ref={body}
        className={`markdown-body${folded && overflows ? ' markdown-faded' : ''}`}
        style={folded ? { maxHeight: foldAt, overflow: 'hidden' } : undefined}
        dangerouslySetInnerHTML={{ __html: html }}
      />
      {foldAt && (overflows || open) ? (
        <Typography.Link onClick={() => setOpen((v) => !v)} aria-expanded={open} style={{ fontSize: 13 }}>
          {open ? t('common.collapse') : t('common.expand')}
        </Typography.Link>
      ) : null}
    </div>
  );
}
