/**
 * The fetcher's refusals, each with its reason: addresses that are not public (checked after DNS
 * and on every redirect), too many redirects, bodies over the size cap, a body slower than the
 * time limit, a type no converter reads. Names resolve through a resolver the test gives, so
 * nothing is sent off this machine; the only server is on 127.0.0.1, allowed explicitly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchRefusedError, safeFetch, type FetchOptions, type Resolver } from '../../src/app/safe-fetch.js';
import { redirect, serve, startWebServer, type WebServer } from '../support/web-server.js';

const PAGE = '<!doctype html><html lang="en"><head><title>Tram</title></head><body><p>The tram line opens in May.</p></body></html>';
const FIFTY_MB = 50_000_000;

/** Names this test knows; anything else does not resolve. */
const resolver: Resolver = async (hostname) => {
  const names: Record<string, string[]> = {
    'intranet.example': ['10.0.0.5'],
    'metadata.example': ['169.254.169.254'],
    // One public address and one private: refused, since a connection could get either.
    'mixed.example': ['93.184.216.34', '192.168.1.10'],
    'localhost.example': ['::1'],
  };
  const addresses = names[hostname];
  if (!addresses) throw new Error('ENOTFOUND');
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

let web: WebServer;
let options: FetchOptions;

beforeAll(async () => {
  web = await startWebServer({
    '/page': serve('text/html; charset=utf-8', PAGE),
    '/to-loopback': redirect('http://127.0.0.2/admin'),
    '/to-private': redirect('http://10.0.0.1/'),
    '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/'),
    '/to-intranet': redirect('http://intranet.example/wiki'),
    '/loop': redirect('/loop'),
    '/image': serve('image/png', new Uint8Array([0x89, 0x50, 0x4e, 0x47])),
    '/declared-50mb': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': FIFTY_MB });
      res.write('<html>');
    },
    // No length given: 50 MB streamed as long as the client reads.
    '/streamed-50mb': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(1 << 16, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < FIFTY_MB && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    },
    // Headers and a first line, then nothing more: the body never ends.
    '/slow': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html><body><p>The first words arrive, and then');
    },
  });
  options = { maxBytes: 25_000_000, timeoutMs: 10_000, maxRedirects: 3, allowedNetworks: ['127.0.0.1/32'], resolve: resolver };
});
afterAll(() => web.close());

async function refusal(link: string, extra: Partial<FetchOptions> = {}): Promise<FetchRefusedError> {
  const error = await safeFetch(link, { ...options, ...extra }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchRefusedError);
  const refused = error as FetchRefusedError;
  // One clear line: the URL and the reason.
  expect(refused.message).not.toContain('\n');
  return refused;
}

describe('safeFetch', () => {
  it('fetches a page from an allowed network, with its type and final URL', async () => {
    const fetched = await safeFetch(web.url('/page'), options);
    expect(new TextDecoder().decode(fetched.bytes)).toBe(PAGE);
    expect(fetched).toMatchObject({ contentType: 'text/html; charset=utf-8', url: web.url('/page') });
  });

  it('refuses 127.0.0.1 unless FETCH_ALLOWED_NETWORKS allows it, without connecting', async () => {
    const before = web.requested.length;
    const refused = await refusal(web.url('/page'), { allowedNetworks: [] });
    expect(refused).toMatchObject({ reason: 'address' });
    expect(refused.message).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(web.requested.length).toBe(before);
  });

  it.each([
    ['http://10.1.2.3/', /10\.1\.2\.3 is a private address/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is the cloud metadata address/],
    ['http://intranet.example/', /intranet\.example \(10\.0\.0\.5\) is a private address/],
    ['http://metadata.example/', /metadata\.example \(169\.254\.169\.254\) is the cloud metadata address/],
    ['http://mixed.example/', /mixed\.example \(192\.168\.1\.10\) is a private address/],
    ['http://localhost.example/', /localhost\.example \(::1\) is a loopback address/],
    ['http://[::ffff:127.0.0.1]/', /is a loopback address/],
    ['http://[::ffff:a9fe:a9fe]/', /is the cloud metadata address/],
    ['http://[64:ff9b::10.0.0.1]/', /is a private address/],
    ['http://[fe80::1]/', /is a link-local address/],
  ])('refuses %s: an address that is not public, after resolving the name', async (link, why) => {
    const refused = await refusal(link, { allowedNetworks: [] });
    expect(refused.reason).toBe('address');
    expect(refused.message).toMatch(why);
  });

  it.each([
    ['/to-loopback', /127\.0\.0\.2 is a loopback address/],
    ['/to-private', /10\.0\.0\.1 is a private address/],
    ['/to-metadata', /169\.254\.169\.254 is the cloud metadata address/],
    ['/to-intranet', /intranet\.example \(10\.0\.0\.5\) is a private address/],
  ])('refuses a redirect (%s) to an address that is not public', async (path, why) => {
    const refused = await refusal(web.url(path));
    expect(refused.reason).toBe('address');
    expect(refused.message).toMatch(why);
  });

  it('follows at most FETCH_MAX_REDIRECTS redirects', async () => {
    const before = web.requested.filter((p) => p === '/loop').length;
    const refused = await refusal(web.url('/loop'));
    expect(refused).toMatchObject({ reason: 'redirects' });
    expect(refused.message).toMatch(/more than 3 redirects/);
    expect(web.requested.filter((p) => p === '/loop').length - before).toBe(4);
  });

  it('refuses a 50 MB body: at once when its length is declared, at the cap when it is streamed', async () => {
    expect(await refusal(web.url('/declared-50mb'))).toMatchObject({ reason: 'too-large', message: expect.stringMatching(/it is 50 MB, over the 25 MB limit/) });
    expect(await refusal(web.url('/streamed-50mb'))).toMatchObject({ reason: 'too-large', message: expect.stringMatching(/larger than 25 MB/) });
  });

  it('refuses a body that does not finish within the time limit', async () => {
    const refused = await refusal(web.url('/slow'), { timeoutMs: 300 });
    expect(refused).toMatchObject({ reason: 'timeout', message: expect.stringMatching(/took longer than 0\.3 s/) });
  });

  it('refuses a type no converter reads, naming it', async () => {
    expect(await refusal(web.url('/image'))).toMatchObject({ reason: 'content-type', message: expect.stringMatching(/it is image\/png, which no converter reads/) });
  });

  it('refuses links that are not http(s), and error pages', async () => {
    expect(await refusal('file:///etc/passwd')).toMatchObject({ reason: 'scheme' });
    expect(await refusal('ftp://example.org/x.pdf')).toMatchObject({ reason: 'scheme' });
    expect(await refusal(web.url('/missing'))).toMatchObject({ reason: 'status', message: expect.stringMatching(/answered 404/) });
  });
});
