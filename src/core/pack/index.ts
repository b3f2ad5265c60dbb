/** Evidence packs: the format (format.ts), building and hashing, verifying, and the viewer page. Browser-safe: no Node built-ins. */
export * from './format';
export { buildPack, packHashes, providerOfResponse, serializePack, type PackInput } from './build';
export { canonicalJson, sha256Hex } from './hash';
export { rescoreLocal, verifyPackHashes, type HashMismatch, type RescoreMismatch, type RescoreReport } from './verify';
export { viewerData, type ViewerData, type ViewAnalysis, type ViewTable } from './viewerData';
export { jsonForScriptTag, packViewerHtml } from './viewerPage';
