import { expect, it } from 'vitest';
import { renderAnswerText } from '../../src/cli/render-answer.js';
import { makeAnswer, quote, VTV_SOURCE } from '../discord/fixtures.js';

it("names the title, the outlet and the publication date beside each quote's source, and a PDF quote's page", () => {
  const dated = { ...VTV_SOURCE, outlet: 'vtv.vn', published: '2025-10-25T21:07:01+07:00' };
  const text = renderAnswerText(makeAnswer({ quotes: [quote(1, dated, 'Representanter fra 72 land signerte.', { page: 2 })] }));
  expect(text).toContain(`    “${VTV_SOURCE.title}” — vtv.vn, 2025-10-25 — ${VTV_SOURCE.articleId}, Norwegian Bokmål, page 2, paragraph 4 — ${VTV_SOURCE.url}`);
});

it('keeps the plain line for articles that state no outlet or date', () => {
  const text = renderAnswerText(makeAnswer({ quotes: [quote(1, VTV_SOURCE, 'Representanter fra 72 land signerte.')] }));
  expect(text).toContain(`    ${VTV_SOURCE.articleId}, Norwegian Bokmål, paragraph 4 — ${VTV_SOURCE.url}`);
});
