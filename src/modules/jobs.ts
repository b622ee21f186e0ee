import type { Ctx } from "@/ctx";

export type Job = { name: string; run: (ctx: Ctx) => Promise<number> };

const jobs: Job[] = [];

/** Features register their scheduled work here; every runner (Node interval, Cron Trigger, sandbox route) calls runDueJobs. */
export function registerJob(job: Job) {
  if (!jobs.some((j) => j.name === job.name)) jobs.push(job);
}

export async function runDueJobs(ctx: Ctx): Promise<{ name: string; processed: number }[]> {
  const ran: { name: string; processed: number }[] = [];
  for (const job of jobs) ran.push({ name: job.name, processed: await job.run(ctx) });
  return ran;
}
