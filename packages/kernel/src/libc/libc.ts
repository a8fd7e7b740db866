import { createRequire } from 'node:module';
import koffi from 'koffi';

/** The path of the koffi module, for the reactor's worker thread to load the same build. */
export const koffiPath = createRequire(import.meta.url).resolve('koffi');

let bound: ReturnType<typeof bind> | undefined;

function bind() {
  const lib = koffi.load('libc.so.6');
  return {
    socket: lib.func('int socket(int domain, int type, int protocol)'),
    setsockopt: lib.func('int setsockopt(int fd, int level, int name, const void *value, uint32_t len)'),
    getsockopt: lib.func('int getsockopt(int fd, int level, int name, _Out_ void *value, _Inout_ uint32_t *len)'),
    bind: lib.func('int bind(int fd, const void *addr, uint32_t len)'),
    listen: lib.func('int listen(int fd, int backlog)'),
    accept4: lib.func('int accept4(int fd, _Out_ void *addr, _Inout_ uint32_t *len, int flags)'),
    connect: lib.func('int connect(int fd, const void *addr, uint32_t len)'),
    read: lib.func('intptr_t read(int fd, _Out_ void *buf, size_t count)'),
    send: lib.func('intptr_t send(int fd, const void *buf, size_t len, int flags)'),
    shutdown: lib.func('int shutdown(int fd, int how)'),
    close: lib.func('int close(int fd)'),
    getsockname: lib.func('int getsockname(int fd, _Out_ void *addr, _Inout_ uint32_t *len)'),
    getpeername: lib.func('int getpeername(int fd, _Out_ void *addr, _Inout_ uint32_t *len)'),
    // ioctl is variadic in C; for an int * third argument the fixed prototype
    // passes it the same way on x86-64 and arm64 Linux.
    ioctlInt: lib.func('int ioctl(int fd, unsigned long request, _Out_ int *value)'),
    ifNameToIndex: lib.func('unsigned int if_nametoindex(const char *ifname)'),
    ioctlIfreq: lib.func('ioctl', 'int', ['int', 'unsigned long', koffi.inout(koffi.pointer('uint8_t'))]),
    unshare: lib.func('int unshare(int flags)'),
    setns: lib.func('int setns(int fd, int nstype)'),
    open: lib.func('int open(const char *path, int flags)'),
    fcntl: lib.func('int fcntl(int fd, int cmd, int arg)'),
    poll: lib.func('int poll(void *fds, unsigned long nfds, int timeout)'),
    epollCreate1: lib.func('int epoll_create1(int flags)'),
    epollCtl: lib.func('int epoll_ctl(int epfd, int op, int fd, void *event)'),
    eventfd: lib.func('int eventfd(unsigned int initval, int flags)'),
    write: lib.func('intptr_t write(int fd, const void *buf, size_t count)'),
    strerror: lib.func('const char *strerror(int errnum)'),
    // For bulk runs (the `load` lesson's driver): every pointer a Buffer the caller reuses, or null.
    /** `accept4(fd, NULL, NULL, flags)`: as a C server that does not ask for the peer's address. */
    acceptAnon: lib.func('int accept4(int fd, void *addr, void *len, int flags)'),
    /** `epoll_wait()` with a zero timeout on the main thread: what is ready now, never a wait. */
    epollWait: lib.func('int epoll_wait(int epfd, void *events, int max, int timeout)'),
    /** `getsockopt()` with the length in a 4-byte Buffer. */
    getsockoptBuf: lib.func('int getsockopt(int fd, int level, int name, void *value, void *len)'),
    // What every call's observation reads (observeFd): plain pointers to reused Buffers are about
    // twice as fast through koffi as _Out_/_Inout_ parameters, which copy in and out.
    /** `getsockname()` with the length in a 4-byte Buffer. */
    getsocknameBuf: lib.func('int getsockname(int fd, void *addr, void *len)'),
    /** `getpeername()` with the length in a 4-byte Buffer. */
    getpeernameBuf: lib.func('int getpeername(int fd, void *addr, void *len)'),
    /** `ioctl()` with an int result written into a 4-byte Buffer. */
    ioctlBuf: lib.func('int ioctl(int fd, unsigned long request, void *value)'),
  };
}

/**
 * The libc functions socklab calls, bound on first use. Read `errno()` right
 * after a call that returned -1: nothing else may run in between.
 */
export function libc(): ReturnType<typeof bind> {
  bound ??= bind();
  return bound;
}

/** The calling thread's errno, as koffi saved it after the last call. */
export function errno(): number {
  return koffi.errno();
}

/** koffi's table of errno names to numbers on this OS. */
export function errnoTable(): Readonly<Record<string, number>> {
  return koffi.os.errno as Record<string, number>;
}
