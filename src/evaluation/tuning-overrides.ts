/**
 * Overrides of the answer engine's tuning constants for an evaluation run (`--tuning file.json`,
 * `--set-tuning key=value`), checked against the defaults so a misspelt key or a wrong type fails
 * loudly instead of silently measuring the defaults.
 */

export type TuningOverrides = { [key: string]: unknown };

const isRecord = (v: unknown): v is TuningOverrides => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `a.b=0.4` → `{ a: { b: 0.4 } }`; the value is read as JSON when it is JSON, else as a string. */
export function parseTuningAssignments(assignments: readonly string[]): TuningOverrides {
  const result: TuningOverrides = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new Error(`"${assignment}" is not key=value`);
    const keys = assignment.slice(0, eq).trim().split('.');
    const raw = assignment.slice(eq + 1).trim();
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    let target = result;
    for (const key of keys.slice(0, -1)) {
      if (!isRecord(target[key])) target[key] = {};
      target = target[key] as TuningOverrides;
    }
    target[keys.at(-1)!] = value;
  }
  return result;
}

/** Later overrides win, key by key. */
export function mergeOverrides(...layers: TuningOverrides[]): TuningOverrides {
  const result: TuningOverrides = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      result[key] = isRecord(value) && isRecord(result[key]) ? mergeOverrides(result[key] as TuningOverrides, value) : value;
    }
  }
  return result;
}

/** The defaults with the overrides applied; every key must exist in the defaults, with the same type. */
export function applyTuning<T extends object>(defaults: T, overrides: TuningOverrides, prefix = ''): T {
  const result: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) {
    const name = `${prefix}${key}`;
    if (!(key in result)) throw new Error(`unknown tuning constant "${name}" (known: ${Object.keys(result).map((k) => prefix + k).join(', ')})`);
    const current = result[key];
    if (isRecord(current)) {
      if (!isRecord(value)) throw new Error(`tuning constant "${name}" is a group; set its members (${name}.…)`);
      result[key] = applyTuning(current, value, `${name}.`);
    } else if (typeof value !== typeof current || Array.isArray(value) !== Array.isArray(current)) {
      throw new Error(`tuning constant "${name}" is a ${Array.isArray(current) ? 'list' : typeof current}, not ${JSON.stringify(value)}`);
    } else {
      result[key] = value;
    }
  }
  return result as T;
}

export const hasOverrides = (overrides: TuningOverrides) => Object.keys(overrides).length > 0;
