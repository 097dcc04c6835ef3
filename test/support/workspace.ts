/**
 * A throwaway project folder for tests: its own seeds, index and (optionally) the generated
 * tiny model, with an AppConfig parsed from an environment the test controls.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, PROJECT_ROOT, type AppConfig } from '../../src/config.js';
import { generateConceptModel, generateTinyModel } from '../../src/tools/onnx/index.js';

export const REPO_SEEDS = path.join(PROJECT_ROOT, 'seeds');
/** The concept lexicon the `concepts` test model is made from. */
export const TEST_LEXICON = path.join(PROJECT_ROOT, 'test', 'fixtures', 'concept-lexicon.txt');

export interface Workspace {
  dir: string;
  seedsDir: string;
  indexDir: string;
  env: Record<string, string>;
  config: AppConfig;
  /** Re-parses the configuration after a test changed `env`. */
  reload(): AppConfig;
  cleanup(): void;
}

export interface WorkspaceOptions {
  /** Articles by file name; default: a copy of the repository's seeds. */
  seeds?: Record<string, string>;
  /**
   * `tiny`: the generated tiny model (random weights); `concepts`: the concept-lexicon model, whose
   * vectors match translations (`lexicon`, default TEST_LEXICON); `missing`: a model folder that
   * does not exist; `none`: LEXICAL_ONLY.
   */
  model?: 'tiny' | 'concepts' | 'missing' | 'none';
  lexicon?: string;
}

export function makeWorkspace(options: WorkspaceOptions = {}): Workspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-'));
  const seedsDir = path.join(dir, 'seeds');
  const indexDir = path.join(dir, 'index');
  fs.mkdirSync(seedsDir);
  if (options.seeds) {
    for (const [name, text] of Object.entries(options.seeds)) fs.writeFileSync(path.join(seedsDir, name), text);
  } else {
    fs.cpSync(REPO_SEEDS, seedsDir, { recursive: true });
  }
  const env: Record<string, string> = { SEEDS_DIR: seedsDir, INDEX_DIR: indexDir, MODEL_CACHE_DIR: path.join(dir, 'cache'), LOG_LEVEL: 'silent' };
  const model = options.model ?? 'none';
  if (model === 'tiny') {
    const generated = generateTinyModel(path.join(dir, 'models', 'tiny-bert'));
    Object.assign(env, { MODEL_DIR: generated.dir, MODEL_ID: 'tiny-bert' });
  } else if (model === 'concepts') {
    const generated = generateConceptModel(options.lexicon ?? TEST_LEXICON, path.join(dir, 'models', 'concept-model'));
    Object.assign(env, { MODEL_DIR: generated.dir, MODEL_ID: 'concept-model' });
  } else if (model === 'missing') {
    Object.assign(env, { MODEL_DIR: path.join(dir, 'models', 'absent'), MODEL_ID: 'absent-model' });
  } else {
    env.LEXICAL_ONLY = 'true';
  }
  const workspace: Workspace = {
    dir,
    seedsDir,
    indexDir,
    env,
    config: loadConfig(env),
    reload: () => (workspace.config = loadConfig(env)),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  return workspace;
}
