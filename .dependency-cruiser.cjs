/**
 * Import rules checked by `pnpm lint` (dependency-cruiser). The kernel knows no domain: it imports
 * nothing from core's modules, which plug into it like any plugin. And packages meet only through
 * their public entry points, never by reaching into another package's `src/` with a relative path.
 */
module.exports = {
  forbidden: [
    {
      name: 'kernel-knows-no-domain',
      severity: 'error',
      comment:
        "The kernel (packages/core/src/kernel) imports only the kernel and the shared value types (values/: money, days, time zones — no domain): core's modules add their hooks, jobs and contributions by declaration merging.",
      from: { path: '^packages/core/src/kernel/' },
      to: { path: '^packages/core/src/', pathNot: '^packages/core/src/(kernel|values)/' },
    },
    {
      name: 'no-reaching-into-another-package',
      severity: 'error',
      comment:
        'Import another package by its name (its public entry points), never a relative path into its src/.',
      from: { path: '^((?:packages|examples)/[^/]+|tests)/' },
      to: { dependencyTypes: ['local'], path: '^(packages|examples)/[^/]+/src/', pathNot: '^$1/' },
    },
    {
      name: 'no-unresolvable-relative-import',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['local'], couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|\\.tmp)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      conditionNames: ['@rapport/source', 'import', 'types', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
  },
};
