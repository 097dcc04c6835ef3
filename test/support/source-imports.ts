/** The project's own imports, read from its TypeScript sources (for tests of what may import what). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(dir, name));
}

/** The project files `file` imports, statically (`import … from`, `export … from`) or dynamically (`import()`). */
export function localImports(file: string): Array<{ target: string; dynamic: boolean }> {
  const text = readFileSync(file, 'utf8');
  const found = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  const dynamic = new Set([...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!));
  return found
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => ({ target: path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts'), dynamic: dynamic.has(specifier) }));
}

export const inside = (dir: string, file: string) => !path.relative(dir, file).startsWith('..');
