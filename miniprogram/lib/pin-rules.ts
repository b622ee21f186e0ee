// The PIN rules the server enforces (SPEC: not sequential, not all the same digit, not the birth
// date), checked before sending so the user learns at once. The server stays the authority and
// also refuses the birth date, which the mini-program does not know.

/** All the same digit, or a run up or down the keypad (digits wrap: 567890 and 098765 count). */
export function weakPin(pin: string): boolean {
  if (!/^\d{6}$/.test(pin)) return true;
  const steps = new Set<number>();
  for (let i = 1; i < pin.length; i++) steps.add((Number(pin[i]) - Number(pin[i - 1]) + 10) % 10);
  return steps.size === 1 && (steps.has(0) || steps.has(1) || steps.has(9));
}
