import { loadConfig, loadDotenvFile, type AppConfig } from '../config.js';

/** A command's settings: `.env` under the environment (which wins), validated. Read only once the command line is valid. */
export function loadCliConfig(): AppConfig {
  loadDotenvFile();
  return loadConfig();
}
