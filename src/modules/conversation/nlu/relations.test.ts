import { describe, expect, it } from "vitest";
import { findRelation, relationOfWord, type Relation } from "./relations";

describe("relationOfWord", () => {
  it.each<[string, Relation | null]>([
    ["妈", "parent"],
    ["媽", "parent"],
    ["妈妈", "parent"],
    ["媽媽", "parent"],
    ["母亲", "parent"],
    ["母親", "parent"],
    ["老妈", "parent"],
    ["我娘", "parent"],
    ["爸", "parent"],
    ["爸爸", "parent"],
    ["父亲", "parent"],
    ["父親", "parent"],
    ["老爸", "parent"],
    ["老爹", "parent"],
    ["老婆", "spouse"],
    ["老公", "spouse"],
    ["爱人", "spouse"],
    ["愛人", "spouse"],
    ["媳妇", "spouse"],
    ["媳婦", "spouse"],
    ["妻子", "spouse"],
    ["丈夫", "spouse"],
    ["先生", "spouse"],
    ["太太", "spouse"],
    ["儿子", "child"],
    ["兒子", "child"],
    ["女儿", "child"],
    ["女兒", "child"],
    ["闺女", "child"],
    ["閨女", "child"],
    ["孩子", "child"],
    ["哥", "sibling"],
    ["哥哥", "sibling"],
    ["姐", "sibling"],
    ["姐姐", "sibling"],
    ["弟", "sibling"],
    ["弟弟", "sibling"],
    ["妹", "sibling"],
    ["妹妹", "sibling"],
    ["兄弟姐妹", "sibling"],
    ["爷爷", "grandparent"],
    ["爺爺", "grandparent"],
    ["奶奶", "grandparent"],
    ["外公", "grandparent"],
    ["外婆", "grandparent"],
    ["姥姥", "grandparent"],
    ["姥爷", "grandparent"],
    ["姥爺", "grandparent"],
    ["孙子", "grandchild"],
    ["孫子", "grandchild"],
    ["孙女", "grandchild"],
    ["孫女", "grandchild"],
    ["外孙", "grandchild"],
    ["外孫", "grandchild"],
    ["外孙女", "grandchild"],
    ["我妈", "parent"],
    ["我的老婆", "spouse"],
    ["mom", "parent"],
    ["mother", "parent"],
    ["dad", "parent"],
    ["father", "parent"],
    ["wife", "spouse"],
    ["husband", "spouse"],
    ["son", "child"],
    ["daughter", "child"],
    ["brother", "sibling"],
    ["sister", "sibling"],
    ["grandma", "grandparent"],
    ["grandpa", "grandparent"],
    ["grandson", "grandchild"],
    ["granddaughter", "grandchild"],
    ["Mom", "parent"],
    ["姐夫", null],
    ["婆婆", null],
    ["叔叔", null],
    ["王芳", null],
    ["mother-in-law", null],
    ["", null],
  ])("%j → %s", (word, relation) => {
    expect(relationOfWord(word)).toBe(relation);
  });
});

describe("findRelation in a sentence", () => {
  it.each<[string, Relation | null]>([
    ["给外孙女转钱", "grandchild"], // not 女儿 (child) nor 孙女 read from the middle
    ["给外孙子转钱", "grandchild"],
    ["给我姐姐转", "sibling"],
    ["给我女儿转", "child"],
    ["给孙女转", "grandchild"],
    ["给我儿媳妇转", null], // 儿媳妇 is a daughter-in-law, not a 儿子 or a 媳妇
    ["给姐夫转", null],
    ["给李姐转", null], // an acquaintance
    ["给大姐转", "sibling"],
    ["给王先生转", null], // Mr Wang
    ["给我先生转", "spouse"],
    ["给孩子他妈转", "spouse"],
    ["帮我婆婆和我妈交医保", "parent"], // the in-law is skipped, the next word counts
    ["send to my grandmother", "grandparent"],
    ["send to my mother-in-law", null],
    ["pay my dad's premium", "parent"],
    ["my person", null], // "son" inside a word is not a son
    ["王芳", null],
  ])("%j → %s", (text, relation) => {
    expect(findRelation(text)).toBe(relation);
  });
});
