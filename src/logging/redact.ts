/** Query parameters whose values are secrets: access_token, api_key, password, signature, … */
const SECRET_PARAMETER = /token|secret|passw|pwd|api[-_]?key|signature|credential|session|auth/i;
const USER_INFO = /^([a-z][\w+.-]*:\/\/)[^@/?#]*@/i;

export const REDACTED = '[redacted]';

/**
 * A URL (absolute, or a request's path and query) fit for a log line or a public answer: no
 * user-info (`user:password@`), and the value of every secret-looking query parameter replaced.
 */
export function redactUrl(url: string): string {
  const withoutUserInfo = url.replace(USER_INFO, '$1');
  const queryAt = withoutUserInfo.indexOf('?');
  if (queryAt < 0) return withoutUserInfo;
  const [query, fragment] = splitOnce(withoutUserInfo.slice(queryAt + 1), '#');
  const redacted = query
    .split('&')
    .map((pair) => {
      const [name] = splitOnce(pair, '=');
      return SECRET_PARAMETER.test(safeDecode(name)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${withoutUserInfo.slice(0, queryAt)}?${redacted}${fragment === undefined ? '' : `#${fragment}`}`;
}

/** True when the URL carries a user name or password. */
export function hasUserInfo(url: string): boolean {
  return USER_INFO.test(url);
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
