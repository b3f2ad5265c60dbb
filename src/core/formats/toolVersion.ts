/**
 * This tool's version, recorded in what it exports (Inspect's eval.packages, the dataset card).
 * Kept equal to package.json's by a test, since the core cannot read files.
 */
export const TOOL_VERSION = '0.1.0';
