export type { Article, ArticleMetadata, Paragraph, Passage, TokenCounter } from './types.js';
export { parseArticle, isPhotoCaption } from './parse-article.js';
export { splitIntoPassages, CHUNKER_VERSION, type SplitOptions } from './split-passages.js';
export { splitSentences, type SentenceSpan } from './sentences.js';
export { detectLanguage, languageOfTag } from './language.js';
export { formatArticleFile, hostOf, readHeader, pageOf, type ArticleHeader } from './article-file.js';
