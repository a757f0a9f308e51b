import { HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isIP } from 'node:net';
import { ApiError } from '../common/api-error';
import { allowedHosts, AppConfig, corsOrigins, isLoopback } from '../config/app-config';

type Hook = (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => void;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '[::]']);

/** `name:port`, `[::1]:port` → `name`, `::1`. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  return h.replace(/:\d*$/, '');
}

/**
 * Which `Host` names this engine answers to. A browser page on another site can rebind its own
 * name to the engine's address (DNS rebinding); refusing names the engine does not own stops it.
 * IP literals cannot be rebound, so an engine bound to every interface answers to any of them.
 */
export function hostRule(config: Pick<AppConfig, 'HOST' | 'ALLOWED_HOSTS'>): (host: string) => boolean {
  const bind = hostName(config.HOST);
  const wildcard = WILDCARD_BINDS.has(config.HOST.trim());
  const exact = new Set(
    allowedHosts(config)
      .filter((h) => !h.startsWith('*.'))
      .map(hostName),
  );
  const suffixes = allowedHosts(config)
    .filter((h) => h.startsWith('*.'))
    .map((h) => h.slice(1));
  return (host) => {
    const name = hostName(host).replace(/\.$/, '');
    if (isLoopback(name) || name.endsWith('.localhost') || name === bind || exact.has(name)) return true;
    if (wildcard && isIP(name)) return true;
    return suffixes.some((suffix) => name.endsWith(suffix));
  };
}

/** Refuses (421) a request whose Host the engine does not answer to. A request without Host is not a browser's. */
export function checkHost(config: Pick<AppConfig, 'HOST' | 'ALLOWED_HOSTS'>): Hook {
  const allowed = hostRule(config);
  return (request, _reply, done) => {
    const host = request.headers.host;
    if (host === undefined || allowed(host)) return done();
    done(new ApiError(HttpStatus.MISDIRECTED, `This engine does not answer to the host name ${hostName(host)}; add it to ALLOWED_HOSTS to allow it`));
  };
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** True when the page that sent `origin` is served by the host the request went to. */
function isSameOrigin(origin: string, host: string | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, files) or garbage
  }
  const port = DEFAULT_PORTS[url.protocol];
  if (!port || host === undefined) return false;
  const withoutDefaultPort = (authority: string) =>
    authority
      .trim()
      .toLowerCase()
      .replace(new RegExp(`:${port}$`), '');
  return withoutDefaultPort(url.host) === withoutDefaultPort(host);
}

/**
 * Refuses (403) a state-changing request sent by a page of another site: its `Origin` is neither
 * the engine's own (the Host it was sent to) nor listed in CORS_ORIGINS. Calls without `Origin`
 * (curl, servers, a GUI's own backend) are not a browser's cross-site requests and pass.
 */
export function checkOrigin(config: Pick<AppConfig, 'CORS_ORIGINS'>): Hook {
  const listed = new Set(corsOrigins(config).map((origin) => origin.toLowerCase()));
  return (request, _reply, done) => {
    const origin = request.headers.origin;
    if (SAFE_METHODS.has(request.method) || origin === undefined || listed.has(origin.toLowerCase())) return done();
    if (isSameOrigin(origin, request.headers.host)) return done();
    done(new ApiError(HttpStatus.FORBIDDEN, `Changes from pages of another site (${origin}) are refused; list the site in CORS_ORIGINS to allow it`));
  };
}
