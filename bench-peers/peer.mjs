// A peer of the lumiku-worker generation queue, driven by `bench generation-queue --peers`
// (src/main/java/com/lumiku/worker/bench/PeerProcess.java speaks this protocol).
//
//   node peer.mjs <graphile|pgboss> <worker-url> <seed-url> <workers>
//
// Starts the system's workers with a no-op task on <worker-url> (its own scratch database),
// prints "ready", then reads commands on standard input, one a line:
//   seed N      adds N jobs through the system's own API on <seed-url> (another role, so the
//               benchmark can leave the seeding out of the workers' database cost), then
//               prints "seeded"
//   report F    writes "<job id> <claim-to-start microseconds>" for every job run since the
//               last report to file F, then prints "reported <count>"
//   stop        stops the workers gracefully and exits
// Claim-to-start is measured from the job's lock time by the database clock (graphile-worker's
// locked_at, pg-boss's startedOn) to the moment the handler starts.
import { createInterface } from 'node:readline';
import { writeFileSync } from 'node:fs';

const [system, workerUrl, seedUrl, workersText] = process.argv.slice(2);
const workers = Number.parseInt(workersText, 10);
if (!['graphile', 'pgboss'].includes(system) || !workerUrl || !seedUrl || !(workers > 0)) {
  console.error('usage: node peer.mjs <graphile|pgboss> <worker-url> <seed-url> <workers>');
  process.exit(2);
}

let ran = [];
const now = () => performance.timeOrigin + performance.now();
const record = (id, lockedAt) => ran.push(`${id} ${Math.round((now() - lockedAt.getTime()) * 1000)}`);

async function graphile() {
  const { run, makeWorkerUtils } = await import('graphile-worker');
  const runner = await run({
    connectionString: workerUrl,
    concurrency: workers,
    maxPoolSize: workers + 2,
    noHandleSignals: true,
    logger: quietLogger(await import('graphile-worker')),
    taskList: {
      noop: async (_payload, helpers) => record(helpers.job.id, helpers.job.locked_at),
    },
    // the batching graphile-worker documents for high throughput
    // (https://worker.graphile.org/docs/performance#batching)
    preset: { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  });
  const utils = await makeWorkerUtils({ connectionString: seedUrl });
  return {
    seed: async (n) => {
      const specs = Array.from({ length: n }, (_, i) => ({ identifier: 'noop', payload: { i } }));
      await utils.addJobs(specs);
    },
    stop: async () => {
      await runner.stop();
      await utils.release();
    },
  };
}

async function pgboss() {
  const { PgBoss } = await import('pg-boss');
  const boss = new PgBoss({ connectionString: workerUrl, max: workers + 3, useListenNotify: true });
  boss.on('error', (error) => console.error(error));
  await boss.start();
  await boss.createQueue('noop', { notify: true });
  await boss.work('noop', {
    localConcurrency: workers,
    batchSize: 100,
    includeMetadata: true,
    pollingIntervalSeconds: 0.5,
    burstWhenBatchFull: true,
  }, async (jobs) => {
    for (const job of jobs) {
      record(job.id, job.startedOn);
    }
  });
  const seeder = new PgBoss({ connectionString: seedUrl, max: 2, supervise: false, schedule: false, migrate: false });
  seeder.on('error', (error) => console.error(error));
  await seeder.start();
  return {
    seed: async (n) => {
      await seeder.insert('noop', Array.from({ length: n }, (_, i) => ({ data: { i } })));
    },
    stop: async () => {
      await seeder.stop({ graceful: false, wait: true });
      await boss.stop({ graceful: true, wait: true });
    },
  };
}

function quietLogger({ Logger }) {
  return new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') {
      console.error(`${level}: ${message}`);
    }
  });
}

const peer = system === 'graphile' ? await graphile() : await pgboss();
console.log('ready');
for await (const line of createInterface({ input: process.stdin })) {
  const [command, argument] = line.trim().split(/\s+/, 2);
  if (command === 'seed') {
    await peer.seed(Number.parseInt(argument, 10));
    console.log('seeded');
  }
  else if (command === 'report') {
    const lines = ran;
    ran = [];
    writeFileSync(argument, lines.length > 0 ? lines.join('\n') + '\n' : '');
    console.log(`reported ${lines.length}`);
  }
  else if (command === 'stop') {
    break;
  }
}
await peer.stop();
process.exit(0);
