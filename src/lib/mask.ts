// Masks for personal data in every response, log line and console view. They never throw:
// a mask that crashes on odd input would push callers to print the raw value instead.

const LATIN_LETTER = /^[\p{Script=Latin}]/u;

function stars(n: number): string {
  return "*".repeat(Math.max(0, n));
}

function maskWord(word: string): string {
  const chars = Array.from(word);
  return chars.length === 0 ? "" : chars[0] + stars(chars.length - 1);
}

/**
 * Chinese names keep the surname character and, from three characters on, the last one:
 * 张伟 → 张*, 王建国 → 王*国, 欧阳娜娜 → 欧**娜. Latin-script names written with spaces keep
 * each word's initial (Li Wei → L* W**), since first-and-last characters of the whole string
 * would reveal most of a short given name.
 */
export function maskName(name: string): string {
  const trimmed = (name ?? "").trim();
  if (trimmed === "") return "";
  if (/\s/.test(trimmed) && LATIN_LETTER.test(trimmed)) {
    return trimmed.split(/\s+/).map(maskWord).join(" ");
  }
  const chars = Array.from(trimmed);
  if (chars.length === 1) return "*";
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + stars(chars.length - 2) + chars[chars.length - 1];
}

/** 320505196803121078 → 3205**********1078; anything of 8 characters or fewer is fully starred. */
export function maskIdNumber(idNumber: string): string {
  const chars = Array.from((idNumber ?? "").trim());
  if (chars.length <= 8) return stars(chars.length);
  return chars.slice(0, 4).join("") + stars(chars.length - 8) + chars.slice(-4).join("");
}

/** 13900000107 → 139****0107; anything under 8 characters is fully starred. */
export function maskPhone(phone: string): string {
  const chars = Array.from((phone ?? "").trim());
  if (chars.length < 8) return stars(chars.length);
  return chars.slice(0, 3).join("") + stars(chars.length - 7) + chars.slice(-4).join("");
}
