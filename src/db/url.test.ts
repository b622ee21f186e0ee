import { describe, expect, it } from "vitest";
import { pgConnection } from "./url";

describe("pgConnection (libpq's ?host= for a Unix-domain socket)", () => {
  it("leaves a TCP URL alone", () => {
    expect(pgConnection("postgres://u:p@127.0.0.1:5432/db")).toEqual({ url: "postgres://u:p@127.0.0.1:5432/db", options: {} });
    expect(pgConnection("postgres://u@db.example.com/db?sslmode=require")).toEqual({
      url: "postgres://u@db.example.com/db?sslmode=require",
      options: {},
    });
  });

  it("takes a socket directory out of the query string and passes it as the host option", () => {
    expect(pgConnection("postgres://postgres@localhost/test?host=/var/run/postgresql")).toEqual({
      url: "postgres://postgres@localhost/test",
      options: { host: "/var/run/postgresql" },
    });
    expect(pgConnection("postgres://postgres@localhost:5433/test?sslmode=disable&host=%2Ftmp")).toEqual({
      url: "postgres://postgres@localhost:5433/test?sslmode=disable",
      options: { host: "/tmp" },
    });
  });

  it("keeps a host parameter that is not a path (postgres.js would send it as a setting, as before)", () => {
    expect(pgConnection("postgres://u@x/db?host=other")).toEqual({ url: "postgres://u@x/db?host=other", options: {} });
  });
});
