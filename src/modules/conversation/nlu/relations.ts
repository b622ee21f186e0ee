// Kinship words → the six close-relative relations of the spec, seen from the speaker
// ("我妈" is the speaker's parent). Input may be in either script; it is normalised here.

import { normalize, normalizeWords } from "./normalize";

import { RELATIONS, type Relation } from "../../relatives/relation-rules";

export type { Relation } from "../../relatives/relation-rules";

const BY_RELATION: Record<Relation, string[]> = {
  parent: [
    "妈",
    "妈妈",
    "母亲",
    "老妈",
    "我娘",
    "俺娘",
    "娘亲",
    "妈咪",
    "家母",
    "爸",
    "爸爸",
    "父亲",
    "老爸",
    "老爹",
    "爹",
    "爹地",
    "家父",
    "父母",
    "爸妈",
    "双亲",
  ],
  spouse: [
    "老婆",
    "老公",
    "爱人",
    "媳妇",
    "媳妇儿",
    "妻子",
    "丈夫",
    "先生",
    "太太",
    "配偶",
    "内人",
    "孩子他爸",
    "孩子他妈",
    "孩子爸",
    "孩子妈",
  ],
  child: ["儿子", "女儿", "闺女", "孩子", "子女", "儿女", "小孩"],
  sibling: ["哥", "哥哥", "姐", "姐姐", "弟", "弟弟", "妹", "妹妹", "兄弟姐妹", "兄弟", "姐妹", "兄妹", "姐弟", "兄长"],
  grandparent: ["爷爷", "奶奶", "外公", "外婆", "姥姥", "姥爷", "祖父", "祖母", "外祖父", "外祖母", "祖父母", "外祖父母", "阿嬷"],
  grandchild: ["孙子", "孙女", "外孙", "外孙女", "外孙子", "孙子女", "外孙子女", "孙儿"],
};

// Kinship words that contain a close-relative word but name someone who is not one (in-laws,
// uncles, cousins) or are not kinship at all (小姐, 哥们). Matching them first keeps "姐夫" from
// reading as 姐 and "儿媳妇" from reading as 媳妇.
const NOT_CLOSE_RELATIVES = [
  "姐夫",
  "妹夫",
  "嫂子",
  "弟媳",
  "公公",
  "婆婆",
  "岳父",
  "岳母",
  "丈母娘",
  "老丈人",
  "儿媳",
  "儿媳妇",
  "女婿",
  "孙媳妇",
  "孙女婿",
  "叔叔",
  "阿姨",
  "舅舅",
  "姑姑",
  "伯伯",
  "婶婶",
  "侄子",
  "侄女",
  "外甥",
  "外甥女",
  "表哥",
  "表姐",
  "表弟",
  "表妹",
  "堂哥",
  "堂姐",
  "堂弟",
  "堂妹",
  "小姐",
  "哥们",
  "大爷",
  "大妈",
  "大娘",
  "干妈",
  "干爹",
];

const CHINESE: ReadonlyMap<string, Relation | null> = (() => {
  const map = new Map<string, Relation | null>();
  for (const relation of RELATIONS) for (const w of BY_RELATION[relation]) map.set(w, relation);
  for (const w of NOT_CLOSE_RELATIVES) map.set(w, null);
  return map;
})();

const LONGEST_WORD = Math.max(...Array.from(CHINESE.keys(), (w) => Array.from(w).length));

// "王先生"/"李太太" are a Mr and a Mrs, and "李姐"/"张哥" an acquaintance, not the speaker's
// spouse or sibling. These words count only at the start or after the characters listed
// ("我先生", "给哥", "大姐", "小妹").
const CONTEXT_SENSITIVE: ReadonlyMap<string, RegExp> = new Map([
  ["先生", /[我家俺的给帮向为和跟替转]/],
  ["太太", /[我家俺的给帮向为和跟替转]/],
  ...["哥", "姐", "弟", "妹"].map((w) => [w, /[我家俺的给帮向为和跟替转大二三四五六小老亲]/] as const),
]);

// The sex a kinship word names, checked against the registry's gender of the bound person: "我妈"
// with only a father bound is nobody. Words for both (父母, 孩子, 爱人, 配偶, 兄弟姐妹) are absent.
export type Gender = "male" | "female";

const FEMALE_WORDS = [
  "妈",
  "妈妈",
  "母亲",
  "老妈",
  "我娘",
  "俺娘",
  "娘亲",
  "妈咪",
  "家母",
  "老婆",
  "媳妇",
  "媳妇儿",
  "妻子",
  "太太",
  "内人",
  "孩子他妈",
  "孩子妈",
  "女儿",
  "闺女",
  "姐",
  "姐姐",
  "妹",
  "妹妹",
  "奶奶",
  "外婆",
  "姥姥",
  "祖母",
  "外祖母",
  "阿嬷",
  "孙女",
  "外孙女",
];
const MALE_WORDS = [
  "爸",
  "爸爸",
  "父亲",
  "老爸",
  "老爹",
  "爹",
  "爹地",
  "家父",
  "老公",
  "丈夫",
  "先生",
  "孩子他爸",
  "孩子爸",
  "儿子",
  "哥",
  "哥哥",
  "弟",
  "弟弟",
  "兄长",
  "爷爷",
  "外公",
  "姥爷",
  "祖父",
  "外祖父",
  "孙子",
  "外孙",
  "外孙子",
  "孙儿",
];
const GENDER_OF_WORD: ReadonlyMap<string, Gender> = new Map([
  ...FEMALE_WORDS.map((w) => [w, "female"] as const),
  ...MALE_WORDS.map((w) => [w, "male"] as const),
]);
const FEMALE_EN = /^(?:mom|mum|mother|mommy|mummy|mama|wife|wifey|daughters?|sisters?|sis|grandma|grandmother|granny|granddaughters?)$/;
const MALE_EN = /^(?:dad|daddy|father|papa|husband|hubby|sons?|brothers?|bro|grandpa|grandfather|granddad|grandad|grandsons?)$/;

/** The sex a kinship word names, if it names one ("妈" → female, "父母" → undefined). */
function genderOfWord(word: string): Gender | undefined {
  const zh = GENDER_OF_WORD.get(word);
  if (zh) return zh;
  if (FEMALE_EN.test(word)) return "female";
  if (MALE_EN.test(word)) return "male";
  return undefined;
}

const ENGLISH: ReadonlyArray<readonly [RegExp, Relation]> = [
  [/\b(?:grand(?:ma|mother|pa|father|dad|parents?)|granny|grandad)\b/, "grandparent"],
  [/\bgrand(?:son|daughter|child|children|kids?)s?\b/, "grandchild"],
  [/\b(?:mom|mum|mother|mommy|mummy|mama|dad|daddy|father|papa|parents?)\b/, "parent"],
  [/\b(?:wife|husband|spouse|hubby|wifey)\b/, "spouse"],
  [/\b(?:sons?|daughters?|child|children|kids?)\b/, "child"],
  [/\b(?:brothers?|sisters?|siblings?|bro|sis)\b/, "sibling"],
];

/** A kinship word found in normalize()d text, with its UTF-16 offsets there. */
export type RelationMatch = { relation: Relation; word: string; start: number; end: number };

/**
 * The leftmost close-relative word in normalize()d Chinese text, longest word first
 * ("外孙女" is a grandchild, not a 女儿). Kinship words for other people are skipped.
 */
export function locateRelation(compact: string): RelationMatch | null {
  const chars = Array.from(compact);
  for (let i = 0; i < chars.length; i++) {
    for (let len = Math.min(LONGEST_WORD, chars.length - i); len >= 1; len--) {
      const word = chars.slice(i, i + len).join("");
      if (!CHINESE.has(word)) continue;
      const relation = CHINESE.get(word)!;
      if (relation === null) {
        i += len - 1;
        break;
      }
      const allowedBefore = CONTEXT_SENSITIVE.get(word);
      if (allowedBefore && i > 0 && !allowedBefore.test(chars[i - 1]!)) continue;
      const start = chars.slice(0, i).join("").length;
      return { relation, word, start, end: start + word.length };
    }
  }
  return null;
}

/** True for any kinship word, close relative or not: such a word is never a person's name. */
export function isKinshipWord(word: string): boolean {
  return CHINESE.has(normalize(word));
}

/** The relation of one kinship word ("媽媽", "我娘", "mother" → parent), else null. */
export function relationOfWord(word: string): Relation | null {
  const compact = normalize(word);
  for (const w of [compact, compact.replace(/^我的?/, "")]) {
    const relation = CHINESE.get(w);
    if (relation !== undefined) return relation;
  }
  const english = normalizeWords(word);
  return /^[a-z]+$/.test(english) ? locateEnglish(english) : null;
}

function locateEnglishWord(words: string): { relation: Relation; word: string } | null {
  // "mother in law" (after normalisation of "mother-in-law") is an in-law, not a parent.
  const cleaned = words.replace(/\b\w+ in law\b/g, " ");
  let best: { at: number; relation: Relation; word: string } | null = null;
  for (const [pattern, relation] of ENGLISH) {
    const m = pattern.exec(cleaned);
    if (m && (best === null || m.index < best.at)) best = { at: m.index, relation, word: m[0] };
  }
  return best ? { relation: best.relation, word: best.word } : null;
}

function locateEnglish(words: string): Relation | null {
  return locateEnglishWord(words)?.relation ?? null;
}

/** The first close relative mentioned in free text, Chinese (either script) or English. */
export function findRelation(text: string): Relation | null {
  return findRelative(text)?.relation ?? null;
}

/** The first close relative mentioned, with the sex the word names when it names one. */
export function findRelative(text: string): { relation: Relation; gender?: Gender } | null {
  const m = locateRelation(normalize(text)) ?? locateEnglishWord(normalizeWords(text));
  if (!m) return null;
  const gender = genderOfWord(m.word);
  return gender ? { relation: m.relation, gender } : { relation: m.relation };
}
