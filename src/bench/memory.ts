import { readFileSync } from 'node:fs';

const MB = 1024 * 1024;

/**
 * This process's peak resident set in MiB: VmHWM from /proc (Linux), else getrusage's maxRSS.
 * Read in a child process that did only the measured work, so the figure is that work's.
 */
export function peakRssMb(): number {
  try {
    const line = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (line) return (Number(line[1]) * 1024) / MB;
  } catch {
    // not Linux: fall through
  }
  return (process.resourceUsage().maxRSS * 1024) / MB;
}
