import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api";
import { describeError } from "@/lib/messages";

const err = (status: number, code?: string, detail?: string) => new ApiError(status, { status, code, detail });

describe("describeError", () => {
  it("says a taken username in words", () => {
    expect(describeError(err(409, "USERNAME_TAKEN", "username ALICE is taken"), "signup")).toBe(
      "That username is already taken. Choose another one.",
    );
  });

  it("shows the server's detail for a weak password", () => {
    expect(describeError(err(400, "WEAK_PASSWORD", "password must have at least 10 characters"), "signup")).toBe(
      "That password is too weak: Password must have at least 10 characters.",
    );
  });

  it("explains an invalid username", () => {
    expect(describeError(err(400, "INVALID_NAME", "username may only contain letters"), "signup")).toMatch(
      /^That username cannot be used: Username may only contain letters\.$/,
    );
  });

  it("says 'Wrong username or password' for a 401 at login", () => {
    expect(describeError(err(401, "UNAUTHENTICATED", "bad"), "login")).toBe("Wrong username or password.");
    expect(describeError(err(401), "login")).toBe("Wrong username or password.");
  });

  it("explains other codes and statuses", () => {
    expect(describeError(err(413, "FILE_TOO_LARGE"), "file")).toMatch(/too large/);
    expect(describeError(err(429, "TOO_MANY_SESSIONS"), "session")).toMatch(/too many terminals/);
    expect(describeError(err(0, "NETWORK"))).toMatch(/could not be reached/);
    expect(describeError(err(503))).toMatch(/server had a problem/);
    expect(describeError(new Error("boom"))).toBe("Boom.");
    expect(describeError("??")).toMatch(/Something went wrong/);
  });
});
