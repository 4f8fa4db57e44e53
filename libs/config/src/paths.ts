import { join, resolve, sep } from 'node:path';

/** The repository root, whether this runs from libs/config/src (tests) or dist/libs/config/src (compiled). */
export const repoRoot = resolve(
  __dirname,
  __dirname.split(sep).includes('dist') ? '../../../..' : '../../..',
);
/** Local state of `npm start`: the Temporal database and generated secrets. */
export const dataDir = process.env.DATA_DIR || join(repoRoot, '.data');
export const appEntry = (app: 'api' | 'worker' | 'ems-simulator' | 'ndelius-stand-in') =>
  join(repoRoot, 'dist', 'apps', app, 'src', 'main.js');
