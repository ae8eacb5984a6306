import { ApiError, toQueryString, type Problem, type Query } from '../../../shared/http';
import { currentLanguage } from '../i18n';

/**
 * POSTs a file as the raw request body (not multipart), as the member import takes it, with the
 * file's content type. Errors come back as `ApiError` like every other call.
 */
export async function postFile<T>(path: string, file: Blob, contentType: string, query?: Query): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}${toQueryString(query)}`, {
      method: 'POST',
      credentials: 'include',
      headers: { Accept: 'application/json', 'Accept-Language': currentLanguage(), 'Content-Type': contentType },
      body: file,
    });
  } catch (err) {
    throw new ApiError({ status: 0, code: 'network', detail: err instanceof Error ? err.message : String(err) });
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    throw new ApiError(data && typeof data === 'object' ? { ...(data as Partial<Problem>), status: res.status } : { status: res.status, title: res.statusText });
  }
  return data as T;
}
