/**
 * The module graph of src/ (see docs/architecture.md), checked by `npm run lint:deps` in `npm test`:
 * no import cycles between files, and feature modules only depend downwards:
 *   catalog ← flows ← executions ← scheduler ← overview, health
 * backup-client is used by executions only; live only listens to domain events; common, config,
 * database, events, metrics, logging and security are infrastructure.
 */
const feature = (name) => `^src/${name}/`;
const rule = (name, from, to, comment) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles hide dependencies.', from: {}, to: { circular: true } },
    rule(
      'catalog-is-the-base',
      feature('catalog'),
      '^src/(flows|executions|scheduler|overview|health|backup-client)/',
      'The catalog depends on no other feature module.',
    ),
    rule('flows-depend-on-catalog-only', feature('flows'), '^src/(executions|scheduler|overview|health|backup-client)/', 'Flows depends on the catalog only.'),
    rule('executions-below-scheduler', feature('executions'), '^src/(scheduler|overview|health)/', 'The scheduler builds on executions, not the reverse.'),
    rule('scheduler-below-views', feature('scheduler'), '^src/(overview|health)/', 'Views build on the scheduler, not the reverse.'),
    rule(
      'backup-client-is-a-leaf',
      feature('backup-client'),
      '^src/(catalog|flows|executions|scheduler|overview|health)/',
      'The backup client knows no feature module.',
    ),
    rule(
      'infrastructure-knows-no-feature',
      '^src/(common|config|database|events|metrics|logging|security)/',
      '^src/(catalog|flows|executions|scheduler|overview|health|backup-client|live|notifications)/',
      'Shared infrastructure must not depend on feature modules.',
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
