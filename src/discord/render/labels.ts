/** Small shared wordings, so every view names modes and durations the same way. */
import type { RetrievalMode } from '../../answer/types.js';

const MODE_LABELS: Record<RetrievalMode, string> = {
  hybrid: 'hybrid search (keywords + meaning)',
  dense: 'semantic search',
  lexical: 'keyword search',
};

export function modeLabel(mode: RetrievalMode): string {
  return MODE_LABELS[mode];
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
