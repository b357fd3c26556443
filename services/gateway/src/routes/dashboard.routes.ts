import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ServiceApp } from '@tradeplane/kit';

/**
 * The web dashboard (apps/dashboard, a Vite build) as static files at `/`, in every mode:
 * - `index.html` at `/`, revalidated on every load (`no-cache` + ETag), with a CSP;
 * - Vite's content-hashed files under `/assets/` cached for a year (`immutable`);
 * - any other GET that asks for HTML and is not an API path gets index.html (the dashboard routes
 *   in the browser: `/portfolio`, `/market/AAPL` survive a reload);
 * - API-looking paths, missing files and non-HTML requests keep the usual 404 problem+json.
 * No authentication and no rate limit: these are public files (no `edge`, no `rateLimit` config).
 * Paths are resolved inside the build folder only (no traversal, no dotfiles). When the dashboard
 * is not built, `/` answers a short page that says how to build it.
 */

/** Paths the dashboard never answers: the API surfaces and the gateway's own endpoints. */
const RESERVED = ['/v1', '/alpaca', '/docs', '/health', '/metrics', '/openapi.json', '/.well-known'];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Vite's output names: `index-DirQndug.js`, `index-EVuI1KY0.css` (an 8-character content hash). */
const HASHED = /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

/**
 * apps/dashboard/dist of this repository, found from this file's location (it runs from
 * services/gateway/src under tsx and from dist/ when bundled), or relative to the working
 * directory. `DASHBOARD_DIR` overrides it.
 */
export function dashboardDir(configured?: string): string {
  if (configured) return resolve(configured);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'apps', 'dashboard', 'package.json')))
      return join(dir, 'apps', 'dashboard', 'dist');
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return resolve('apps', 'dashboard', 'dist');
}

function csp(req: FastifyRequest): string {
  const host = req.headers.host && /^[A-Za-z0-9.\-:[\]]+$/.test(req.headers.host) ? req.headers.host : '';
  const ws = host ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${ws}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const notFound = (req: FastifyRequest) =>
  new AppError('NOT_FOUND', 404, `No route for ${req.method} ${req.url.split('?')[0]}`);

function notBuiltPage(dir: string): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tradeplane: dashboard not built</title>
<style>body{font:15px/1.5 system-ui,sans-serif;background:#0b0f14;color:#d7dee7;max-width:640px;margin:10vh auto;padding:0 20px}
code{background:#161c25;padding:2px 6px;border-radius:4px}a{color:#4aa3ff}</style></head>
<body><h1>The dashboard is not built</h1>
<p>The API is up; the web dashboard's files were not found in <code>${esc(dir)}</code>.</p>
<p>Build it from the repository root with <code>npm run build</code> (or <code>npm start</code>, which builds what is out of date),
or set <code>DASHBOARD_DIR</code> to a built copy. For development, <code>npm run dev -w @tradeplane/dashboard</code> serves it on port 3000.</p>
<p>Meanwhile: <a href="/docs">API documentation</a> · <a href="/health">platform health</a>.</p></body></html>`;
}

async function fileAt(
  root: string,
  urlPath: string,
): Promise<{ path: string; size: number; mtimeMs: number } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((seg) => seg.startsWith('.'))) return null;
  const full = resolve(root, '.' + decoded);
  if (full !== root && !full.startsWith(root + sep)) return null;
  try {
    const s = await stat(full);
    return s.isFile() ? { path: full, size: s.size, mtimeMs: s.mtimeMs } : null;
  } catch {
    return null;
  }
}

function send(
  req: FastifyRequest,
  reply: FastifyReply,
  file: { path: string; size: number; mtimeMs: number },
  cacheControl: string,
) {
  const etag = `W/"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;
  void reply
    .header('content-type', TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream')
    .header('cache-control', cacheControl)
    .header('etag', etag)
    .header('last-modified', new Date(file.mtimeMs).toUTCString());
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  void reply.header('content-length', file.size);
  return reply.code(200).send(createReadStream(file.path));
}

export async function dashboardRoutes(app: ServiceApp, configuredDir?: string): Promise<void> {
  const root = dashboardDir(configuredDir);
  const sendIndex = async (req: FastifyRequest, reply: FastifyReply) => {
    const index = await fileAt(root, '/index.html');
    if (!index)
      return reply
        .code(503)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(notBuiltPage(root));
    void reply.header('content-security-policy', csp(req));
    return send(req, reply, index, 'no-cache');
  };

  app.get(
    '/*',
    { config: { auth: 'public' }, schema: { hide: true } },
    async (req: FastifyRequest, reply: FastifyReply) => {
      const path = req.url.split('?')[0]!;
      if (RESERVED.some((p) => path === p || path.startsWith(`${p}/`))) throw notFound(req);
      if (path === '/' || path === '/index.html') return sendIndex(req, reply);
      const file = await fileAt(root, path);
      if (file) {
        const immutable = path.startsWith('/assets/') && HASHED.test(path);
        return send(
          req,
          reply,
          file,
          immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
        );
      }
      // A missing file (it has an extension) is a 404; a page path that asks for HTML is the app's.
      const wantsHtml = (req.headers.accept ?? '').includes('text/html');
      if (extname(path) || !wantsHtml) throw notFound(req);
      return sendIndex(req, reply);
    },
  );
}
