import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { connectionLost } from "./pg-errors";

describe("connectionLost", () => {
  it("sees the driver's lost connection through drizzle's wrapper", () => {
    const cause = Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), { code: "CONNECTION_CLOSED" });
    expect(connectionLost(new DrizzleQueryError("select 1", [], cause))).toBe(true);
    expect(connectionLost(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe(true);
    expect(connectionLost(new Error("socket hang up: EPIPE"))).toBe(true);
  });

  it("never reads the wrapper's message, which lists the statement's parameters", () => {
    // A unique violation of a statement whose parameters (a memo) happen to say ECONNRESET.
    const cause = Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" });
    const err = new DrizzleQueryError("insert into transfers (memo) values ($1)", ["ECONNRESET EPIPE"], cause);
    expect(err.message).toMatch(/ECONNRESET/);
    expect(connectionLost(err)).toBe(false);
  });
});
