/**
 * The environment, parsed once with zod. Nothing else in the code reads `process.env`:
 * front ends call `loadConfig()` (and the bot `loadDiscordConfig()`) and pass the result down.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import net from 'node:net';
import { UserFacingError } from './errors.js';

/** The project folder, so relative settings resolve the same from any working directory. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type Env = Record<string, string | undefined>;

const nonEmpty = z.string().trim().min(1);
const positiveInt = z.coerce.number().int().positive();
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** An address range as FETCH_ALLOWED_NETWORKS takes it: `127.0.0.1/32`, `fd00::/8`, or a bare address. */
export function isCidr(value: string): boolean {
  const [base, bits, ...rest] = value.split('/');
  if (rest.length || !base || !net.isIP(base)) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (net.isIPv6(base) ? 128 : 32));
}

/** FETCH_MAX_BYTES unless set: a news page is under 2 MB, a report's PDF rarely over 20. */
export const DEFAULT_FETCH_MAX_BYTES = 25_000_000;

/** MAX_ARTICLE_BYTES unless set: news articles are 2–50 kB; a file beyond this is not one. */
export const DEFAULT_MAX_ARTICLE_BYTES = 1_000_000;

const coreSchema = z.object({
  SEEDS_DIR: nonEmpty.default('seeds'),
  INDEX_DIR: nonEmpty.default('index'),
  MODEL_ID: nonEmpty.default('Xenova/multilingual-e5-small'),
  MODEL_DIR: nonEmpty.optional(),
  MODEL_CACHE_DIR: nonEmpty.default('.cache/models'),
  MODEL_DTYPE: z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4'], { message: 'expected one of fp32, fp16, q8, int8, uint8, q4' }).default('q8'),
  EMBED_PREFIXES: z
    .enum(['auto', 'e5', 'none'], { message: 'expected auto, e5 or none' })
    .default('auto'),
  EMBED_BATCH_SIZE: positiveInt.default(16),
  EMBED_THREADS: positiveInt.optional(),
  ANSWER_MAX_QUOTES: positiveInt.max(10).default(3),
  MAX_ARTICLE_BYTES: positiveInt.default(DEFAULT_MAX_ARTICLE_BYTES),
  MAX_ARTICLE_PASSAGES: positiveInt.default(5000),
  LEXICAL_ONLY: bool.default(false),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  INIT_CWD: z.string().optional(),
  DATABASE_URL: z.string().trim().regex(/^postgres(ql)?:\/\/\S+$/, { message: 'expected postgres://user:password@host:port/database' }).optional(),
  FETCH_MAX_BYTES: positiveInt.default(DEFAULT_FETCH_MAX_BYTES),
  FETCH_TIMEOUT_SECONDS: z.coerce.number().positive().max(600, { message: 'expected at most 600 seconds' }).default(20),
  FETCH_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
  FETCH_ALLOWED_NETWORKS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((ranges) => ranges.every(isCidr), { message: 'expected comma-separated address ranges such as 10.0.0.0/8 or 127.0.0.1/32' }),
  DATABASE_SCHEMA: z.string().trim().regex(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'expected a lower-case SQL name such as newsdesk' }).default('newsdesk'),
});

const MAX_COOLDOWN_SECONDS = 86_400;
/** How Discord's ids look, said in every message about one. */
const SNOWFLAKE = 'a snowflake of 17–20 digits';

const discordSchema = z.object({
  DISCORD_TOKEN: z
    .string({ error: 'not set; expected the bot token from the Developer Portal (Bot → Reset Token)' })
    // A real token has about 70 characters; a short one could not be masked in logs without garbling words.
    .regex(/^[\w.-]{50,}$/, { message: 'expected the bot token from the Developer Portal (Bot → Reset Token)' }),
  DISCORD_APPLICATION_ID: z.string({ error: `not set; expected the application id, ${SNOWFLAKE} (Developer Portal → General Information)` }).regex(/^\d{17,20}$/, { message: `expected the application id, ${SNOWFLAKE} (Developer Portal → General Information → Application ID)` }),
  DISCORD_GUILD_ID: z.string().regex(/^\d{17,20}$/, { message: `expected a server id, ${SNOWFLAKE} (with Developer Mode on: right-click the server → Copy Server ID)` }).optional(),
  DISCORD_API_URL: z.url({ protocol: /^https?$/, message: 'expected a URL such as https://discord.com/api (http or https)' }).optional(),
  DISCORD_ALLOWED_CHANNELS: z
    .string()
    .regex(/^\s*(\d{17,20}\s*(,\s*\d{17,20}\s*)*)?$/, { message: `expected comma-separated channel ids, each ${SNOWFLAKE}` })
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  ASK_COOLDOWN_SECONDS: z.coerce.number().min(0).max(MAX_COOLDOWN_SECONDS, { message: `expected at most ${MAX_COOLDOWN_SECONDS} seconds (one day)` }).default(10),
  FEEDBACK_FILE: nonEmpty.default('feedback.jsonl'),
  REGISTER_COMMANDS_ON_START: bool.default(false),
  DISCORD_READY_TIMEOUT_SECONDS: z.coerce.number().positive().max(600, { message: 'expected at most 600 seconds' }).default(60),
});

/** Limits on fetching a page or file to add (FETCH_*), applied by app/safe-fetch.ts. */
export interface FetchLimits {
  /** FETCH_MAX_BYTES, after decompression. */
  maxBytes: number;
  /** FETCH_TIMEOUT_SECONDS for the whole fetch, redirects and body included. */
  timeoutMs: number;
  /** FETCH_MAX_REDIRECTS */
  maxRedirects: number;
  /** FETCH_ALLOWED_NETWORKS: ranges (`127.0.0.1/32`, `10.0.0.0/8`) fetched although not public. */
  allowedNetworks: readonly string[];
}

export interface AppConfig {
  seedsDir: string;
  indexDir: string;
  model: {
    id: string;
    /** A local model folder: when set, nothing is downloaded. */
    localDir: string | undefined;
    cacheDir: string;
    dtype: z.infer<typeof coreSchema>['MODEL_DTYPE'];
    prefixes: 'auto' | 'e5' | 'none';
    batchSize: number;
    threads: number | undefined;
  };
  /** Bounded inputs: larger articles, or articles that split into more passages, are skipped with a warning. */
  limits: {
    /** MAX_ARTICLE_BYTES */
    maxArticleBytes: number;
    /** MAX_ARTICLE_PASSAGES */
    maxArticlePassages: number;
  };
  /** Skip the embedding model entirely and build/serve a keyword-only index. */
  lexicalOnly: boolean;
  maxQuotes: number;
  logLevel: z.infer<typeof coreSchema>['LOG_LEVEL'];
  /** Where the user ran the command (npm runs scripts from the project root), for file arguments. */
  invocationDir: string;
  /** The index in PostgreSQL (DATABASE_URL) instead of INDEX_DIR, in tables of this schema. */
  database: { url: string; schema: string } | null;
  /** Limits on fetching pages and files to add (FETCH_*): `app/safe-fetch.ts`. */
  fetch: FetchLimits;
}

export interface DiscordConfig {
  token: string;
  applicationId: string;
  guildId: string | undefined;
  apiUrl: string | undefined;
  allowedChannelIds: string[];
  cooldownSeconds: number;
  feedbackFile: string;
  registerOnStart: boolean;
  /** How long start-up waits for the gateway's READY before giving up (DISCORD_READY_TIMEOUT_SECONDS). */
  readyTimeoutSeconds: number;
}

/** Reads `.env` (if any) into the environment; values already set win. */
export function loadDotenvFile(file = path.join(PROJECT_ROOT, '.env')): void {
  // Reading a FIFO (or a device) would wait for ever: only a regular file (or a link to one) is read.
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return;
  if (!stat.isFile()) throw new UserFacingError(`${file} is not a regular file (a FIFO, socket, device or folder).`, 'Replace it with a plain text file of settings (see .env.example), or remove it.');
  loadDotenv({ path: file, quiet: true });
}

/** `NAME=` with nothing after it means "not set", as in most .env files. */
const withoutEmpty = (env: Env): Env => Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));

function parse<S extends z.ZodType>(schema: S, env: Env): z.infer<S> {
  const result = schema.safeParse(withoutEmpty(env));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new UserFacingError(`Invalid configuration: ${problems.join('; ')}.`, 'Fix it in .env (see .env.example).');
}

const resolveFromRoot = (p: string) => path.resolve(PROJECT_ROOT, p);

export function loadConfig(env: Env = process.env): AppConfig {
  const e = parse(coreSchema, env);
  return {
    seedsDir: resolveFromRoot(e.SEEDS_DIR),
    indexDir: resolveFromRoot(e.INDEX_DIR),
    model: {
      id: e.MODEL_ID,
      localDir: e.MODEL_DIR ? resolveFromRoot(e.MODEL_DIR) : undefined,
      cacheDir: resolveFromRoot(e.MODEL_CACHE_DIR),
      dtype: e.MODEL_DTYPE,
      prefixes: e.EMBED_PREFIXES,
      batchSize: e.EMBED_BATCH_SIZE,
      threads: e.EMBED_THREADS,
    },
    limits: { maxArticleBytes: e.MAX_ARTICLE_BYTES, maxArticlePassages: e.MAX_ARTICLE_PASSAGES },
    lexicalOnly: e.LEXICAL_ONLY,
    maxQuotes: e.ANSWER_MAX_QUOTES,
    logLevel: e.LOG_LEVEL,
    invocationDir: e.INIT_CWD ?? process.cwd(),
    database: e.DATABASE_URL ? { url: e.DATABASE_URL, schema: e.DATABASE_SCHEMA } : null,
    fetch: { maxBytes: e.FETCH_MAX_BYTES, timeoutMs: e.FETCH_TIMEOUT_SECONDS * 1000, maxRedirects: e.FETCH_MAX_REDIRECTS, allowedNetworks: e.FETCH_ALLOWED_NETWORKS },
  };
}

export function loadDiscordConfig(env: Env = process.env): DiscordConfig {
  const e = parse(discordSchema, env);
  return {
    token: e.DISCORD_TOKEN,
    applicationId: e.DISCORD_APPLICATION_ID,
    guildId: e.DISCORD_GUILD_ID,
    apiUrl: e.DISCORD_API_URL,
    allowedChannelIds: e.DISCORD_ALLOWED_CHANNELS,
    cooldownSeconds: e.ASK_COOLDOWN_SECONDS,
    feedbackFile: resolveFromRoot(e.FEEDBACK_FILE),
    registerOnStart: e.REGISTER_COMMANDS_ON_START,
    readyTimeoutSeconds: e.DISCORD_READY_TIMEOUT_SECONDS,
  };
}
