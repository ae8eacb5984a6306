import { createHttpClient } from '../../shared/http';
import { currentLanguage } from './i18n';

/** Member pages' API client: same-origin cookie session, Accept-Language = UI language. */
export const api = createHttpClient(currentLanguage);

export interface MemberMe {
  actor: { type: 'user' | 'member' | 'token'; id: string; name: string; role: string; phone?: string };
  tenant: { id: string; slug: string; name: string };
}

/** 138****0001: members see their number masked on screen. */
export function maskPhone(phone: string | undefined): string {
  if (!phone) return '';
  const digits = phone.replace(/^\+?86/, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : digits;
}

export { ApiError } from '../../shared/http';
