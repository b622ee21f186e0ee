import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/app";
import { family, type Rel } from "./support/family";

// 苏州 320500: core from 2021-06-01, all close relatives from 2024-09-01. 北京 110000: core only.
const before = await createTestApp({ now: "2024-08-31T10:00:00+08:00" });
const after = await createTestApp({ now: "2024-09-01T10:00:00+08:00" });
const ALL: Rel[] = ["spouse", "parent", "child", "sibling", "grandparent", "grandchild"];
const CORE = new Set<Rel>(["spouse", "parent", "child"]);

const table = ALL.flatMap((rel) => [
  { app: before, label: "苏州 before 2024-09-01 (core)", region: "320500", rel, allowed: CORE.has(rel) },
  { app: after, label: "苏州 from 2024-09-01 (close)", region: "320500", rel, allowed: true },
  { app: after, label: "北京 (core)", region: "110000", rel, allowed: CORE.has(rel) },
]);

describe("the giver's region policy on that date decides the relations allowed", () => {
  it.each(table)("$label: $rel → allowed=$allowed", async ({ app, region, rel, allowed }) => {
    const { user, relative } = await family(app, rel, { userRegion: region });
    const r = await app.api("POST", "/v1/invitations", {
      token: user.token,
      body: { relation: rel, name: relative.name, idNumber: relative.idNumber },
    });
    if (allowed) {
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body).toMatchObject({ status: "pending", relation: rel });
    } else {
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ code: "RELATION_NOT_ALLOWED", relation: rel });
    }
  });
});
