/**
 * Answer → Discord message: the answer line, disagreements, numbered verbatim quotes with their
 * sources, and a footer with the retrieval mode and time. Every part is escaped and trimmed so
 * the message stays within Discord's limits whatever the corpus or the question holds.
 */
import { ButtonStyle, ComponentType } from 'discord.js';
import type { APIActionRowComponent, APIButtonComponent, APIEmbed, APIEmbedField } from 'discord.js';
import { sourceLabel } from '../../answer/source-ref.js';
import type { Answer, Quote, StatedValue } from '../../answer/types.js';
import { encodeButtonId } from './custom-ids.js';
import { formatDuration, modeLabel, plural } from './labels.js';
import { LIMITS } from './limits.js';
import { COLOURS, embedLength, embedMessage, type BotMessage } from './message.js';
import { escapeText, hostOf, linkOrLabel, oneLine, safeText, trimToLimit } from './text.js';

/** Below this many characters a quote says too little: drop whole quotes instead. */
const MIN_QUOTE_TEXT = 120;
const MAX_ANSWER_LINE = 1000;
const MAX_VALUE_LINE = 300;
const INLINE = { inline: true };

export function renderAnswer(answer: Answer): BotMessage {
  return embedMessage(answerEmbed(answer), answerButtons(answer));
}

export function answerEmbed(answer: Answer): APIEmbed {
  const fixedFields = answer.values.length > 1 ? [disagreementField(answer)] : [];
  const frame: APIEmbed = {
    title: safeText(oneLine(answer.question), LIMITS.embedTitle),
    description: trimToLimit(descriptionOf(answer), LIMITS.embedDescription),
    color: COLOURS[answer.status],
    footer: { text: trimToLimit(footerText(answer), LIMITS.footerText) },
    fields: fixedFields,
  };
  const quoteFields = fitQuoteFields(
    answer.quotes,
    LIMITS.embedTotal - embedLength(frame),
    LIMITS.fields - fixedFields.length,
  );
  return { ...frame, fields: [...fixedFields, ...quoteFields] };
}

function descriptionOf(answer: Answer): string {
  const notices = answer.notices.map((notice) => `ℹ️ ${safeText(oneLine(notice), MAX_ANSWER_LINE)}`);
  return [...headline(answer), ...notices].join('\n');
}

function headline(answer: Answer): string[] {
  if (answer.status === 'abstained') {
    const abstention = answer.abstention;
    return [
      '**The corpus does not answer this.**',
      ...(abstention
        ? [safeText(oneLine(abstention.reason), MAX_ANSWER_LINE), `*${safeText(oneLine(abstention.corpusSummary), MAX_ANSWER_LINE)}*`]
        : []),
    ];
  }
  if (answer.answerLine) return [`**${safeText(oneLine(answer.answerLine), MAX_ANSWER_LINE)}**`];
  return ['No single answer: these are the closest passages.'];
}

function footerText(answer: Answer): string {
  return `${modeLabel(answer.mode)} · ${formatDuration(answer.timings.totalMs)} · answer ${answer.id}`;
}

/** Each stated value with the quotes (and so articles) that state it. */
function disagreementField(answer: Answer): APIEmbedField {
  const lines = answer.values.map((value) => trimToLimit(valueLine(value, answer.quotes), MAX_VALUE_LINE));
  return { name: 'The sources disagree', value: trimToLimit(lines.join('\n'), LIMITS.fieldValue) };
}

function valueLine(value: StatedValue, quotes: Quote[]): string {
  const cited = value.citations.map((n) => {
    const quote = quotes.find((q) => q.citation === n);
    return quote ? `[${n}] ${safeText(oneLine(quote.source.title), 80, INLINE)}` : `[${n}]`;
  });
  const articles = plural(value.articleIds.length, 'article');
  return `• **${safeText(oneLine(value.value), 100, INLINE)}** (${articles}): ${cited.join('; ')}`;
}

/** A quote with its parts escaped once, so fitting can re-trim it cheaply. */
interface PreparedQuote {
  quote: Quote;
  name: string;
  where: string;
  /** Escaped text, cut a little past what any field could show. */
  text: string;
}

function prepareQuote(quote: Quote): PreparedQuote {
  return {
    quote,
    name: trimToLimit(`[${quote.citation}] ${escapeText(oneLine(quote.source.title), INLINE)}`, LIMITS.fieldName),
    where: sourceLine(quote),
    text: escapeText(oneLine(quote.text).slice(0, LIMITS.fieldValue + 1), INLINE),
  };
}

/**
 * Quote fields within `budget` characters and `maxFields` fields: every quote's text is
 * shortened evenly as far as needed, and when even short quotes would not fit, the last quotes
 * give way to a note pointing at `/cite`.
 */
function fitQuoteFields(quotes: Quote[], budget: number, maxFields: number): APIEmbedField[] {
  const prepared = quotes.slice(0, maxFields).map(prepareQuote);
  let shown = quotes.length <= maxFields ? quotes.length : maxFields - 1;
  for (; ; shown -= 1) {
    const render = (maxText: number) => quoteFieldsWithNote(prepared, quotes, shown, maxText);
    const widest = render(LIMITS.fieldValue);
    if (fieldsLength(widest) <= budget || shown === 0) return widest;
    if (fieldsLength(render(MIN_QUOTE_TEXT)) > budget) continue;
    // Largest quote length that fits: `fits` always fits, `tooLong` never does.
    let fits: number = MIN_QUOTE_TEXT;
    let tooLong: number = LIMITS.fieldValue;
    while (tooLong - fits > 1) {
      const middle = Math.floor((fits + tooLong) / 2);
      if (fieldsLength(render(middle)) <= budget) fits = middle;
      else tooLong = middle;
    }
    return render(fits);
  }
}

function quoteFieldsWithNote(prepared: PreparedQuote[], quotes: Quote[], shown: number, maxText: number): APIEmbedField[] {
  const fields = prepared.slice(0, shown).map((quote) => quoteField(quote, maxText));
  const note = omittedQuotesField(quotes, shown);
  return note ? [...fields, note] : fields;
}

function fieldsLength(fields: APIEmbedField[]): number {
  return fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
}

/** `> …quote…` and its source line; the quote text gets at most `maxText` characters. */
function quoteField({ quote, name, where, text }: PreparedQuote, maxText: number): APIEmbedField {
  const open = quote.trimmedStart ? '…' : '';
  // Room the field value leaves once "> ", the ellipses and "\n" + source line are counted.
  const room = Math.min(maxText, LIMITS.fieldValue - where.length - open.length - 1 - 3);
  const shown = trimToLimit(text, room);
  const close = quote.trimmedEnd && !shown.endsWith('…') ? '…' : '';
  return { name, value: `> ${open}${shown}${close}\n${where}` };
}

/** `nb · page 2 · paragraph 4 · [vtv.vn, 2025-10-25](url)`: the label is the host alone for articles without an outlet or date. */
function sourceLine(quote: Quote): string {
  const { language, url } = quote.source;
  const label = sourceLabel(quote.source);
  const link = url ? linkOrLabel(escapeText(label ?? hostOf(url), INLINE), url) : label ? escapeText(label, INLINE) : 'no source link';
  const page = quote.page !== undefined ? `page ${quote.page} · ` : '';
  return `${escapeText(language, INLINE)} · ${page}paragraph ${quote.paragraph} · ${link}`;
}

function omittedQuotesField(quotes: Quote[], shown: number): APIEmbedField | null {
  const hidden = quotes.slice(shown);
  if (hidden.length === 0) return null;
  const first = hidden[0]!.citation;
  return {
    name: 'More quotes',
    value: `${plural(hidden.length, 'more quote')} not shown here: use /cite n:${first} and up.`,
  };
}

function answerButtons(answer: Answer): APIActionRowComponent<APIButtonComponent>[] {
  const up = encodeButtonId({ kind: 'feedback', choice: 'up', answerId: answer.id });
  const down = encodeButtonId({ kind: 'feedback', choice: 'down', answerId: answer.id });
  const sources = encodeButtonId({ kind: 'sources', answerId: answer.id });
  // An id too long for a custom id: the answer still shows, without buttons.
  if (!up || !down || !sources) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: up, emoji: { name: '👍' } },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: down, emoji: { name: '👎' } },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Primary,
          custom_id: sources,
          label: 'Sources',
          disabled: answer.quotes.length === 0,
        },
      ],
    },
  ];
}
