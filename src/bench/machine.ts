import { createRequire } from 'node:module';
import os from 'node:os';
import { round } from './stats.js';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string => {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
};

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
    onnxruntimeNode: versionOf('onnxruntime-node'),
    transformers: versionOf('@huggingface/transformers'),
    vectra: versionOf('vectra'),
    loadAverage: { start: round(os.loadavg()[0]!) },
  };
}

export const loadAverageNow = () => round(os.loadavg()[0]!);
