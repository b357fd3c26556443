import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '@tradeplane/kit/testing';
import { gatewayService } from '../src/app.ts';
import { dashboardDir } from '../src/routes/dashboard.routes.ts';

/** The dashboard's static files at `/`: a fake Vite build in a temporary folder (DASHBOARD_DIR). */
describe('gateway: dashboard static files', () => {
  let gw: TestService;
  let dir: string;
  const INDEX =
    '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-AbCd1234.js"></script></body></html>';
  const JS = 'console.log("dashboard")';

  beforeAll(async () => {
    const base = mkdtempSync(join(tmpdir(), 'tradeplane-dashboard-'));
    dir = join(base, 'dist');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-AbCd1234.js'), JS);
    writeFileSync(join(dir, 'assets', 'index-AbCd1234.css'), 'body{}');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, '.env'), 'SECRET=1');
    writeFileSync(join(base, 'outside.txt'), 'not public');
    gw = await startTestService(gatewayService as never, {
      env: {
        DASHBOARD_DIR: dir,
        IDENTITY_URL: 'http://127.0.0.1:1',
        CONTROL_URL: 'http://127.0.0.1:1',
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2',
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    gw.service.app.inject({ method: 'GET', url, headers });

  it('serves index.html at / with no-cache, an ETag and a CSP', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).toBe(INDEX);
    const again = await get('/', { 'if-none-match': String(res.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('serves hashed assets with a long immutable cache and the right content type', async () => {
    const js = await get('/assets/index-AbCd1234.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.body).toBe(JS);
    const css = await get('/assets/index-AbCd1234.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const svg = await get('/favicon.svg');
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('answers page paths that ask for HTML with index.html (the browser routes them)', async () => {
    for (const path of ['/portfolio', '/market/AAPL?tf=1Day', '/trade']) {
      const res = await get(path, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
      expect(res.statusCode, path).toBe(200);
      expect(res.body).toBe(INDEX);
    }
  });

  it('keeps 404 problem+json for API paths, missing files and non-HTML requests', async () => {
    for (const [path, accept] of [
      ['/v1/nothing-here', 'text/html'],
      ['/assets/missing-12345678.js', 'text/html'],
      ['/portfolio', 'application/json'],
      ['/docs/openapi/nope.json', 'text/html'],
    ] as const) {
      const res = await get(path, { accept });
      expect(res.statusCode, path).toBe(404);
      expect(res.headers['content-type'], path).toContain('application/problem+json');
    }
    expect((await get('/nope')).json()).toMatchObject({
      code: 'NOT_FOUND',
      detail: 'No route for GET /nope',
    });
    // The Alpaca surface keeps answering in Alpaca's error shape.
    const alpaca = await get('/alpaca/v9/x', { accept: 'text/html' });
    expect(alpaca.statusCode).toBe(404);
    expect(alpaca.body).not.toBe(INDEX);
  });

  it('never serves files outside the build folder or dotfiles', async () => {
    for (const path of [
      '/../outside.txt',
      '/assets/../../outside.txt',
      '/%2e%2e/outside.txt',
      '/assets/%2e%2e/%2e%2e/outside.txt',
      '/.env',
      '/%2eenv',
      '/assets/%00.js',
    ]) {
      const res = await get(path, { accept: 'text/html' });
      expect(res.body, path).not.toContain('not public');
      expect(res.body, path).not.toContain('SECRET');
    }
  });

  it('is public: no credentials needed, no rate limit on static files', async () => {
    // The anonymous limit is 2 per minute here; static files are not counted against it.
    for (let i = 0; i < 5; i++) expect((await get('/assets/index-AbCd1234.js')).statusCode).toBe(200);
    expect((await get('/portfolio', { accept: 'text/html' })).statusCode).toBe(200);
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await gw.service.app.inject({ method: 'HEAD', url: '/assets/index-AbCd1234.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.body).toBe('');
  });

  it('finds apps/dashboard/dist of this repository by default; DASHBOARD_DIR overrides it', () => {
    expect(dashboardDir()).toMatch(/apps[/\\]dashboard[/\\]dist$/);
    expect(dashboardDir('some/where')).toMatch(/some[/\\]where$/);
  });
});

describe('gateway: dashboard not built', () => {
  let gw: TestService;
  beforeAll(async () => {
    gw = await startTestService(gatewayService as never, {
      env: {
        DASHBOARD_DIR: join(tmpdir(), 'tradeplane-no-such-dashboard'),
        IDENTITY_URL: 'http://127.0.0.1:1',
        CONTROL_URL: 'http://127.0.0.1:1',
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('answers / with a short page that says how to build it', async () => {
    const res = await gw.service.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('The dashboard is not built');
    expect(res.body).toContain('npm run build');
  });
});
