/**
 * Settings that used to be accepted and then failed later or leaked (issue 9, items 5 and 12):
 * each now gives one line at start-up naming the setting.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, loadDiscordConfig, PROJECT_ROOT } from '../../src/config.js';
import { describeError } from '../../src/errors.js';

const DISCORD = { DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.fake-token.for-tests-only_0123456789', DISCORD_APPLICATION_ID: '123456789012345678' };

function lineOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    return describeError(error);
  }
  throw new Error('expected the setting to be refused');
}

describe('settings out of range are refused in one line naming them', () => {
  it('ASK_COOLDOWN_SECONDS above one day (1e13 made every second /ask fail)', () => {
    expect(lineOf(() => loadDiscordConfig({ ...DISCORD, ASK_COOLDOWN_SECONDS: '1e13' }))).toMatch(
      /^Invalid configuration: ASK_COOLDOWN_SECONDS: expected at most 86400 seconds \(one day\)\. Fix it in \.env/,
    );
    expect(loadDiscordConfig({ ...DISCORD, ASK_COOLDOWN_SECONDS: '86400' }).cooldownSeconds).toBe(86400);
  });

  for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'ftp://discord.com/api']) {
    it(`DISCORD_API_URL other than http(s): ${url}`, () => {
      expect(lineOf(() => loadDiscordConfig({ ...DISCORD, DISCORD_API_URL: url }))).toMatch(/^Invalid configuration: DISCORD_API_URL: expected a URL such as https:\/\/discord\.com\/api \(http or https\)\./);
    });
  }

  it('DISCORD_TOKEN too short to be a token (and so too short to mask in logs), without repeating it', () => {
    const line = lineOf(() => loadDiscordConfig({ ...DISCORD, DISCORD_TOKEN: 'x9' }));
    expect(line).toMatch(/^Invalid configuration: DISCORD_TOKEN: expected the bot token from the Developer Portal/);
    expect(line).not.toContain('x9');
  });

  it('MAX_ARTICLE_BYTES and MAX_ARTICLE_PASSAGES: positive whole numbers, with documented defaults', () => {
    expect(lineOf(() => loadConfig({ MAX_ARTICLE_BYTES: '0' }))).toMatch(/^Invalid configuration: MAX_ARTICLE_BYTES: /);
    expect(lineOf(() => loadConfig({ MAX_ARTICLE_PASSAGES: 'many' }))).toMatch(/^Invalid configuration: MAX_ARTICLE_PASSAGES: /);
    const { limits } = loadConfig({});
    const example = fs.readFileSync(path.join(PROJECT_ROOT, '.env.example'), 'utf8');
    expect(example).toContain(`MAX_ARTICLE_BYTES=${limits.maxArticleBytes}\n`);
    expect(example).toContain(`MAX_ARTICLE_PASSAGES=${limits.maxArticlePassages}\n`);
  });
});

describe('FETCH_* settings', () => {
  it('take address ranges and limits, refuse what is not one, and have documented defaults', () => {
    expect(loadConfig({ FETCH_ALLOWED_NETWORKS: '127.0.0.1/32, 10.0.0.0/8,fd00::/8' }).fetch.allowedNetworks).toEqual(['127.0.0.1/32', '10.0.0.0/8', 'fd00::/8']);
    expect(lineOf(() => loadConfig({ FETCH_ALLOWED_NETWORKS: 'intranet' }))).toMatch(/^Invalid configuration: FETCH_ALLOWED_NETWORKS: expected comma-separated address ranges/);
    expect(lineOf(() => loadConfig({ FETCH_ALLOWED_NETWORKS: '10.0.0.0/33' }))).toMatch(/^Invalid configuration: FETCH_ALLOWED_NETWORKS: /);
    expect(lineOf(() => loadConfig({ FETCH_MAX_BYTES: '0' }))).toMatch(/^Invalid configuration: FETCH_MAX_BYTES: /);
    const { fetch } = loadConfig({});
    expect(fetch.allowedNetworks).toEqual([]);
    const example = fs.readFileSync(path.join(PROJECT_ROOT, '.env.example'), 'utf8');
    expect(example).toContain(`FETCH_MAX_BYTES=${fetch.maxBytes}\n`);
    expect(example).toContain(`FETCH_TIMEOUT_SECONDS=${fetch.timeoutMs / 1000}\n`);
    expect(example).toContain(`FETCH_MAX_REDIRECTS=${fetch.maxRedirects}\n`);
  });
});

describe('a .env that is not a regular file', () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('(a FIFO) gives one line at start-up instead of hanging', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dotenv-'));
    const fifo = path.join(dir, '.env');
    execFileSync('mkfifo', [fifo]);
    const load = `import { loadDotenvFile } from './src/config.ts'; import { describeError } from './src/errors.ts';
      try { loadDotenvFile(${JSON.stringify(fifo)}); } catch (error) { console.error(describeError(error)); process.exitCode = 1; }`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', load], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(result.signal).toBeNull(); // not killed at the timeout: it did not hang
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${fifo} is not a regular file (a FIFO, socket, device or folder). Replace it with a plain text file of settings (see .env.example), or remove it.\n`);
  });
});
