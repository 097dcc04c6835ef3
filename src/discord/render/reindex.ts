/** `/reindex`: what changed in the index. */
import type { IndexReport } from '../../app/service-types.js';
import { modeLabel } from './labels.js';
import { LIMITS } from './limits.js';
import { COLOURS, embedMessage, type BotMessage } from './message.js';
import { escapeText, joinLinesWithin, safeText } from './text.js';

function listField(name: string, items: string[]) {
  const lines = items.map((item) => `• ${safeText(item, 200)}`);
  return { name: `${name} (${items.length})`, value: joinLinesWithin(lines, LIMITS.fieldValue, (n) => `…and ${n} more`) };
}

export function renderReindexReport(report: IndexReport): BotMessage {
  const changes = report.added.length + report.changed.length + report.removed.length;
  const lists = (
    [
      ['Added', report.added],
      ['Changed', report.changed],
      ['Removed', report.removed],
      ['Warnings', report.warnings],
    ] as const
  ).filter(([, items]) => items.length > 0);
  return embedMessage({
    title: changes ? 'Index updated' : 'Index already up to date',
    description: [
      `${report.articles} articles, ${report.passages} passages (${report.unchanged} unchanged).`,
      `${modeLabel(report.mode)} · model ${report.model ? escapeText(report.model) : 'none'} · ${report.seconds.toFixed(1)} s`,
    ].join('\n'),
    color: COLOURS.info,
    fields: lists.map(([name, items]) => listField(name, items)),
  });
}
