/**
 * Fetches a web page or file for the corpus without letting a link turn the bot against its
 * host: http(s) only; no loopback, private, link-local, metadata or other non-public address
 * unless FETCH_ALLOWED_NETWORKS names it, checked on the addresses the name resolves to and on
 * every redirect, and the connection made to the address that was checked (a second DNS answer
 * cannot swap it); at most `maxRedirects` redirects, `maxBytes` bytes (after decompression) and
 * `timeoutMs` for the whole fetch; a media type some converter reads. Each refusal is a
 * `FetchRefusedError` whose message is one line naming the URL and the reason.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { acceptedTypes, converterFor, mediaTypeOf } from '../corpus/convert/registry.js';
import type { FetchLimits } from '../config.js';
import { UserFacingError } from '../errors.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Hostname → addresses; injectable so tests never ask a real DNS server. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface FetchOptions extends FetchLimits {
  resolve?: Resolver;
  /** The media types wanted and what they are, for the refusal (default: what some converter reads); feeds take XML. */
  accepts?: { types: readonly string[]; what: string };
}

export interface FetchedFile {
  bytes: Uint8Array;
  /** As served, e.g. `text/html; charset=utf-8`. */
  contentType: string;
  /** The URL after redirects. */
  url: string;
  fetchedAt: string;
}

export type RefusalReason = 'scheme' | 'address' | 'redirects' | 'too-large' | 'timeout' | 'content-type' | 'status' | 'network';

export class FetchRefusedError extends UserFacingError {
  override name = 'FetchRefusedError';
  constructor(
    readonly url: string,
    readonly reason: RefusalReason,
    detail: string,
    hint?: string,
  ) {
    super(`Not fetched: ${url}: ${detail}.`, hint);
  }
}

/** Address ranges that are not the public internet, with the name a refusal gives them. */
const NON_PUBLIC: Array<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'a "this network" address'],
  ['10.0.0.0', 8, 'ipv4', 'a private address'],
  ['100.64.0.0', 10, 'ipv4', 'a carrier-grade NAT address'],
  ['127.0.0.0', 8, 'ipv4', 'a loopback address'],
  ['169.254.169.254', 32, 'ipv4', 'the cloud metadata address'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local address'],
  ['172.16.0.0', 12, 'ipv4', 'a private address'],
  ['192.0.0.0', 24, 'ipv4', 'a reserved address'],
  ['192.168.0.0', 16, 'ipv4', 'a private address'],
  ['198.18.0.0', 15, 'ipv4', 'a benchmarking address'],
  ['224.0.0.0', 4, 'ipv4', 'a multicast address'],
  ['240.0.0.0', 4, 'ipv4', 'a reserved address'],
  ['::', 128, 'ipv6', 'the unspecified address'],
  ['::1', 128, 'ipv6', 'a loopback address'],
  ['fd00:ec2::254', 128, 'ipv6', 'the cloud metadata address'],
  ['fc00::', 7, 'ipv6', 'a private address'],
  ['fe80::', 10, 'ipv6', 'a link-local address'],
  ['ff00::', 8, 'ipv6', 'a multicast address'],
];

/** An IPv6 address's eight 16-bit groups (`::` expanded, a dotted IPv4 tail read as two groups). */
function groupsOf(address: string): number[] {
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const text = dotted ? `${dotted[1]}${((+dotted[2]! << 8) | +dotted[3]!).toString(16)}:${((+dotted[4]! << 8) | +dotted[5]!).toString(16)}` : address;
  const [head, tail] = text.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const [front, back] = [part(head), part(tail)];
  return tail === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/** IPv6 prefixes whose last 32 bits are an IPv4 address: mapped (`::ffff:0:0/96`) and NAT64 (`64:ff9b::/96`). */
const EMBEDS_IPV4 = new net.BlockList();
EMBEDS_IPV4.addSubnet('::ffff:0:0', 96, 'ipv6');
EMBEDS_IPV4.addSubnet('64:ff9b::', 96, 'ipv6');

/** IPv4 written as IPv6 (`::ffff:127.0.0.1`, which URLs write `::ffff:7f00:1`; NAT64's `64:ff9b::a00:1`) is checked as the IPv4 address it is. */
function unmapped(address: string): string {
  if (!net.isIPv6(address) || !EMBEDS_IPV4.check(address, 'ipv6')) return address;
  const groups = groupsOf(address);
  const [high, low] = [groups[6]!, groups[7]!];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Why an address may not be fetched (`a private address`), or null when it may. */
export function addressProblem(address: string, allowed: readonly string[]): string | null {
  const ip = unmapped(address);
  const type = net.isIPv6(ip) ? 'ipv6' : 'ipv4';
  const allow = new net.BlockList();
  for (const cidr of allowed) {
    const [base, bits] = cidr.split('/');
    const family = net.isIPv6(base!) ? 'ipv6' : 'ipv4';
    allow.addSubnet(base!, bits === undefined ? (family === 'ipv6' ? 128 : 32) : Number(bits), family);
  }
  if (allow.check(ip, type)) return null;
  for (const [base, bits, family, name] of NON_PUBLIC) {
    if (family !== type) continue;
    const range = new net.BlockList();
    range.addSubnet(base, bits, family);
    if (range.check(ip, type)) return name;
  }
  return null;
}

const systemResolver: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;
const megabytes = (bytes: number) => `${Number((bytes / 1_000_000).toFixed(1))} MB`;

/** The address to connect to: every address the name has must be allowed (a name is refused if any is not). */
async function checkedAddress(url: URL, options: FetchOptions): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIPv6(host) ? 6 : 4 }];
  else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch {
      throw new FetchRefusedError(url.href, 'network', `the name ${host} does not resolve`);
    }
    if (addresses.length === 0) throw new FetchRefusedError(url.href, 'network', `the name ${host} does not resolve`);
  }
  for (const { address } of addresses) {
    const problem = addressProblem(address, options.allowedNetworks);
    if (problem) {
      const named = address === host ? address : `${host} (${address})`;
      throw new FetchRefusedError(url.href, 'address', `${named} is ${problem}`, 'Only public web addresses are fetched; an operator can allow a network with FETCH_ALLOWED_NETWORKS.');
    }
  }
  return addresses[0]!;
}

function parseUrl(text: string, base?: string): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new FetchRefusedError(text, 'scheme', 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchRefusedError(url.href, 'scheme', `${url.protocol.replace(/:$/, '')} links are not fetched (only http and https)`);
  if (url.username || url.password) throw new FetchRefusedError(url.href.replace(/\/\/[^@]*@/, '//…@'), 'scheme', 'links with a user name or password are not fetched');
  return url;
}

interface Hop {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

function request(url: URL, target: ResolvedAddress, signal: AbortSignal, accepts: FetchOptions['accepts']): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      url,
      {
        method: 'GET',
        signal,
        // The connection goes to the address that was checked, whatever DNS says now.
        lookup: (_hostname, options, callback) => {
          if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address: target.address, family: target.family }]);
          else callback(null, target.address, target.family);
        },
        headers: {
          'user-agent': 'newsdesk-research-bot (+https://github.com/) adds articles to a research corpus',
          accept: `${(accepts?.types ?? acceptedTypes()).join(', ')};q=0.9, */*;q=0.1`,
          'accept-encoding': 'gzip, deflate, br',
        },
      },
      (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }),
    );
    req.on('error', reject);
    req.end();
  });
}

function decoded(hop: Hop): Readable {
  const encoding = String(hop.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return hop.body.pipe(zlib.createGunzip());
  if (encoding === 'deflate') return hop.body.pipe(zlib.createInflate());
  if (encoding === 'br') return hop.body.pipe(zlib.createBrotliDecompress());
  return hop.body;
}

/** Reads a body, refusing it once it passes `maxBytes` (decompressed). */
async function readBody(hop: Hop, url: string, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  const stream = decoded(hop);
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) throw new FetchRefusedError(url, 'too-large', `it is larger than ${megabytes(maxBytes)}`, 'FETCH_MAX_BYTES sets the limit.');
      chunks.push(chunk as Buffer);
    }
  } finally {
    hop.body.destroy();
    stream.destroy();
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Fetches `link` within the limits, following redirects; throws FetchRefusedError for every refusal. */
export async function safeFetch(link: string, options: FetchOptions): Promise<FetchedFile> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  let url = parseUrl(link);
  try {
    for (let redirects = 0; ; redirects++) {
      const target = await checkedAddress(url, options);
      const hop = await request(url, target, deadline.signal, options.accepts);
      if (REDIRECTS.has(hop.status) && hop.headers.location) {
        hop.body.destroy();
        if (redirects >= options.maxRedirects) throw new FetchRefusedError(link, 'redirects', `more than ${options.maxRedirects} redirects`);
        url = parseUrl(hop.headers.location, url.href);
        continue;
      }
      if (hop.status < 200 || hop.status > 299) {
        hop.body.destroy();
        throw new FetchRefusedError(url.href, 'status', `the server answered ${hop.status}${hop.status === 404 ? ' (not found)' : hop.status === 403 ? ' (forbidden)' : ''}`);
      }
      const contentType = String(hop.headers['content-type'] ?? '').trim();
      const wanted = options.accepts ? options.accepts.types.includes(mediaTypeOf(contentType)) : converterFor(contentType || null, url.href) !== null;
      if (!wanted) {
        hop.body.destroy();
        const served = contentType ? mediaTypeOf(contentType) : 'no content type';
        throw new FetchRefusedError(url.href, 'content-type', `it is ${served}, ${options.accepts ? `not ${options.accepts.what}` : 'which no converter reads (web pages, PDF, text and Markdown are read)'}`);
      }
      const declared = Number(hop.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        hop.body.destroy();
        throw new FetchRefusedError(url.href, 'too-large', `it is ${megabytes(declared)}, over the ${megabytes(options.maxBytes)} limit`, 'FETCH_MAX_BYTES sets the limit.');
      }
      const bytes = await readBody(hop, url.href, options.maxBytes);
      return { bytes, contentType: contentType || 'application/octet-stream', url: url.href, fetchedAt: new Date().toISOString() };
    }
  } catch (error) {
    if (error instanceof FetchRefusedError) throw error;
    if (deadline.signal.aborted) throw new FetchRefusedError(url.href, 'timeout', `it took longer than ${seconds(options.timeoutMs)}`, 'FETCH_TIMEOUT_SECONDS sets the limit.');
    const code = (error as NodeJS.ErrnoException).code;
    throw new FetchRefusedError(url.href, 'network', `the connection failed (${code ?? (error as Error).message})`);
  } finally {
    clearTimeout(timer);
  }
}
