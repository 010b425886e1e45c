"use client";

import { useEffect, useState } from "react";
import { clearToken, getToken, redirectToLogin } from "./api";

/** True once a token is known; without one, sends the user to the login page (and back here afterwards). */
export function useRequireToken(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (getToken()) setReady(true);
    else redirectToLogin();
  }, []);
  return ready;
}

export function logOut(): void {
  clearToken();
  window.location.assign("/login/");
}
