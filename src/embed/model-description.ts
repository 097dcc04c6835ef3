/**
 * The operator's view of the model: one line saying how questions are answered (hybrid search
 * with which model, loaded from where; or keyword search only, why, and what to do), printed by
 * `npm run index` and logged by the bot at start-up.
 */
import type { AppConfig } from '../config.js';
import { locateModel } from './model-location.js';

export interface RetrievalState {
  /** The answer engine's retrieval mode (hybrid, dense or lexical). */
  mode: string;
  /** The index's model id (null for a keyword-only index). */
  model: string | null;
  /** Why answers are keyword-only, when they are (the manifest's or the loader's reason). */
  lexicalReason?: string | null;
}

export interface RetrievalDescription {
  mode: 'hybrid' | 'dense' | 'keyword-only';
  model: string | null;
  dtype: string | null;
  /** Where the model's files come from (hybrid), e.g. `MODEL_DIR /srv/models/multilingual-e5-small`. */
  source: string | null;
  /** Why keyword-only, and what to do (keyword-only). */
  reason: string | null;
  /** All of it in one sentence. */
  line: string;
}

const WHAT_THE_MODEL_DOES = 'questions in a language no article is written in need the embedding model';

/** Where the configured model is loaded from. */
export function describeModelSource(model: AppConfig['model']): string {
  const location = locateModel(model);
  if (location.localModelPath) return `MODEL_DIR ${model.localDir}`;
  return `the Hugging Face Hub, downloaded on first use into ${location.cacheDir}`;
}

export function describeRetrieval(state: RetrievalState, config: Pick<AppConfig, 'lexicalOnly' | 'model'>): RetrievalDescription {
  if ((state.mode === 'hybrid' || state.mode === 'dense') && state.model) {
    const source = describeModelSource(config.model);
    const how = state.mode === 'hybrid' ? 'hybrid search: keywords and' : 'dense search with';
    return {
      mode: state.mode,
      model: state.model,
      dtype: config.model.dtype,
      source,
      reason: null,
      line: `${how} the embedding model ${state.model} (${config.model.dtype}, from ${source}).`,
    };
  }
  const reason = config.lexicalOnly
    ? `LEXICAL_ONLY is set; ${WHAT_THE_MODEL_DOES}: unset it and run \`npm run index\`.`
    : `${withPeriod(state.lexicalReason ?? 'The embedding model is not loaded.')} ${afterTheFix(state)}`;
  return { mode: 'keyword-only', model: null, dtype: null, source: null, reason, line: `keyword search only. ${reason}` };
}

/**
 * A keyword-only index stays so until rebuilt (an unchanged corpus is not re-indexed); a hybrid
 * index whose model failed to load (it still names its model) needs only a restart.
 */
function afterTheFix(state: RetrievalState): string {
  return state.model
    ? `The index has the model's vectors: once the model loads, restart (${WHAT_THE_MODEL_DOES}).`
    : `Once the model loads, \`npm run index -- --rebuild\` makes the index hybrid (${WHAT_THE_MODEL_DOES}).`;
}

function withPeriod(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
