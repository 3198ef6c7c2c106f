/**
 * The layers of ordergate (docs/architecture.md), checked by `npm run lint:layers` in CI: each layer imports
 * only the layers below it. Tests (`*.test.ts`, `test/`, fixtures) may import anything; product code never
 * imports tests. test/layers.test.ts shows a deliberate violation is caught.
 */

/** The layers below the pipeline that partners, the pipeline and everything above may import. */
const BELOW_PIPELINE = ['core', 'x12', 'runtime', 'rules', 'mapping', 'connectors', 'db', 'partners'];

/** Each layer: where it lives, and the layers it may import (itself included). */
const LAYERS = {
  core: { path: '^src/core/', may: ['core'] },
  x12: { path: '^src/x12/', may: ['core', 'x12'] },
  runtime: { path: '^src/runtime/', may: ['core', 'runtime'] },
  rules: { path: '^src/rules/', may: ['core', 'rules'] },
  mapping: { path: '^src/mapping/', may: ['core', 'x12', 'mapping'] },
  connectors: { path: '^connectors/', may: ['core', 'x12', 'runtime', 'rules', 'mapping', 'connectors'] },
  db: { path: '^src/db/', may: ['core', 'runtime', 'db'] },
  partners: { path: '^src/partners/', may: BELOW_PIPELINE },
  // dispatch runs any stage: it knows the database, not partners or formats
  dispatch: { path: '^src/pipeline/dispatch/', may: ['core', 'runtime', 'db', 'dispatch'] },
  pipeline: { path: '^src/pipeline/(?!dispatch/)', may: [...BELOW_PIPELINE, 'dispatch', 'pipeline'] },
  services: { path: '^src/services/', may: [...BELOW_PIPELINE, 'dispatch', 'pipeline', 'services'] },
  api: { path: '^src/api/', may: [...BELOW_PIPELINE, 'dispatch', 'pipeline', 'services', 'api'] },
  // the console's pages: beside the API, calling the same services (the gateway mounts both)
  ui: { path: '^src/ui/', may: [...BELOW_PIPELINE, 'dispatch', 'pipeline', 'services', 'ui'] },
};

/** Test code, wherever it lives: free to import any layer, and never imported by product code. */
const TEST_CODE = ['\\.test\\.ts$', '^test/', '/fixtures/', '^bench/'];

module.exports = {
  forbidden: [
    ...Object.entries(LAYERS).map(([name, layer]) => ({
      name: `layer-${name}`,
      comment: `${layer.path} may import only ${layer.may.join(', ')}`,
      severity: 'error',
      from: { path: layer.path, pathNot: TEST_CODE },
      to: { path: '^(src|connectors)/', pathNot: layer.may.map((may) => LAYERS[may].path) },
    })),
    {
      name: 'no-tests-in-product',
      comment: 'product code never imports test code',
      severity: 'error',
      from: { pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: 'no-circular',
      comment: 'a cycle between modules hides which one is the lower layer',
      severity: 'error',
      from: { pathNot: TEST_CODE },
      // a cycle through type-only imports (a helper typed by the client that uses it) runs in no order
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to no file',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // packages' `exports` maps (hono/factory, tsx/esm/api) as Node resolves them for an ESM import
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
