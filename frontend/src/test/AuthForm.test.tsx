import { fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { jsonResponse, mockFetch, problem } from "./helpers";

const replace = vi.fn();
let search = new URLSearchParams();
vi.mock("next/navigation", () => ({
  useRouter: () => ({ replace, push: vi.fn(), prefetch: vi.fn() }),
  useSearchParams: () => search,
}));

// imported after the mock
const { AuthForm } = await import("@/components/AuthForm");
const { getToken } = await import("@/lib/api");

function fill(label: string | RegExp, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe("AuthForm", () => {
  beforeEach(() => {
    sessionStorage.clear();
    replace.mockReset();
    search = new URLSearchParams();
  });
  afterEach(() => vi.unstubAllGlobals());

  it("says 'Wrong username or password' when the login is refused", async () => {
    mockFetch(() => problem(401, "UNAUTHENTICATED", "A valid access token is required"));
    render(<AuthForm mode="login" />);
    fill("Username", "ann");
    fill("Password", "nope");
    fireEvent.click(screen.getByRole("button", { name: "Log in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Wrong username or password.");
    expect(replace).not.toHaveBeenCalled();
  });

  it("logs in, keeps the token and goes back to where the user was", async () => {
    search = new URLSearchParams({ next: "/workspace/?id=w1" });
    mockFetch(() => jsonResponse(200, { accessToken: "tok", tokenType: "Bearer", expiresIn: 3600 }));
    render(<AuthForm mode="login" />);
    fill("Username", "ann");
    fill("Password", "secret-secret");
    fireEvent.click(screen.getByRole("button", { name: "Log in" }));
    await vi.waitFor(() => expect(replace).toHaveBeenCalledWith("/workspace/?id=w1"));
    expect(getToken()).toBe("tok");
  });

  it("shows why a password is too weak", async () => {
    mockFetch(() => problem(400, "WEAK_PASSWORD", "password must have at least 10 characters"));
    render(<AuthForm mode="signup" />);
    fill("Username", "ann");
    fill("Password", "short");
    fill("Repeat password", "short");
    fireEvent.click(screen.getByRole("button", { name: "Sign up" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "That password is too weak: Password must have at least 10 characters.",
    );
  });

  it("says when a username is taken", async () => {
    mockFetch(() => problem(409, "USERNAME_TAKEN", "username ann is taken"));
    render(<AuthForm mode="signup" />);
    fill("Username", "ann");
    fill("Password", "long-enough-password");
    fill("Repeat password", "long-enough-password");
    fireEvent.click(screen.getByRole("button", { name: "Sign up" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That username is already taken.");
  });

  it("checks that both passwords match before asking the server", async () => {
    const calls = mockFetch(() => jsonResponse(201, {}));
    render(<AuthForm mode="signup" />);
    fill("Username", "ann");
    fill("Password", "long-enough-password");
    fill("Repeat password", "other");
    fireEvent.click(screen.getByRole("button", { name: "Sign up" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("do not match");
    expect(calls).toHaveLength(0);
  });

  it("signs up, then logs in", async () => {
    const calls = mockFetch((req) =>
      req.url === "/api/auth/register"
        ? jsonResponse(201, { userId: "u", username: "ann" })
        : jsonResponse(200, { accessToken: "tok2", tokenType: "Bearer", expiresIn: 3600 }),
    );
    render(<AuthForm mode="signup" />);
    fill("Username", "ann");
    fill("Password", "long-enough-password");
    fill("Repeat password", "long-enough-password");
    fireEvent.click(screen.getByRole("button", { name: "Sign up" }));
    await vi.waitFor(() => expect(replace).toHaveBeenCalledWith("/"));
    expect(calls.map((c) => c.url)).toEqual(["/api/auth/register", "/api/auth/login"]);
  });
});
