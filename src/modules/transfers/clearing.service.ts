import { sql } from "drizzle-orm";
import type { Ctx } from "@/ctx";
import { rowsOf } from "@/lib/rows";
import { beijingDayStart } from "@/lib/time";

/**
 * Gross and net positions between regions for one Beijing day, read straight from the clearing
 * accounts' entries, so the report reconciles with the ledger by construction.
 */
export async function clearingForDay(ctx: Ctx, date: string) {
  const from = beijingDayStart(date);
  const to = new Date(from.getTime() + 86_400_000);
  const rows = rowsOf<{ region_code: string; counterparty_region_code: string; gross: string; net: string }>(
    await ctx.db.execute(sql`
      select a.region_code, a.counterparty_region_code,
             coalesce(sum(e.amount) filter (where e.amount > 0), 0)::text as gross,
             coalesce(sum(e.amount), 0)::text as net
      from journal_entries e join ledger_accounts a on a.id = e.account_id
      where a.kind = 'clearing' and e.business_at >= ${from.toISOString()}::timestamptz and e.business_at < ${to.toISOString()}::timestamptz
      group by a.region_code, a.counterparty_region_code`),
  );
  const pairs = new Map<string, { regionA: string; regionB: string; grossAtoBFen: number; grossBtoAFen: number; netAtoBFen: number }>();
  for (const r of rows) {
    const [a, b] = [r.region_code, r.counterparty_region_code].sort() as [string, string];
    const key = `${a}:${b}`;
    const p = pairs.get(key) ?? { regionA: a, regionB: b, grossAtoBFen: 0, grossBtoAFen: 0, netAtoBFen: 0 };
    if (r.region_code === a) {
      p.grossAtoBFen += Number(r.gross);
      p.netAtoBFen += Number(r.net);
    } else {
      p.grossBtoAFen += Number(r.gross);
    }
    pairs.set(key, p);
  }
  return { date, pairs: [...pairs.values()].sort((x, y) => `${x.regionA}${x.regionB}`.localeCompare(`${y.regionA}${y.regionB}`)) };
}
