import type { Child } from "hono/jsx";
import type { AuthAgent } from "@/app-env";
import type { Ctx } from "@/ctx";

/**
 * Extra sections of the console's person page, registered by the modules that own the data (the
 * family-payments module adds quotas and care access here). Each renders itself with the masked
 * data it loads, or null when it has nothing for this person; a failing panel is shown as
 * unavailable and never takes the page down.
 */
export interface PersonPanel {
  id: string;
  title: string;
  roles?: AuthAgent["role"][];
  render(ctx: Ctx, agent: AuthAgent, personId: string): Promise<Child | null>;
}

const panels: PersonPanel[] = [];

export function registerPersonPanel(panel: PersonPanel) {
  if (!panels.some((p) => p.id === panel.id)) panels.push(panel);
}

export async function renderPersonPanels(
  ctx: Ctx,
  agent: AuthAgent,
  personId: string,
): Promise<{ id: string; title: string; body: Child | null; failed: boolean }[]> {
  const mine = panels.filter((p) => !p.roles || p.roles.includes(agent.role));
  return Promise.all(
    mine.map(async (p) => {
      try {
        return { id: p.id, title: p.title, body: await p.render(ctx, agent, personId), failed: false };
      } catch (e) {
        ctx.log.warn("person panel failed", { panel: p.id, error: e instanceof Error ? e.name : "unknown" });
        return { id: p.id, title: p.title, body: null, failed: true };
      }
    }),
  );
}
