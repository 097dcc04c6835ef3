import type { PrefixScheme } from './types.js';

/** `auto` picks e5's `query: `/`passage: ` prefixes for e5-family models and none otherwise. */
export function resolvePrefixScheme(setting: 'auto' | PrefixScheme, modelId: string): PrefixScheme {
  if (setting !== 'auto') return setting;
  return /(^|[/_-])e5([_-]|$)/i.test(modelId) ? 'e5' : 'none';
}

export function prefixFor(scheme: PrefixScheme, kind: 'query' | 'passage'): string {
  return scheme === 'e5' ? `${kind}: ` : '';
}
