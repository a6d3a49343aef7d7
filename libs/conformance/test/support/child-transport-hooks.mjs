// Module resolution hooks of the child transport's worker: every URL the ESM loader resolves is posted back, so
// the worker can report its whole module graph (CommonJS modules are listed from require.cache).
let port;
export function initialize(data) {
  port = data.port;
}
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  port.postMessage(result.url);
  return result;
}
