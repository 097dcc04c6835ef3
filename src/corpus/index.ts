export type { Article, Paragraph, Passage, TokenCounter } from './types.js';
export { parseArticle, isPhotoCaption } from './parse-article.js';
export { splitIntoPassages, CHUNKER_VERSION, type SplitOptions } from './split-passages.js';
export { splitSentences, type SentenceSpan } from './sentences.js';
export { detectLanguage } from './language.js';
