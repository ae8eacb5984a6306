import type { FastifyBaseLogger } from 'fastify';

export interface Job {
  name: string;
  /** How often to run, in milliseconds. */
  everyMs: number;
  /** Does one round of work and returns how many items it handled. Must be safe to run in several processes at once. */
  run(): Promise<number>;
}

/**
 * A small in-process scheduler. Every job is a sweep over rows that are due (orders past their
 * expiry, campaigns past their end, unconsumed outbox events), claimed with `FOR UPDATE SKIP LOCKED`
 * and changed by conditional updates — so running it twice, or in several processes, does nothing
 * more. A round that handled a full batch runs again at once.
 */
export class JobRunner {
  private timers = new Map<string, NodeJS.Timeout>();
  private running = new Set<string>();
  private stopped = false;

  constructor(
    private readonly jobs: Job[],
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    for (const job of this.jobs) this.schedule(job, job.everyMs);
  }

  private schedule(job: Job, delay: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => void this.tick(job), delay);
    timer.unref();
    this.timers.set(job.name, timer);
  }

  private async tick(job: Job): Promise<void> {
    if (this.running.has(job.name)) return;
    this.running.add(job.name);
    let handled = 0;
    try {
      handled = await job.run();
      if (handled > 0) this.log.info({ job: job.name, handled }, 'job round');
    } catch (err) {
      this.log.error({ err, job: job.name }, 'job failed');
    } finally {
      this.running.delete(job.name);
      this.schedule(job, handled >= 100 ? 0 : job.everyMs);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    while (this.running.size) await new Promise((r) => setTimeout(r, 20));
  }
}
