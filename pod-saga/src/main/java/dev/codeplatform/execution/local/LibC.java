package dev.codeplatform.execution.local;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few libc calls Java has no API for. Linux only. */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    int SIGKILL = 9;

    /** Per thread (glibc does not broadcast it to the other threads): file-system uid used for permission checks. */
    int setfsuid(int fsuid);

    int setfsgid(int fsgid);

    int kill(int pid, int signal);

    int geteuid();

    long syscall(long number, Object... args);
}
