// Diagnostic only (bench/README.md, "HTTP lookups"): an LD_PRELOAD shim that sets TCP_NODELAY on
// every socket accept()ed by the process, to measure what `syscensus serve` would do if its
// cpp-httplib server called set_tcp_nodelay(true). Not part of the product.
//   cc -O2 -shared -fPIC -o /tmp/nodelay_shim.so bench/tools/nodelay_shim.c -ldl
//   LD_PRELOAD=/tmp/nodelay_shim.so syscensus serve ...
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

static void nodelay(int fd) {
  if (fd >= 0) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
}

int accept(int fd, struct sockaddr* addr, socklen_t* len) {
  static int (*real)(int, struct sockaddr*, socklen_t*);
  if (!real) real = (int (*)(int, struct sockaddr*, socklen_t*))dlsym(RTLD_NEXT, "accept");
  int c = real(fd, addr, len);
  nodelay(c);
  return c;
}

int accept4(int fd, struct sockaddr* addr, socklen_t* len, int flags) {
  static int (*real)(int, struct sockaddr*, socklen_t*, int);
  if (!real) real = (int (*)(int, struct sockaddr*, socklen_t*, int))dlsym(RTLD_NEXT, "accept4");
  int c = real(fd, addr, len, flags);
  nodelay(c);
  return c;
}
