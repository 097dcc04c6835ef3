import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedBackend } from '../../../src/store/embedded/backend.js';
import { storeContract } from './store-contract.js';

storeContract('embedded (SQLite keyword index, vectra vectors)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-contract-'));
  const backend = new EmbeddedBackend(dir);
  return {
    backend,
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
    damage: async () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      fs.truncateSync(path.join(dir, manifest.generation, 'vectors', 'index.pb'), 100);
    },
  };
});
