// After tsup: core's modules add to the kernel's open interfaces (`CrmHooks`, `JobMap`,
// `PluginContributions`) with `declare module '../kernel/<file>.js'`, as plugins do. The declaration
// bundler keeps those relative specifiers, which mean nothing once bundled; since the bundle holds the
// interface and its augmentations in one file, each augmentation becomes a plain second declaration of
// the interface there, which TypeScript merges. Fails the build rather than publish types without them.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const augmentation = /declare module '\.\.\/kernel\/[a-z-]+\.js' \{\n([\s\S]*?)\n\}/g;
let merged = 0;
for (const file of (await readdir(dist)).filter((name) => name.endsWith('.d.ts'))) {
  const path = join(dist, file);
  const text = await readFile(path, 'utf8');
  if (!/declare module '\.\.\/kernel\//.test(text)) continue;
  const unwrapped = text.replace(augmentation, (_, body) => {
    for (const [, name] of body.matchAll(/^ {4}interface (\w+)/gm)) {
      if (!new RegExp(`^interface ${name}\\b`, 'm').test(text)) {
        console.error(`${file} augments ${name} but does not declare it: its merged members would be lost`);
        process.exit(1);
      }
    }
    merged++;
    return body.replace(/^ {4}/gm, '');
  });
  await writeFile(path, unwrapped);
}
if (merged < 4) {
  console.error(
    `only ${merged} kernel augmentations found in dist/*.d.ts; expected core's hooks, jobs and contributions`,
  );
  process.exit(1);
}
console.log(`merged ${merged} augmentation(s) of kernel interfaces`);
