/**
 * What the product ships never depends on the test suite: no file under src/ imports from test/,
 * and the entry points users run (the bot, command registration, the CLI) never reach the
 * development tools in src/dev/ (the fake Discord) through their static imports.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { inside, localImports, sourceFiles } from '../support/source-imports.js';

const SRC = path.join(PROJECT_ROOT, 'src');
const TEST = path.join(PROJECT_ROOT, 'test');
const DEV = path.join(SRC, 'dev');
const ENTRY_POINTS = ['src/discord/main.ts', 'src/discord/register.ts', 'src/cli/main.ts'];

describe('what the product ships', () => {
  it('imports nothing from test/', () => {
    const offenders = sourceFiles(SRC).flatMap((file) =>
      localImports(file)
        .filter(({ target }) => inside(TEST, target))
        .map(({ target }) => `${path.relative(PROJECT_ROOT, file)} → ${path.relative(PROJECT_ROOT, target)}`),
    );
    expect(offenders).toEqual([]);
  });

  it('never reaches the development tools in src/dev/ from an entry point users run', () => {
    const seen = new Set<string>();
    const pending = ENTRY_POINTS.map((entry) => path.join(PROJECT_ROOT, entry));
    const reached: string[] = [];
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      if (inside(DEV, file) || inside(TEST, file)) reached.push(path.relative(PROJECT_ROOT, file));
      for (const { target, dynamic } of localImports(file)) if (!dynamic) pending.push(target);
    }
    expect(seen.size).toBeGreaterThan(20); // the walk really followed the imports
    expect(reached).toEqual([]);
  });

  it('ships a logger with no test helper in it (the in-memory logger lives in test/support)', async () => {
    const shipped = await import('../../src/discord/logger.js');
    expect(Object.keys(shipped).sort()).toEqual(['createLogger', 'redact']);
  });
});
