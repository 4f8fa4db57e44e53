// The registry mirror here serves only some platforms' optional binaries (e.g. @swc/core-darwin-*),
// so npm leaves them out of package-lock.json and `npm ci` then refuses the lock as incomplete.
// This records each missing optional dependency as optional: npm skips it on platforms it does not fit.
// Run it after `npm install <package>`: `node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
let added = 0;
for (const entry of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const path = `node_modules/${name}`;
    if (!lock.packages[path]) {
      lock.packages[path] = { version, optional: true };
      added += 1;
    }
  }
}
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`recorded ${added} optional platform packages`);
