package dev.codeplatform.execution.local;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The few libc calls Java has no API for. Linux only; the flag values are those of Linux's generic ABI. */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    int SIGKILL = 9;
    int EINTR = 4;
    int EAGAIN = 11;

    int O_RDWR = 02;
    int O_NOCTTY = 0400;
    int O_NONBLOCK = 04000;
    int O_CLOEXEC = 02000000;
    int F_GETFL = 3;
    int F_SETFL = 4;
    long TIOCSWINSZ = 0x5414;
    int WNOHANG = 1;
    short POLLOUT = 0x4;

    int EPOLL_CLOEXEC = O_CLOEXEC;
    int EPOLL_CTL_ADD = 1;
    int EPOLL_CTL_DEL = 2;
    int EPOLL_CTL_MOD = 3;
    int EPOLLIN = 0x1;
    int EFD_NONBLOCK = O_NONBLOCK;
    int EFD_CLOEXEC = O_CLOEXEC;

    long MS_NOSUID = 2;
    long MS_NODEV = 4;
    int MNT_DETACH = 2;

    long SYS_PIDFD_OPEN = 434;
    long SYS_PIDFD_SEND_SIGNAL = 424;

    /** Per thread (glibc does not broadcast it to the other threads): file-system uid used for permission checks. */
    int setfsuid(int fsuid);

    int setfsgid(int fsgid);

    int kill(int pid, int signal);

    int geteuid();

    long syscall(long number, Object... args);

    int mount(String source, String target, String type, long flags, String data);

    int umount2(String target, int flags);

    String strerror(int errno);

    int posix_openpt(int flags);

    int grantpt(int fd);

    int unlockpt(int fd);

    int ptsname_r(int fd, byte[] name, long length);

    /** {@code struct winsize}: rows, columns, and two unused pixel sizes. */
    int ioctl(int fd, long request, short[] winsize);

    int fcntl(int fd, int command, int argument);

    long read(int fd, Pointer buffer, long count);

    long write(int fd, byte[] buffer, long count);

    int close(int fd);

    int waitpid(int pid, int[] status, int options);

    /** {@code struct pollfd}: fd, then events and revents packed into the second int. */
    int poll(int[] pollfd, long count, int timeoutMillis);

    int epoll_create1(int flags);

    int epoll_ctl(int epoll, int operation, int fd, Pointer event);

    int epoll_wait(int epoll, Pointer events, int maxEvents, int timeoutMillis);

    int eventfd(int initial, int flags);
}
