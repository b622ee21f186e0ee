import { describe, expect, it } from "vitest";
import {
  RELATIONS,
  checkPlausibility,
  inverseRelation,
  isRelationAllowed,
  policyOn,
  relationLabel,
  relationsInScope,
  verifyRelation,
  type Relation,
  type RelationFact,
} from "@/modules/relatives/relation-rules";

// Copied from /work/shared/fixtures/registry.json (the Zhang, Wang, Liu and Gao families).
const FACTS: RelationFact[] = [
  { person: "zhang_wei", relative: "li_xiuying", relation: "spouse" },
  { person: "zhang_min", relative: "zhang_wei", relation: "parent" },
  { person: "zhang_min", relative: "li_xiuying", relation: "parent" },
  { person: "zhang_hao", relative: "zhang_wei", relation: "parent" },
  { person: "zhang_hao", relative: "li_xiuying", relation: "parent" },
  { person: "zhang_xiaoyu", relative: "zhang_min", relation: "parent" },
  { person: "wang_fang", relative: "wang_jianguo", relation: "parent" },
  { person: "wang_lei", relative: "wang_jianguo", relation: "parent" },
  { person: "liu_yang", relative: "chen_jing", relation: "spouse" },
  { person: "liu_xin", relative: "liu_yang", relation: "parent" },
  { person: "liu_yang", relative: "liu_jianhua", relation: "parent" },
  { person: "gao_yuan", relative: "gao_hong", relation: "sibling" },
];

describe("verifyRelation", () => {
  it.each<[string, string, Relation, boolean]>([
    ["zhang_wei", "li_xiuying", "spouse", true],
    ["li_xiuying", "zhang_wei", "spouse", true],
    ["zhang_min", "zhang_wei", "parent", true],
    ["zhang_wei", "zhang_min", "child", true],
    ["zhang_xiaoyu", "zhang_wei", "grandparent", true],
    ["zhang_xiaoyu", "li_xiuying", "grandparent", true],
    ["li_xiuying", "zhang_xiaoyu", "grandchild", true],
    ["zhang_min", "zhang_hao", "sibling", true],
    ["zhang_hao", "zhang_min", "sibling", true],
    ["wang_fang", "wang_lei", "sibling", true],
    ["gao_yuan", "gao_hong", "sibling", true],
    ["gao_hong", "gao_yuan", "sibling", true],
    ["liu_xin", "liu_jianhua", "grandparent", true],
    ["liu_jianhua", "liu_xin", "grandchild", true],
    // refusals
    ["zhang_wei", "zhang_min", "parent", false],
    ["zhang_min", "zhang_wei", "child", false],
    ["zhang_min", "li_xiuying", "spouse", false],
    ["zhang_xiaoyu", "zhang_hao", "sibling", false],
    ["zhang_xiaoyu", "zhang_wei", "parent", false],
    ["zhang_wei", "zhang_xiaoyu", "grandparent", false],
    ["zhang_xiaoyu", "zhang_wei", "grandchild", false],
    ["liu_xin", "chen_jing", "grandparent", false],
    ["gao_yuan", "gao_hong", "spouse", false],
    ["zhang_min", "zhang_min", "sibling", false],
    ["zhang_wei", "wang_jianguo", "sibling", false],
    ["nobody", "zhang_wei", "parent", false],
  ])("%s → %s as %s: %s", (giver, relative, relation, expected) => {
    expect(verifyRelation(FACTS, giver, relative, relation)).toBe(expected);
  });

  it("is consistent with the inverse relation for every pair", () => {
    const people = [...new Set(FACTS.flatMap((f) => [f.person, f.relative]))];
    for (const a of people) {
      for (const b of people) {
        for (const r of RELATIONS) {
          expect(verifyRelation(FACTS, a, b, r), `${a} ${b} ${r}`).toBe(verifyRelation(FACTS, b, a, inverseRelation(r)));
        }
      }
    }
  });
});

describe("inverseRelation", () => {
  it.each<[Relation, Relation]>([
    ["parent", "child"],
    ["child", "parent"],
    ["grandparent", "grandchild"],
    ["grandchild", "grandparent"],
    ["spouse", "spouse"],
    ["sibling", "sibling"],
  ])("%s ↔ %s", (r, inv) => {
    expect(inverseRelation(r)).toBe(inv);
    expect(inverseRelation(inverseRelation(r))).toBe(r);
  });
});

describe("scopes", () => {
  it("core is the 2021 rule, close the 2024 rule", () => {
    expect([...relationsInScope("core")].sort()).toEqual(["child", "parent", "spouse"]);
    expect([...relationsInScope("close")].sort()).toEqual([...RELATIONS].sort());
    expect(isRelationAllowed("core", "sibling")).toBe(false);
    expect(isRelationAllowed("core", "grandparent")).toBe(false);
    expect(isRelationAllowed("core", "parent")).toBe(true);
    expect(isRelationAllowed("close", "grandchild")).toBe(true);
  });
});

describe("checkPlausibility", () => {
  it.each<[Relation, string, string, boolean, null | "RELATION_IMPLAUSIBLE"]>([
    ["parent", "1995-06-07", "1968-03-12", false, null],
    ["parent", "1983-03-12", "1968-03-12", false, null],
    ["parent", "1983-03-11", "1968-03-12", false, "RELATION_IMPLAUSIBLE"],
    ["parent", "1968-03-12", "1995-06-07", false, "RELATION_IMPLAUSIBLE"],
    ["child", "1968-03-12", "1983-03-12", false, null],
    ["child", "1968-03-12", "1983-03-11", false, "RELATION_IMPLAUSIBLE"],
    ["grandparent", "2022-04-10", "1992-04-10", false, null],
    ["grandparent", "2022-04-10", "1992-04-11", false, "RELATION_IMPLAUSIBLE"],
    ["grandchild", "1992-04-10", "2022-04-10", false, null],
    ["grandchild", "1992-04-11", "2022-04-10", false, "RELATION_IMPLAUSIBLE"],
    ["spouse", "1968-03-12", "1970-08-21", false, null],
    ["sibling", "1966-06-16", "1968-12-12", false, null],
    ["spouse", "1968-03-12", "1968-03-12", true, "RELATION_IMPLAUSIBLE"],
    ["sibling", "1990-01-01", "1990-01-01", true, "RELATION_IMPLAUSIBLE"],
  ])("relative is my %s (giver %s, relative %s, same=%s) → %s", (r, giver, relative, same, expected) => {
    expect(checkPlausibility(r, giver, relative, same)).toBe(expected);
  });
});

describe("policyOn", () => {
  // Suzhou's rows from regions.json, deliberately out of order.
  const suzhou = [
    { from: "2024-12-02", relationScope: "close" as const, crossProvince: true },
    { from: "2021-06-01", relationScope: "core" as const, crossProvince: false },
    { from: "2024-09-01", relationScope: "close" as const, crossProvince: false },
  ];

  it.each([
    ["2021-05-31", null],
    ["2021-06-01", "2021-06-01"],
    ["2024-08-31", "2021-06-01"],
    ["2024-09-01", "2024-09-01"],
    ["2024-12-01", "2024-09-01"],
    ["2024-12-02", "2024-12-02"],
    ["2026-11-24", "2024-12-02"],
  ])("on %s the row from %s is in force", (date, from) => {
    expect(policyOn(suzhou, date)?.from ?? null).toBe(from);
  });

  it("is null without policies", () => {
    expect(policyOn([], "2026-01-01")).toBeNull();
  });
});

describe("relationLabel", () => {
  it("uses the glossary words", () => {
    expect(RELATIONS.map((r) => relationLabel(r, "zh-CN"))).toEqual(["配偶", "父母", "子女", "兄弟姐妹", "(外)祖父母", "(外)孙子女"]);
    expect(relationLabel("grandchild", "zh-TW")).toBe("(外)孫子女");
    expect(relationLabel("sibling", "en")).toBe("sibling");
  });
});
