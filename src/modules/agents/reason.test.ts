import { describe, expect, it } from "vitest";
import { cleanReason } from "./reason";

describe("cleanReason", () => {
  it("masks ID numbers and mobile numbers typed into a reason, and keeps the rest", () => {
    expect(cleanReason(" 用户 320505196803121078 来电，手机13900000107 ")).toBe("用户 3205**********1078 来电，手机139****0107");
    expect(cleanReason("回单号 T20261124000000000123 有误")).toBe("回单号 T20261124000000000123 有误");
    expect(cleanReason("金额 200 元")).toBe("金额 200 元");
  });
});
