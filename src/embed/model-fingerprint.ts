/**
 * A model's content fingerprint: SHA-256 over the files that make its vectors (its config, its
 * tokenizer and the weights of the configured dtype), wherever they sit. The same model gives
 * the same fingerprint on every machine; another model under the same MODEL_ID (other weights,
 * another tokenizer) does not, where the id, dimensions and dtype of its signature would match.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config.js';
import { locateModel, ONNX_FILE } from './model-location.js';

/** The model's folder: MODEL_DIR, or the download cache's copy of MODEL_ID. */
function modelFolder(model: AppConfig['model']): string {
  const location = locateModel(model);
  return path.join(location.localModelPath ?? location.cacheDir, location.name);
}

/** Feeds `file` into `hash`, named; an absent file counts as absent (an ONNX file without external data). */
function hashFile(hash: ReturnType<typeof createHash>, folder: string, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    hash.update(`${name}\0`);
    const stream = createReadStream(path.join(folder, name));
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('end', () => {
      hash.update('\0');
      resolve();
    });
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') return reject(error);
      hash.update('absent\0');
      resolve();
    });
  });
}

/** Hex SHA-256 of the model's files, for a model that has loaded (its files are there). */
export async function modelFingerprint(model: AppConfig['model']): Promise<string> {
  const folder = modelFolder(model);
  const hash = createHash('sha256');
  const onnx = ONNX_FILE[model.dtype];
  for (const name of ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnx, `${onnx}_data`]) await hashFile(hash, folder, name);
  return hash.digest('hex');
}
