"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useState, type FormEvent } from "react";
import { api, safeNext, setToken } from "@/lib/api";
import { describeError } from "@/lib/messages";
import { primaryButton } from "./Dialog";

interface Props {
  mode: "login" | "signup";
}

const input =
  "w-full rounded border border-zinc-600 bg-zinc-800 px-3 py-2 text-zinc-100 focus:border-sky-500 focus:outline-none";

export function AuthForm({ mode }: Props) {
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNext(params.get("next"));
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { user: useId(), pass: useId(), confirm: useId(), error: useId() };
  const signup = mode === "signup";

  // fetch the destination's code while the user types, so it opens at once after login
  useEffect(() => {
    router.prefetch(next);
  }, [router, next]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!username.trim() || !password) {
      setError("Enter a username and a password.");
      return;
    }
    if (signup && password !== confirm) {
      setError("The two passwords do not match.");
      return;
    }
    setBusy(true);
    try {
      if (signup) await api.register(username.trim(), password);
      const login = await api.login(username.trim(), password);
      setToken(login.accessToken);
      router.replace(next);
    } catch (err) {
      setError(describeError(err, mode));
      setBusy(false);
    }
  };

  const otherHref = `${signup ? "/login/" : "/signup/"}${next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`;

  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <form
        onSubmit={submit}
        noValidate
        aria-labelledby={`${ids.user}-title`}
        aria-describedby={error ? ids.error : undefined}
        className="w-full max-w-sm space-y-4 rounded-lg border border-zinc-700 bg-zinc-900 p-6 shadow-lg"
      >
        <h1 id={`${ids.user}-title`} className="text-xl font-semibold">
          {signup ? "Create an account" : "Log in"}
        </h1>
        <div>
          <label htmlFor={ids.user} className="mb-1 block text-sm text-zinc-300">
            Username
          </label>
          <input
            id={ids.user}
            name="username"
            className={input}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
          />
        </div>
        <div>
          <label htmlFor={ids.pass} className="mb-1 block text-sm text-zinc-300">
            Password
          </label>
          <input
            id={ids.pass}
            name="password"
            type="password"
            className={input}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete={signup ? "new-password" : "current-password"}
            required
          />
        </div>
        {signup && (
          <div>
            <label htmlFor={ids.confirm} className="mb-1 block text-sm text-zinc-300">
              Repeat password
            </label>
            <input
              id={ids.confirm}
              name="confirm"
              type="password"
              className={input}
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              autoComplete="new-password"
              required
            />
          </div>
        )}
        {error && (
          <p id={ids.error} role="alert" className="rounded border border-red-800 bg-red-950 px-3 py-2 text-sm text-red-200">
            {error}
          </p>
        )}
        <button type="submit" className={`${primaryButton} w-full py-2`} disabled={busy}>
          {busy ? (signup ? "Creating account…" : "Logging in…") : signup ? "Sign up" : "Log in"}
        </button>
        <p className="text-center text-sm text-zinc-400">
          {signup ? "Already have an account? " : "New here? "}
          <Link href={otherHref} className="text-sky-400 underline hover:text-sky-300">
            {signup ? "Log in" : "Create an account"}
          </Link>
        </p>
      </form>
    </main>
  );
}
