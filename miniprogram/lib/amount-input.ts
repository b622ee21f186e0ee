// The amount keypad's rules, apart from the component so they can be tested alone.

/** The text after one more key, or null when the key would make it an impossible amount. */
export function nextAmountText(text: string, key: string): string | null {
  if (key === "del") return text.slice(0, -1);
  if (key === ".") return text.includes(".") ? null : text === "" ? "0." : `${text}.`;
  if (!/^\d$/.test(key)) return null;
  const [int = "", dec] = text.split(".");
  if (dec !== undefined) return dec.length >= 2 ? null : text + key;
  if (int === "0") return key;
  return int.length >= 9 ? null : text + key;
}
