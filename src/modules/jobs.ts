import type { Ctx } from "@/ctx";

export type Job = { name: string; run: (ctx: Ctx) => Promise<number> };
export type JobResult = { name: string; processed: number; error?: string };

const jobs: Job[] = [];

/** Features register their scheduled work here; every runner (Node interval, Cron Trigger, sandbox route) calls runDueJobs. */
export function registerJob(job: Job) {
  if (!jobs.some((j) => j.name === job.name)) jobs.push(job);
}

/** Runs every job; one that fails is logged and reported, and never stops the others. */
export async function runDueJobs(ctx: Ctx): Promise<JobResult[]> {
  const ran: JobResult[] = [];
  for (const job of jobs) {
    try {
      ran.push({ name: job.name, processed: await job.run(ctx) });
    } catch (e) {
      const error = e instanceof Error ? e.message.split("\n")[0]!.slice(0, 200) : "unknown";
      ctx.log.error("job failed", { job: job.name, error });
      ran.push({ name: job.name, processed: 0, error: "failed" });
    }
  }
  return ran;
}
