/**
 * The layers flow one way: corpus → embed → store → answer → app and evaluation → cli and discord,
 * with the development tools (bench, tools, dev) on top and the shared helpers at the top of src/
 * (config.ts, errors.ts, files.ts, …) underneath everything. A file imports only from its own
 * folder, a layer below, or those helpers; above the store, code reaches a store through its seam
 * (src/store/seam.ts and the modules beside it), never into one store's folder; the answer engine
 * through src/store/seam.ts alone, the bot through the app.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { inside, localImports, sourceFiles } from '../support/source-imports.js';

const SRC = path.join(PROJECT_ROOT, 'src');

/** Each folder of src/ and its height: a file may import from its own folder and from lower heights. */
const LAYERS: Record<string, number> = {
  corpus: 1,
  embed: 2,
  store: 3,
  answer: 4,
  app: 5,
  evaluation: 5,
  cli: 6,
  discord: 6,
  bench: 7,
  tools: 7,
  dev: 7,
};
/** The development tools may use one another. */
const TOOLS = 7;

/** The stores' own folders, behind the seam. */
const STORE_FOLDERS = ['store/embedded', 'store/postgres', 'store/memory'];

/** Imports allowed although they cross the rules, each with its reason. */
const EXCEPTIONS: Record<string, string> = {
  // `npm start` and `npm run register` are commands of the command line: it starts the bot's entry points.
  'cli/commands/discord-commands.ts → discord/main.ts': 'the command line starts the bot',
  'cli/commands/discord-commands.ts → discord/register.ts': 'the command line registers the bot',
};

const relative = (file: string) => path.relative(SRC, file).split(path.sep).join('/');
const folderOf = (file: string) => {
  const parts = relative(file).split('/');
  return parts.length === 1 ? null : parts[0]!;
};
/** The shared helpers at the top of src/ are below every layer. */
const heightOf = (file: string) => {
  const folder = folderOf(file);
  if (folder === null) return 0;
  const height = LAYERS[folder];
  if (height === undefined) throw new Error(`src/${folder}/ has no place in the layers: add it to LAYERS`);
  return height;
};

/** Every import of a file under src/ that breaks a rule, as "from → to: why". */
function breaches(): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const from = relative(file);
    for (const { target } of localImports(file)) {
      if (!inside(SRC, target)) continue;
      const to = relative(target);
      if (`${from} → ${to}` in EXCEPTIONS) continue;
      const [ownFolder, targetFolder] = [folderOf(file), folderOf(target)];
      const [own, theirs] = [heightOf(file), heightOf(target)];
      if (ownFolder !== targetFolder && (theirs > own || (theirs === own && own !== TOOLS))) found.add(`${from} → ${to}: ${ownFolder ?? 'src/'} may not import from ${targetFolder}/ (a layer above or beside it)`);
      else if (ownFolder !== 'store' && ownFolder !== 'bench' && STORE_FOLDERS.some((folder) => to.startsWith(`${folder}/`)))
        found.add(`${from} → ${to}: only the store reaches into one store's folder; use the seam`);
      else if (ownFolder === 'answer' && targetFolder === 'store' && to !== 'store/seam.ts') found.add(`${from} → ${to}: the answer engine sees the store only through store/seam.ts`);
      else if (ownFolder === 'discord' && targetFolder === 'store') found.add(`${from} → ${to}: the bot reaches the store through the app's service`);
    }
  }
  return [...found];
}

describe('the layers', () => {
  it('flow one way, and reach a store only through its seam', () => {
    expect(breaches()).toEqual([]);
  });

  it('allow no exception that no import needs any more', () => {
    const imports = new Set(sourceFiles(SRC).flatMap((file) => localImports(file).map(({ target }) => `${relative(file)} → ${relative(target)}`)));
    expect(Object.keys(EXCEPTIONS).filter((exception) => !imports.has(exception))).toEqual([]);
  });

  it('are read from the real imports (the scan finds what it must)', () => {
    const imports = sourceFiles(SRC).flatMap((file) => localImports(file).map(({ target }) => `${relative(file)} → ${relative(target)}`));
    expect(imports).toContain('answer/engine.ts → store/seam.ts');
    expect(imports).toContain('store/embedded/keyword-store.ts → corpus/text/bm25.ts');
    // The dynamic import of the PostgreSQL store's module counts too.
    expect(imports).toContain('store/backend.ts → store/postgres/backend.ts');
  });
});
