import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { and, desc, eq, gt, inArray } from "drizzle-orm";
import type { AppEnv } from "@/app-env";
import type { Ctx } from "@/ctx";
import { bearerSecurity, jsonResponse, problemResponses } from "@/lib/http";
import { persons } from "@/modules/identity/identity.schema";
import { requireVerifiedPerson } from "@/modules/identity/identity.service";
import { invitations, RELATIONS } from "./relatives.schema";

// The inviter's own open invitations, so they can be shared again or withdrawn after the page is closed.

const PendingInvitation = z
  .object({
    id: z.string(),
    code: z.string(),
    status: z.literal("pending"),
    relation: z.enum(RELATIONS),
    invitee: z.object({ maskedName: z.string() }),
    createdAt: z.string(),
    expiresAt: z.string(),
  })
  .openapi("PendingInvitation");

const listInvitationsRoute = createRoute({
  method: "get",
  path: "/v1/invitations",
  tags: ["relatives"],
  summary: "My invitations still waiting for the relative (status=pending), newest first",
  security: bearerSecurity,
  request: { query: z.object({ status: z.literal("pending").default("pending") }) },
  responses: {
    200: jsonResponse(z.object({ items: z.array(PendingInvitation) }), "Pending invitations"),
    ...problemResponses(400, 401, 422),
  },
});

async function listPendingInvitations(ctx: Ctx, userId: string) {
  const { personId } = await requireVerifiedPerson(ctx, ctx.db, userId);
  const now = ctx.clock.now();
  // A lapsed one is no longer pending, whether or not the expiry job has run yet.
  const rows = await ctx.db
    .select()
    .from(invitations)
    .where(and(eq(invitations.inviterPersonId, personId), eq(invitations.status, "pending"), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt));
  const ids = [...new Set(rows.map((r) => r.inviteePersonId))];
  const names = new Map(
    ids.length
      ? (await ctx.db.select({ id: persons.id, maskedName: persons.maskedName }).from(persons).where(inArray(persons.id, ids))).map((p) => [
          p.id,
          p.maskedName,
        ])
      : [],
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      status: "pending" as const,
      relation: r.relation,
      invitee: { maskedName: names.get(r.inviteePersonId) ?? "" },
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
    })),
  };
}

export function registerInvitationList(router: OpenAPIHono<AppEnv>): void {
  router.openapi(listInvitationsRoute, async (c) => c.json(await listPendingInvitations(c.get("ctx"), c.get("user").userId), 200));
}
