// A relative named in the sentence ("给王芳转两百", "绑定李建国") and "for myself" phrasing.
// Works on normalize()d text in which the caller has replaced the amount with AMOUNT_GAP, so
// numerals never end up inside a name.

import { isKinshipWord, locateRelation } from "./relations";

export const AMOUNT_GAP = "|";

const CJK = /^\p{Script=Han}$/u;

// Words that introduce the person an action is for: 给王芳 / 向王芳 / 帮王芳 / 替王芳 / 为王芳,
// and the object of binding verbs: 绑定王芳 / 添加王芳 / 邀请王芳.
const MARKERS = /给|向|帮|替|为|绑定|添加|邀请|关联/g;

// Characters that end a name: verbs and particles that follow the person in these sentences.
const STOP = new Set(Array.from("转汇打交缴付续买办充给帮向替为的吧呢啊呀吗嘛了和跟与把发送存开绑医|"));

const PRONOUN_START = /^(?:我|你|您|他|她|它|俺|咱|自己|本人|人家|对方|别人)/;

// Common words that can stand where a name would ("给家人转", "帮忙", "向客服") and are not names.
const NOT_NAMES = new Set([
  "家人",
  "家属",
  "亲属",
  "亲人",
  "家里",
  "朋友",
  "大家",
  "医保",
  "钱包",
  "客服",
  "人工",
  "一下",
  "马上",
  "现在",
  "立刻",
  "赶紧",
  "今天",
  "明天",
  "今年",
  "明年",
  "后年",
  "一起",
  "帮忙",
  "麻烦",
  "共济",
  "撤回",
  "撤销",
  "取消",
  "删除",
  "解除",
  "未成年",
  "未满",
  "亲属们",
  "孩子们",
  "老人",
  "长辈",
  "晚辈",
  "别人",
  "其他人",
  "谁",
  "账户",
  "余额",
]);
const NOT_NAME_CHARS = /[谁什么哪怎这那些个每点钱账号码人我你您他她俺咱]/;

// Without a 给/向/帮 before it, a word before 转 is a name only if it starts with a surname:
// "可以转吗" and "赶快转" must not produce a relative called 可以 or 赶快.
const SURNAMES = new Set(
  Array.from(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁" +
      "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴" +
      "莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅" +
      "童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项" +
      "连芦麦褚娄窦戚岑景党宫卜冷晏席卫米柏宗瞿桂全佟臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩" +
      "佘池查麻苑迟邝陳劉張黃趙吳楊許鄭謝韓馮鄧蕭葉蘇呂盧鍾譚陸賈韋鄒龔萬錢嚴湯溫龐顏聶鮑華羅",
  ),
);
const COMPOUND_SURNAMES = /^(?:欧阳|歐陽|司马|司馬|上官|诸葛|諸葛|东方|東方|皇甫|尉迟|公孙|慕容|令狐|长孙|宇文|司徒|夏侯|端木)/;

/** The name without its surname, or the whole text when it does not start with one. */
function givenName(candidate: string): string {
  const compound = COMPOUND_SURNAMES.exec(candidate);
  if (compound) return candidate.slice(compound[0].length);
  const chars = Array.from(candidate);
  return SURNAMES.has(chars[0] ?? "") ? chars.slice(1).join("") : candidate;
}

function startsWithSurname(candidate: string): boolean {
  return COMPOUND_SURNAMES.test(candidate) || SURNAMES.has(Array.from(candidate)[0] ?? "");
}

// "王先生"/"李阿姨" address someone by surname and title: no registry name will match it, so the
// flow should ask for the name rather than carry a wrong one.
const TITLE_SUFFIX = /(?:先生|太太|女士|小姐|老师|师傅|阿姨|叔叔|大爷|大妈|总|哥|姐)$/;

// Leading words after a binding verb that describe the slot rather than the person: 添加亲属王芳.
const LEADING_FILLER = /^(?:共济亲属|亲属|家人|家属|一个|一位|一下)/;

// Words that follow a name without a STOP character in between: "给王芳一下", "给王芳点".
const TRAILING_FILLER = /(?:一下|一点|点|些)$/;

function takeCandidate(chars: string[], from: number): string {
  let out = "";
  for (let i = from; i < chars.length && out.length < 12; i++) {
    const ch = chars[i]!;
    if (!CJK.test(ch) || STOP.has(ch)) break;
    out += ch;
  }
  return out;
}

/** Drops a leading "我/我的" and kinship word: "我妈王芳" names 王芳, who is the speaker's mother. */
function stripKinship(candidate: string): string | null {
  let rest = candidate.replace(/^我的?/, "");
  const relation = locateRelation(rest);
  if (relation && relation.start === 0) rest = rest.slice(relation.end);
  else if (rest !== candidate) return null; // "我…" without a kinship word is the speaker
  return rest;
}

/** 2–4 Han characters that are not a pronoun, a kinship word, a surname + title or a common word. */
function isPlausibleName(candidate: string): boolean {
  const chars = Array.from(candidate);
  if (chars.length < 2 || chars.length > 4) return false;
  if (!chars.every((c) => CJK.test(c))) return false;
  // 钱 is a common surname (钱学森) as well as "money": only the given name is held to the list.
  const given = givenName(candidate);
  if (PRONOUN_START.test(candidate) || NOT_NAMES.has(candidate) || NOT_NAME_CHARS.test(given)) return false;
  if (TITLE_SUFFIX.test(candidate)) return false;
  if (isKinshipWord(candidate) || locateRelation(candidate) !== null) return false;
  return true;
}

function cleanCandidate(raw: string): string | null {
  let candidate = raw.replace(LEADING_FILLER, "");
  const stripped = stripKinship(candidate);
  if (stripped === null) return null;
  candidate = stripped.replace(LEADING_FILLER, "").replace(TRAILING_FILLER, "");
  return isPlausibleName(candidate) ? candidate : null;
}

// Politeness and wanting words that may precede "<name>转…" ("请王芳转", "我想王芳…").
const BEFORE_NAME = /^(?:请|麻烦|帮忙|我要|我想|想要|想|要|我)+/;

/**
 * The relative's name in a sentence whose amount was replaced by AMOUNT_GAP, or undefined.
 * A name is 2–4 Han characters after 给/向/帮/替/为 or a binding verb, or a surname-led
 * 2–4 characters alone before 转.
 */
export function findRelativeName(gapped: string): string | undefined {
  const chars = Array.from(gapped);
  for (const m of gapped.matchAll(MARKERS)) {
    const from = Array.from(gapped.slice(0, m.index + m[0].length)).length;
    const name = cleanCandidate(takeCandidate(chars, from));
    if (name) return name;
  }
  const transferAt = gapped.search(/转|汇/);
  if (transferAt > 0) {
    const before = gapped.slice(0, transferAt).replace(BEFORE_NAME, "");
    if (startsWithSurname(before) && isPlausibleName(before)) return before;
  }
  return undefined;
}

const SELF_ZH = /自己|本人|(?:给|帮|替|为)我(?:交|缴|续|付|买|办)|我的(?:医保|保费|长护险|护理险)|交我的|缴我的/;
const SELF_EN = /\b(?:myself|my own|for me)\b|\bmy (?:premium|insurance|medical insurance|contribution)\b/;

/** Whether the speaker says the premium is for themself ("给自己交医保", "pay my premium"). */
export function mentionsSelf(compact: string, words: string): boolean {
  return SELF_ZH.test(compact) || SELF_EN.test(words);
}
