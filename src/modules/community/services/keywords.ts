/**
 * Keyword matching for chat moderation. Spammers write 加 微 信 or ＶＸ to slip past a filter, so
 * text and keyword are both folded: Unicode NFKC (full-width to half-width), lower case, and with
 * whitespace and common separators removed.
 */
export function foldForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u200b-\u200d\ufeff.,，。·•_\-*~|/\\'"`]+/g, '');
}

export interface KeywordRule {
  id: string;
  keyword: string;
  action: 'block' | 'warn';
}

/** The rules whose keyword occurs in the text, and the action they add up to (block beats warn). */
export function matchKeywords(text: string, rules: KeywordRule[]): { action: 'allow' | 'warn' | 'block'; matches: KeywordRule[] } {
  const folded = foldForMatch(text);
  const matches = rules.filter((r) => {
    const k = foldForMatch(r.keyword);
    return k.length > 0 && folded.includes(k);
  });
  const action = matches.some((m) => m.action === 'block') ? 'block' : matches.length ? 'warn' : 'allow';
  return { action, matches };
}
