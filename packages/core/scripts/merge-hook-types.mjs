// After tsup: core's modules merge their hooks into the kernel's `CrmHooks` with
// `declare module '../kernel/hooks.js'`. The declaration bundler keeps that relative specifier, which
// means nothing once bundled; since the bundle holds both declarations in one file, the augmentation
// becomes a plain second `interface CrmHooks` there, which TypeScript merges. Fails the build rather
// than publish hook maps without core's hooks.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const augmentation =
  /declare module '\.\.\/kernel\/hooks\.js' \{\n\s*(interface CrmHooks extends [^{]+\{)\s*\}\s*\}/g;
let merged = 0;
for (const file of (await readdir(dist)).filter((name) => name.endsWith('.d.ts'))) {
  const path = join(dist, file);
  const text = await readFile(path, 'utf8');
  if (!text.includes("declare module '../kernel/hooks.js'")) continue;
  if (!/^interface CrmHooks \{/m.test(text)) {
    console.error(`${file} augments CrmHooks but does not declare it: the bundled hook types would be lost`);
    process.exit(1);
  }
  await writeFile(
    path,
    text.replace(augmentation, (_, head) => {
      merged++;
      return `${head}\n}`;
    }),
  );
}
if (merged === 0) {
  console.error('no CrmHooks augmentation found in dist/*.d.ts: core modules would publish no hook types');
  process.exit(1);
}
console.log(`merged ${merged} hook declaration(s) into CrmHooks`);
