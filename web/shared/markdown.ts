import MarkdownIt from 'markdown-it';

/**
 * Campaign descriptions are Markdown (CommonMark plus linkified URLs; a single newline is a line
 * break, as people type in a textarea). Raw HTML is never passed through — `html: false` escapes
 * it — and markdown-it refuses `javascript:`, `vbscript:`, `file:` and most `data:` URLs, so the
 * result is safe to put in the page with `dangerouslySetInnerHTML`.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true });

// Links leave the page in a new tab, and the target learns nothing about us.
const renderLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token) {
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'noopener noreferrer');
  }
  return renderLinkOpen(tokens, idx, options, env, self);
};

/** Markdown source → HTML that is safe to inject (see above). Blank input gives ''. */
export function renderMarkdown(source: string): string {
  return source.trim() ? md.render(source) : '';
}
