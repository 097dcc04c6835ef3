import { describe, expect, it } from 'vitest';
import { renderAnswer } from '../../src/discord/render/answer.js';
import { renderCitation } from '../../src/discord/render/citation.js';
import { decodeButtonId, encodeButtonId } from '../../src/discord/render/custom-ids.js';
import { renderCitedArticles, renderIndexedArticles } from '../../src/discord/render/sources.js';
import { renderReindexReport } from '../../src/discord/render/reindex.js';
import { escapeText, joinLinesWithin, linkOrLabel, trimToLimit } from '../../src/discord/render/text.js';
import { embedText, expectWithinDiscordLimits } from './discord-limits.js';
import { makeAbstention, makeAnswer, makeHugeAnswer, quote, VIETNAMNET_SOURCE, VTV_SOURCE } from './fixtures.js';

describe('trimToLimit', () => {
  it('leaves short text alone', () => {
    expect(trimToLimit('Short.', 10)).toBe('Short.');
  });

  it('cuts after the last sentence that fits', () => {
    const text = 'First sentence here. Second sentence is longer than the room.';
    expect(trimToLimit(text, 40)).toBe('First sentence here.…');
  });

  it('falls back to a word boundary, then to a hard cut', () => {
    expect(trimToLimit('one two three four five six', 15)).toBe('one two three…');
    expect(trimToLimit('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('never leaves a dangling escape or half a surrogate pair', () => {
    expect(trimToLimit('abcdefgh\\*rest of it', 10)).toBe('abcdefgh…');
    expect(trimToLimit('abcdefgh😀😀😀', 10)).toBe('abcdefgh…');
  });
});

describe('escapeText', () => {
  it('shows markdown literally and defuses mentions', () => {
    const escaped = escapeText('**bold** @everyone @here <@123> <@!45> <@&67>\n# heading\n> quote [x](http://y)');
    expect(escaped).toContain('\\*\\*bold\\*\\*');
    expect(escaped).toContain('@\u200beveryone');
    expect(escaped).toContain('@\u200bhere');
    expect(escaped).toContain('<@\u200b123>');
    expect(escaped).toContain('<@\u200b!45>');
    expect(escaped).toContain('<@\u200b&67>');
    expect(escaped).toContain('\\# heading');
    expect(escaped).toContain('\\> quote');
    expect(escaped).toContain('\\[x](http://y)');
  });

  it('links only web URLs that cannot break out of the link', () => {
    expect(linkOrLabel('site', 'https://x.org/a_(b)')).toBe('[site](https://x.org/a_%28b%29)');
    expect(linkOrLabel('site', 'javascript:alert(1)')).toBe('site');
    expect(linkOrLabel('site', null)).toBe('site');
  });

  it('joins lines within a limit with a count of the rest', () => {
    const joined = joinLinesWithin(['aaaa', 'bbbb', 'cccc', 'dddd'], 16, (n) => `+${n}`);
    expect(joined).toBe('aaaa\nbbbb\n+2');
  });
});

describe('renderAnswer', () => {
  it('shows the answer line, numbered quotes with source links, and the mode and time', () => {
    const message = renderAnswer(makeAnswer());
    const embed = message.embeds[0]!;
    expect(embed.title).toBe('Hvor mange land signerte konvensjonen?');
    expect(embed.description).toContain('**72 — stated by 1 of 1 articles**');
    expect(embed.description).toContain('Keyword search only');
    expect(embed.fields?.[0]?.name).toBe('[1] General Luong Tam Quang holdt avslutningstalen');
    expect(embed.fields?.[0]?.value).toMatch(/^> …Signeringsseremonien .*72 land.*…\n/);
    expect(embed.fields?.[0]?.value).toContain(`nb · paragraph 4 · [vtv.vn](${VTV_SOURCE.url})`);
    expect(embed.footer?.text).toBe('keyword search · 6 ms · answer a1b2c3');
    expect(message.allowedMentions).toEqual({ parse: [] });
  });

  it("names the outlet and publication date beside the source, and a PDF quote's page", () => {
    const dated = { ...VTV_SOURCE, outlet: 'vtv.vn', published: '2025-10-25T21:07:01+07:00' };
    const answer = makeAnswer({ quotes: [quote(1, dated, 'Representanter fra 72 land signerte konvensjonen.', { page: 3 })] });
    expect(renderAnswer(answer).embeds[0]!.fields?.[0]?.value).toContain(`nb · page 3 · paragraph 4 · [vtv.vn, 2025-10-25](${VTV_SOURCE.url})`);
    expect(renderCitedArticles(answer).embeds[0]!.description).toContain('· nb · vtv.vn, 2025-10-25 · [1]');
    const citation = renderCitation(answer, answer.quotes[0]!, undefined).embeds[0]!;
    expect(citation.fields).toContainEqual({ name: 'Page', value: '3', inline: true });
    expect(citation.fields).toContainEqual({ name: 'Source', value: `[vtv.vn, 2025-10-25](${VTV_SOURCE.url})`, inline: true });
  });

  it('offers feedback and sources buttons whose ids lead back to the answer', () => {
    const [row] = renderAnswer(makeAnswer()).components;
    const ids = row!.components.map((button) => ('custom_id' in button ? button.custom_id : ''));
    expect(ids.map(decodeButtonId)).toEqual([
      { kind: 'feedback', choice: 'up', answerId: 'a1b2c3' },
      { kind: 'feedback', choice: 'down', answerId: 'a1b2c3' },
      { kind: 'sources', answerId: 'a1b2c3' },
    ]);
  });

  it('drops the buttons rather than send a custom id over 100 characters', () => {
    expect(encodeButtonId({ kind: 'sources', answerId: 'x'.repeat(120) })).toBeNull();
    expect(renderAnswer(makeAnswer({ id: 'x'.repeat(120) })).components).toEqual([]);
  });

  it('lists each disagreeing value with the articles that state it', () => {
    const answer = makeAnswer({
      answerLine: '2.500 or 2.000 delegates: the articles disagree',
      values: [
        { value: '2.500', citations: [1], articleIds: [VIETNAMNET_SOURCE.articleId], context: null },
        { value: '2.000', citations: [2], articleIds: [VTV_SOURCE.articleId], context: null },
      ],
      quotes: [quote(1, VIETNAMNET_SOURCE, 'mehr als 2.500 Delegierte'), quote(2, VTV_SOURCE, 'omtrent 2.000 delegater')],
    });
    const field = renderAnswer(answer).embeds[0]!.fields![0]!;
    expect(field.name).toBe('The sources disagree');
    expect(field.value).toContain('**2.500** (1 article): [1] Hanoi-Konvention');
    expect(field.value).toContain('**2.000** (1 article): [2] General Luong');
  });

  it('says so when the corpus does not answer, without a Sources button to press', () => {
    const message = renderAnswer(makeAbstention('Who won the 2022 football World Cup?'));
    expect(message.embeds[0]!.description).toContain('The corpus does not answer this.');
    expect(message.embeds[0]!.description).toContain('None of the indexed articles');
    expect(message.embeds[0]!.fields).toEqual([]);
    expect(message.components[0]!.components[2]).toMatchObject({ label: 'Sources', disabled: true });
  });

  it('escapes what the user typed and defuses mentions in it', () => {
    const message = renderAnswer(makeAnswer({ question: 'What about @everyone and <@123> and **this**?' }));
    expect(message.embeds[0]!.title).toBe('What about @\u200beveryone and <@\u200b123> and \\*\\*this\\*\\*?');
  });

  it('keeps an answer far past every limit within Discord limits, pointing to /cite for the rest', () => {
    const message = renderAnswer(makeHugeAnswer());
    expectWithinDiscordLimits(message);
    const embed = message.embeds[0]!;
    expect(embed.fields![0]!.name).toBe('The sources disagree');
    const more = embed.fields!.at(-1)!;
    expect(more.name).toBe('More quotes');
    expect(more.value).toMatch(/use \/cite n:\d+ and up/);
    expect(embed.fields!.filter((f) => f.name.startsWith('[')).length).toBeGreaterThan(0);
    // Quotes are cut at sentence ends, not mid-word.
    const firstQuote = embed.fields![1]!.value.split('\n')[0]!;
    expect(firstQuote).toMatch(/\.…$/);
  });
});

describe('other views', () => {
  it('renders the full passage behind a citation with the quote in bold', () => {
    const answer = makeAnswer();
    const passage = {
      passageId: answer.quotes[0]!.passageId,
      source: VTV_SOURCE,
      paragraph: 4,
      paragraphCount: 18,
      text: `1. I løpet av de siste to dagene. ${answer.quotes[0]!.text} Mer tekst.`,
    };
    const embed = renderCitation(answer, answer.quotes[0]!, passage).embeds[0]!;
    expect(embed.title).toBe('[1] General Luong Tam Quang holdt avslutningstalen');
    expect(embed.url).toBe(VTV_SOURCE.url);
    expect(embed.description).toMatch(/^1\\\. I løpet .* \*\*Signeringsseremonien.*konvensjonen\.\*\* Mer tekst\.$/);
    expect(embed.fields).toContainEqual({ name: 'Paragraph', value: '4 of 18', inline: true });
  });

  it('falls back to the quote when the passage left the index', () => {
    const answer = makeAnswer();
    const embed = renderCitation(answer, answer.quotes[0]!, undefined).embeds[0]!;
    expect(embed.description).toContain('The index has changed since this answer');
  });

  it('lists indexed articles and the articles an answer cites, within limits', () => {
    const articles = Array.from({ length: 300 }, (_, i) => ({ ...VTV_SOURCE, articleId: `${i}`, passages: i }));
    const info = { mode: 'lexical' as const, model: null, articles: 300, passages: 900, builtAt: '2026-01-01T00:00:00Z' };
    const list = renderIndexedArticles(articles, info);
    expectWithinDiscordLimits(list);
    expect(list.embeds[0]!.description).toMatch(/…and \d+ more$/);
    expect(embedText(list)).toContain('none (keyword-only index)');

    const cited = renderCitedArticles(makeHugeAnswer());
    expectWithinDiscordLimits(cited);
    expect(cited.embeds[0]!.title).toBe('Sources cited (1)');
  });

  it('reports what a reindex changed', () => {
    const report = renderReindexReport({
      articles: 6, passages: 80, added: ['005_new.txt'], changed: [], removed: ['002_old.txt'], unchanged: 4,
      mode: 'lexical', model: null, seconds: 1.25, warnings: [],
    });
    expect(report.embeds[0]!.title).toBe('Index updated');
    expect(report.embeds[0]!.fields!.map((f) => f.name)).toEqual(['Added (1)', 'Removed (1)']);
    expect(report.embeds[0]!.fields![0]!.value).toBe('• 005\\_new.txt');
  });
});
