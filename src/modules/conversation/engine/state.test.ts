import { describe, expect, it } from "vitest";
import { convStateOf, flowNameOf } from "./state";
import { emptyState } from "./types";

describe("conversation state read from its row", () => {
  it("accepts what the engine writes", () => {
    const state = { ...emptyState(), slots: { amountFen: 20000 }, history: ["relative"], seq: 2, step: "amount" };
    state.prompt = { stepId: "amount-2", kind: "amount", label: "转多少钱？", min: 1, max: 200000 };
    expect(convStateOf({ state: JSON.parse(JSON.stringify(state)) })).toEqual(state);
    expect(flowNameOf({ flow: "transfer" })).toBe("transfer");
  });

  it("refuses a state this code did not write, and an unknown flow", () => {
    expect(() => convStateOf({ state: { ...emptyState(), prompt: { stepId: "x", kind: "bogus", label: "" } } })).toThrow();
    expect(() => convStateOf({ state: { slots: {}, sealed: {}, history: "relative", seq: 0, prompt: null, step: null } })).toThrow();
    expect(() => convStateOf({ state: null })).toThrow();
    expect(() => flowNameOf({ flow: "transfre" })).toThrow();
  });
});
