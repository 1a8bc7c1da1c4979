// Who may talk to web mode's server. Host must name this server on the loopback (defeats DNS
// rebinding: a page of another site resolved to 127.0.0.1 still sends its own Host); Origin must be
// absent (non-browser clients) or the app's own (defeats cross-site no-cors POSTs and cross-origin
// WebSockets). The token travels in a header or an HttpOnly SameSite=Strict cookie set by the first
// page load, never in image URLs or the address bar.
import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

export const TOKEN_HEADER = 'x-smart-album-token';
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** One cookie per port: cookies do not tell ports apart, and two servers may run side by side. */
export const cookieName = (port: number) => `smart-album-token-${port}`;

export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Why this request is refused (403), or null when its Host and Origin are this server's. */
export function refusal(req: http.IncomingMessage, port: number): string | null {
  // browsers leave out the default port
  const allowed = LOOPBACK_NAMES.flatMap((h) => (port === 80 ? [`${h}:80`, h] : [`${h}:${port}`]));
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowed.includes(host)) {
    const was = host || 'no host';
    return `Smart Album answers only requests addressed to http://127.0.0.1:${port} (this one was for "${was}"). Open the address Smart Album printed.`;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowed.some((h) => origin.toLowerCase() === `http://${h}`)) {
    return `Smart Album refuses requests made by other web pages (origin "${origin}"). Open the address Smart Album printed.`;
  }
  return null;
}

function cookie(req: http.IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function sameToken(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

/** The header (API clients) or the cookie (the page, its images and its WebSocket). */
export function authorised(req: http.IncomingMessage, port: number, token: string): boolean {
  const header = req.headers[TOKEN_HEADER];
  return sameToken(typeof header === 'string' ? header : null, token) || sameToken(cookie(req, cookieName(port)), token);
}

/** The path decoded, or null when its %-encoding is malformed (400, not a crash). */
export function decodedPath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}
