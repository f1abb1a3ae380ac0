// Gives each Jest worker the settings `npm test` prepared for it (TEST_WORKER_ENVS: one object
// a worker, the first empty): its own database, NATS server and Redis database. Runs before each
// test file, so every module the suite loads reads the worker's own settings.
const envs = process.env.TEST_WORKER_ENVS ? JSON.parse(process.env.TEST_WORKER_ENVS) : [];
const worker = Number(process.env.JEST_WORKER_ID ?? 1);
if (envs.length > 0) Object.assign(process.env, envs[(worker - 1) % envs.length]);
