import path from 'node:path';
import type { AppConfig } from '../config.js';

/**
 * Where transformers.js should look for a model: a local folder (nothing downloaded), or a
 * Hub id whose downloads are cached in the project's cache folder.
 */
export interface ModelLocation {
  /** The name passed to `from_pretrained`. */
  name: string;
  /** What the index records as the model id. */
  id: string;
  localModelPath: string | undefined;
  cacheDir: string;
  allowRemote: boolean;
}

export function locateModel(model: AppConfig['model']): ModelLocation {
  if (model.localDir) {
    return {
      name: path.basename(model.localDir),
      id: model.id,
      localModelPath: path.dirname(model.localDir),
      cacheDir: model.cacheDir,
      allowRemote: false,
    };
  }
  return { name: model.id, id: model.id, localModelPath: undefined, cacheDir: model.cacheDir, allowRemote: true };
}

type Dtype = AppConfig['model']['dtype'];

/** The ONNX file per dtype, as transformers.js names them (its DEFAULT_DTYPE_SUFFIX_MAPPING, not exported). */
export const ONNX_FILE: Record<Dtype, string> = {
  fp32: 'onnx/model.onnx',
  fp16: 'onnx/model_fp16.onnx',
  q8: 'onnx/model_quantized.onnx',
  int8: 'onnx/model_int8.onnx',
  uint8: 'onnx/model_uint8.onnx',
  q4: 'onnx/model_q4.onnx',
};
