import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { round } from './stats.js';

/** A dependency's version, from its package.json (some packages' exports do not expose that file). */
export function packageVersion(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  onnxruntimeNode: string;
  transformers: string;
  vectra: string;
  /** 1-minute load average when the run started and ended: other work on the machine skews every figure. */
  loadAverage: { start: number; end?: number };
}

export function describeMachine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    onnxruntimeNode: packageVersion('onnxruntime-node'),
    transformers: packageVersion('@huggingface/transformers'),
    vectra: packageVersion('vectra'),
    loadAverage: { start: round(os.loadavg()[0]!) },
  };
}

export const loadAverageNow = () => round(os.loadavg()[0]!);
