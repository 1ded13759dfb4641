import { fileURLToPath } from 'node:url';

/** Repository root, resolved from this file so synth works from any working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const repoPath = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
