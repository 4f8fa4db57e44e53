// Test support: the text of a PDF, as a reader would extract it (unpdf, i.e. PDF.js).
// unpdf loads PDF.js with a dynamic import() of an ES module, which Jest's CommonJS runtime refuses
// (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG); a plain Node process has no such limit.
import { execFileSync } from 'node:child_process';
import { repoRoot } from '../../libs/config/src/paths';

const EXTRACT = `
import { readFileSync } from 'node:fs';
import { extractText, getDocumentProxy } from 'unpdf';
const pdf = await getDocumentProxy(new Uint8Array(readFileSync(0)));
const { text } = await extractText(pdf, { mergePages: true });
process.stdout.write(text);
`;

/** The PDF's text, pages joined. Throws when the bytes are not a readable PDF. */
export function pdfText(pdf: Buffer): string {
  return execFileSync(process.execPath, ['--input-type=module', '--eval', EXTRACT], {
    input: pdf,
    // From the project root, so that `unpdf` resolves from its node_modules.
    cwd: repoRoot,
    encoding: 'utf8',
  });
}
