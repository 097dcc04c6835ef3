/**
 * Text that reaches Discord from the corpus or from a user: escaped so it shows as typed,
 * with mentions defused, and trimmed to a limit at a sentence boundary where one is near.
 */
import { escapeMarkdown } from 'discord.js';

const ZERO_WIDTH_SPACE = '\u200b';
const ELLIPSIS = '…';

/**
 * Shows `@everyone`, `<@123>`, `<@&123>` and `<#123>` as text. `allowedMentions` already stops
 * the ping; this also stops Discord from rendering them as live mentions and channel links.
 */
export function neutraliseMentions(text: string): string {
  return text
    .replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(/<([@#])([!&]?\d+)>/g, `<$1${ZERO_WIDTH_SPACE}$2>`);
}

/**
 * Markdown (including headings, lists, masked links and block quotes) shown literally, mentions
 * defused. `inline` is for text placed mid-line, where line-start syntax such as `2.` or `#`
 * means nothing and needs no backslash.
 */
export function escapeText(text: string, { inline = false } = {}): string {
  const lineStart = !inline;
  const escaped = escapeMarkdown(text, { heading: lineStart, bulletedList: lineStart, numberedList: lineStart, maskedLink: true });
  return neutraliseMentions(lineStart ? escaped.replace(/^>/gm, '\\>') : escaped);
}

/** Collapses runs of whitespace (thread names, titles and the like are one line). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Where a cut would leave at least this share of the allowed length, prefer it to a hard cut. */
const MIN_KEPT_SHARE = 0.5;
const SENTENCE_END = /[.!?。！？…](?=\s|$)|\n/g;

/**
 * Trims `text` to at most `max` characters, ending with `…`. Cuts after the last sentence end
 * that keeps at least half of the room, else at the last space, else mid-word.
 */
export function trimToLimit(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, max);
  const room = text.slice(0, max - ELLIPSIS.length);
  const cut = lastSentenceEnd(room) ?? lastSpace(room) ?? room.length;
  return dropDanglingEscape(avoidSplitSurrogate(room.slice(0, cut)).trimEnd()) + ELLIPSIS;
}

function lastSentenceEnd(room: string): number | undefined {
  let end: number | undefined;
  for (const match of room.matchAll(SENTENCE_END)) end = match.index + match[0].length;
  return end !== undefined && end >= room.length * MIN_KEPT_SHARE ? end : undefined;
}

function lastSpace(room: string): number | undefined {
  const index = room.lastIndexOf(' ');
  return index >= room.length * MIN_KEPT_SHARE ? index : undefined;
}

function avoidSplitSurrogate(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}

/** A cut right after an escaping backslash would escape the ellipsis instead. */
function dropDanglingEscape(text: string): string {
  const trailing = /\\+$/.exec(text)?.[0].length ?? 0;
  return trailing % 2 === 1 ? text.slice(0, -1) : text;
}

/** Escapes and trims user or corpus text for a place that holds `max` characters. */
export function safeText(text: string, max: number, options: { inline?: boolean } = {}): string {
  // Escaping only ever adds characters, one place at a time, so what lies past `max` raw
  // characters cannot survive the trim: skip escaping it (long passages made this slow).
  return trimToLimit(escapeText(text.slice(0, Math.max(0, max) + 1), options), max);
}

/** Longer URLs are shown by host only: one link must not eat a field's room. */
const MAX_LINK_URL = 512;

/**
 * `label` (already escaped) linked to an `http(s)` URL, or the bare label when the URL is
 * missing, not a web address, or too long.
 */
export function linkOrLabel(label: string, url: string | null): string {
  if (!url || url.length > MAX_LINK_URL || !/^https?:\/\/\S+$/i.test(url)) return label;
  // A `]` in the label or parentheses in the target would end the link early.
  const target = url.replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `[${label.replace(/]/g, '\\]')}](${target})`;
}

/**
 * Joins lines with newlines within `max` characters; lines that do not fit are replaced by
 * `more(hiddenCount)`, e.g. "…and 3 more".
 */
export function joinLinesWithin(lines: string[], max: number, more: (hidden: number) => string): string {
  const all = lines.join('\n');
  if (all.length <= max) return all;
  const room = max - more(lines.length).length - 1;
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > room) break;
    kept.push(line);
    length += line.length + 1;
  }
  return [...kept, more(lines.length - kept.length)].join('\n');
}

/** The host name of a URL for a short link label, e.g. `vtv.vn`. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
