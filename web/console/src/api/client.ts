import { createHttpClient } from '../../../shared/http';
import { currentLanguage } from '../i18n';

let unauthorizedHandler: (() => void) | undefined;

/** Lets the session layer react when any call finds the session gone. */
export function onUnauthorized(handler: (() => void) | undefined): void {
  unauthorizedHandler = handler;
}

const http = createHttpClient(currentLanguage, () => unauthorizedHandler?.());

/** The console's API client: `/api/v1`, cookie session, Accept-Language = UI language. */
export const api = http;

export { ApiError, toQueryString, type Page, type Problem, type Query } from '../../../shared/http';
