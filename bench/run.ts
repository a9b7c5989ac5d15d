/**
 * `npm run bench`: runs each benchmark section in order. Not a test.
 * To add a section, append its module to SECTIONS; each exports `async function run(): Promise<void>`.
 */
const SECTIONS: string[] = [
  './series.bench.ts',
  './verify.bench.ts',
  './corpus.bench.ts',
];

for (const path of SECTIONS) {
  const mod = (await import(path)) as { run: () => Promise<void> };
  await mod.run();
}
