/**
 * The module graph of src/ (see docs/architecture.md), checked by `npm run lint:deps` in `npm test`:
 * no import cycles between files, and feature modules only depend downwards:
 *   catalog ← flows ← executions ← scheduler, catalog-sync ← flows-api, catalog-api (the HTTP APIs that compose them), health
 * backup-client is used by executions only; live and notifications react to domain events; common,
 * config, database, events, metrics, logging and security are infrastructure and know no feature.
 * Inside executions, the run engine's board (dispatch/) is private to dispatch/.
 */
const feature = (name) => `^src/${name}/`;
const rule = (name, from, to, comment) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });
const APIS = 'flows-api|catalog-api|reports-api';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles hide dependencies.', from: {}, to: { circular: true } },
    rule(
      'catalog-is-the-base',
      feature('catalog'),
      `^src/(flows|executions|scheduler|catalog-sync|${APIS}|health|backup-client|live|notifications)/`,
      'The catalog depends on no other feature module.',
    ),
    rule(
      'flows-depend-on-catalog-only',
      feature('flows'),
      `^src/(executions|scheduler|catalog-sync|${APIS}|health|backup-client|live|notifications)/`,
      'Flows depends on the catalog only.',
    ),
    rule(
      'executions-below-scheduler',
      feature('executions'),
      `^src/(scheduler|${APIS}|health|live|notifications)/`,
      'The scheduler builds on executions, not the reverse.',
    ),
    rule('scheduler-below-the-apis', feature('scheduler'), `^src/(${APIS}|health|live|notifications)/`, 'The APIs build on the scheduler, not the reverse.'),
    rule(
      'apis-are-the-top',
      '^src/(catalog|flows|executions|scheduler|catalog-sync|health|backup-client|live|notifications|common|config|database|events|metrics|logging|security)/',
      `^src/(${APIS})/`,
      'Nothing but the composition root (src/app.module.ts) uses the HTTP API modules.',
    ),
    rule(
      'backup-client-is-a-leaf',
      feature('backup-client'),
      `^src/(catalog|flows|executions|scheduler|catalog-sync|${APIS}|health|live|notifications)/`,
      'The backup client knows no feature module.',
    ),
    rule(
      'infrastructure-knows-no-feature',
      '^src/(common|config|database|events|metrics|logging|security)/',
      `^src/(catalog|flows|executions|scheduler|catalog-sync|${APIS}|health|backup-client|live|notifications)/`,
      'Shared infrastructure must not depend on feature modules.',
    ),
    {
      name: 'dispatch-board-is-private',
      comment: "The run engine's board is used only inside executions/dispatch/; the rest reaches the engine through FlowDispatcher.",
      severity: 'error',
      from: { pathNot: '^src/executions/dispatch/' },
      to: { path: '^src/executions/dispatch/(dispatch-board|run-state)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
