/**
 * The small WebAssembly kernels the embedded store scans vectors with (vector-matrix.ts,
 * int8-rows.ts): compiled once, each instance over its own memory of rows.
 */

/** The part of the WebAssembly API used here (@types/node declares its types but not the global). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const WASM_PAGE = 65536;
/** The most a 32-bit WebAssembly memory holds. */
export const WASM_MAX_BYTES = 65536 * WASM_PAGE;

/** A kernel over (query offset, first row offset, rows, dims, output offset), all in bytes but rows and dims. */
export type RowKernel = (q: number, row: number, rows: number, dims: number, out: number) => void;

/** Compiles a module (base64) exporting `name` and importing env.memory; null where it cannot run (no SIMD). */
export function compileKernel(base64: string, name: string): ((bytes: number) => { kernel: RowKernel; buffer: ArrayBuffer }) | null {
  const bytes = Buffer.from(base64, 'base64');
  if (!wasm.validate(bytes)) return null;
  const module = new wasm.Module(bytes);
  return (size) => {
    const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(size / WASM_PAGE)) });
    return { kernel: new wasm.Instance(module, { env: { memory } }).exports[name] as RowKernel, buffer: memory.buffer };
  };
}
