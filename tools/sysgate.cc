// sysgate: the compiled-in system call table of the running architecture.
//
//   sysgate list    NAME NUMBER for each row
//   sysgate probe   whether the running kernel implements each row
//
// `probe` calls each row with the arguments the tables give it (-1 for each
// unless signatures.tbl says otherwise). ENOSYS then means the kernel lacks the
// row or, for a multiplexer such as futex, that it rejects the operation -1.
//
// The rows are generated/linux/syscall_probes.inc, the same list the probe
// tests read. Other tables: `python3 codegen/generate.py list OS/ARCH`.

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "sysgate/syscalls.h"

namespace {

// The layout syscall_probes.inc initializes (see tests/probe_row.h).
enum class ProbeKind { kSame, kNewFd, kVaries, kUnsafe };

struct ProbeRow {
  const char* name;
  long number;
  const char* entry;
  ProbeKind kind;
  const char* reason;
  int arg_count;
  long args[6];
  unsigned pointer_params;
  long (*call)(const long* args);
};

const ProbeRow kRows[] = {
#include "sysgate/generated/linux/syscall_probes.inc"
};

// A row that blocks (pause-like calls with the probe's arguments) is ended
// by this alarm in its child.
constexpr unsigned kWatchdogSeconds = 2;

int List() {
  for (const ProbeRow& row : kRows) printf("%s %ld\n", row.name, row.number);
  return 0;
}

// Runs the row in a child, since a row may end, stop or block the process
// that makes it, and reports what became of the child.
void ProbeOne(const ProbeRow& row) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    printf("%-24s %4ld fork failed: %s\n", row.name, row.number, strerror(errno));
    return;
  }
  if (pid == 0) {
    alarm(kWatchdogSeconds);
    const long* a = row.args;
    long r = sysgate::sys::syscall(row.number, a[0], a[1], a[2], a[3], a[4], a[5]).raw();
    _exit(r == -ENOSYS ? 1 : 0);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    printf("%-24s %4ld signal %d\n", row.name, row.number, WTERMSIG(status));
  } else {
    printf("%-24s %4ld %s\n", row.name, row.number,
           WEXITSTATUS(status) == 1 ? "ENOSYS" : "implemented");
  }
}

int Probe() {
  printf("%-24s %4s %s\n", "NAME", "NR", "RESULT");
  for (const ProbeRow& row : kRows) {
    if (row.kind != ProbeKind::kUnsafe) ProbeOne(row);
  }
  printf("\nnot probed (tables/linux/signatures.tbl marks them unsafe):\n");
  for (const ProbeRow& row : kRows) {
    if (row.kind == ProbeKind::kUnsafe) printf("  %s %ld: %s\n", row.name, row.number, row.reason);
  }
  return 0;
}

int Usage() {
  fprintf(stderr, "usage: sysgate list | sysgate probe\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return Usage();
  if (strcmp(argv[1], "list") == 0) return List();
  if (strcmp(argv[1], "probe") == 0) return Probe();
  return Usage();
}
