import { ageOn } from "@/lib/id-number";

/** How the relative stands to the user: "the relative is my <relation>". */
export type Relation = "spouse" | "parent" | "child" | "sibling" | "grandparent" | "grandchild";

/** `core` = the 2021 rule (spouse, parents, children); `close` = the 2024 rule (all close relatives). */
export type RelationScope = "core" | "close";

/** What the registry records; everything else is derived from these. */
type RegistryRelation = "spouse" | "parent" | "sibling";

/** "`relative` is `person`'s `relation`"; spouse and sibling facts hold both ways. */
export type RelationFact = { person: string; relative: string; relation: RegistryRelation };

export type Lang = "zh-CN" | "zh-TW" | "en";

export const RELATIONS: readonly Relation[] = ["spouse", "parent", "child", "sibling", "grandparent", "grandchild"];

const SCOPES: Record<RelationScope, readonly Relation[]> = {
  core: ["spouse", "parent", "child"],
  close: RELATIONS,
};

const INVERSE: Record<Relation, Relation> = {
  spouse: "spouse",
  parent: "child",
  child: "parent",
  sibling: "sibling",
  grandparent: "grandchild",
  grandchild: "grandparent",
};

/** How the user stands to the relative, i.e. the relation seen from the other side of a binding. */
export function inverseRelation(r: Relation): Relation {
  return INVERSE[r];
}

export function relationsInScope(scope: RelationScope): readonly Relation[] {
  return SCOPES[scope];
}

export function isRelationAllowed(scope: RelationScope, r: Relation): boolean {
  return SCOPES[scope].includes(r);
}

// Minimum age gaps the product treats as biologically plausible.
const MIN_PARENT_GAP_YEARS = 15;
const MIN_GRANDPARENT_GAP_YEARS = 30;

/**
 * A cheap sanity check before asking the registry, so an obvious mistake (swapping parent and
 * child) gets a clear answer. Gaps are full years between the two birth dates.
 */
export function checkPlausibility(
  relation: Relation,
  giverBirthDate: string,
  relativeBirthDate: string,
  samePerson: boolean,
): null | "RELATION_IMPLAUSIBLE" {
  if (samePerson) return "RELATION_IMPLAUSIBLE";
  const relativeOlderBy = ageOn(relativeBirthDate, giverBirthDate);
  const giverOlderBy = ageOn(giverBirthDate, relativeBirthDate);
  const ok = {
    spouse: true,
    sibling: true,
    parent: relativeOlderBy >= MIN_PARENT_GAP_YEARS,
    child: giverOlderBy >= MIN_PARENT_GAP_YEARS,
    grandparent: relativeOlderBy >= MIN_GRANDPARENT_GAP_YEARS,
    grandchild: giverOlderBy >= MIN_GRANDPARENT_GAP_YEARS,
  }[relation];
  return ok ? null : "RELATION_IMPLAUSIBLE";
}

function parentsOf(facts: readonly RelationFact[], person: string): Set<string> {
  const out = new Set<string>();
  for (const f of facts) if (f.relation === "parent" && f.person === person) out.add(f.relative);
  return out;
}

function symmetricFact(facts: readonly RelationFact[], a: string, b: string, rel: RegistryRelation): boolean {
  return facts.some((f) => f.relation === rel && ((f.person === a && f.relative === b) || (f.person === b && f.relative === a)));
}

/**
 * Whether the registry facts show that `relativeKey` is `giverKey`'s `relation`. Grandparents
 * are parents of a parent (both lines, hence 祖父母 and 外祖父母 alike); siblings are recorded
 * or share at least one parent (half-siblings count).
 */
export function verifyRelation(facts: readonly RelationFact[], giverKey: string, relativeKey: string, relation: Relation): boolean {
  if (giverKey === relativeKey) return false;
  switch (relation) {
    case "spouse":
      return symmetricFact(facts, giverKey, relativeKey, "spouse");
    case "parent":
      return parentsOf(facts, giverKey).has(relativeKey);
    case "child":
      return parentsOf(facts, relativeKey).has(giverKey);
    case "grandparent":
      return [...parentsOf(facts, giverKey)].some((p) => parentsOf(facts, p).has(relativeKey));
    case "grandchild":
      return [...parentsOf(facts, relativeKey)].some((p) => parentsOf(facts, p).has(giverKey));
    case "sibling": {
      if (symmetricFact(facts, giverKey, relativeKey, "sibling")) return true;
      const theirs = parentsOf(facts, relativeKey);
      return [...parentsOf(facts, giverKey)].some((p) => theirs.has(p));
    }
  }
}

/** The policy row in force on a "YYYY-MM-DD" date: the latest `from` on or before it, else null. */
export function policyOn<P extends { from: string }>(policies: readonly P[], date: string): P | null {
  let best: P | null = null;
  for (const p of policies) {
    // ISO dates of equal length order correctly as strings.
    if (p.from <= date && (best === null || p.from > best.from)) best = p;
  }
  return best;
}

const LABELS: Record<Lang, Record<Relation, string>> = {
  "zh-CN": {
    spouse: "配偶",
    parent: "父母",
    child: "子女",
    sibling: "兄弟姐妹",
    grandparent: "(外)祖父母",
    grandchild: "(外)孙子女",
  },
  "zh-TW": {
    spouse: "配偶",
    parent: "父母",
    child: "子女",
    sibling: "兄弟姐妹",
    grandparent: "(外)祖父母",
    grandchild: "(外)孫子女",
  },
  en: {
    spouse: "spouse",
    parent: "parent",
    child: "child",
    sibling: "sibling",
    grandparent: "grandparent",
    grandchild: "grandchild",
  },
};

/** The glossary word for a relation in an interface language. */
export function relationLabel(r: Relation, lang: Lang): string {
  return LABELS[lang][r];
}
