import { join, resolve, sep } from 'node:path';

/** The repository root, whether this runs from scripts/ (ts-jest) or dist/scripts/ (compiled). */
export const repoRoot = resolve(__dirname, __dirname.split(sep).includes('dist') ? '../..' : '..');
export const dataDir = join(repoRoot, '.data');
export const appEntry = (app: 'api' | 'worker') => join(repoRoot, 'dist', 'apps', app, 'src', 'main.js');
