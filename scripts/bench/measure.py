#!/usr/bin/env python3
"""Runs one command and prints "WALL_SECONDS MAX_RSS_KIB EXIT_CODE" on stdout.

  measure.py [--timeout S] [--stdin FILE] OUT ERR -- COMMAND [ARG...]

The command's stdout goes to OUT and its stderr to ERR. Wall time: a monotonic clock around posix_spawn and
wait4, so the interpreter's own start-up is not counted (the exec of /usr/bin/time is: scripts/bench/run
measures an empty program as the harness floor). Peak RSS: GNU time's "%M" (/usr/bin/time -f %M), i.e.
ru_maxrss of the command: the largest resident set of the command or of any descendant it waited for. wait4's
ru_maxrss is not used, since a child spawned from this interpreter inherits the interpreter's high-water mark.
Without /usr/bin/time the RSS is printed as -1. A command still running after the timeout is killed with its
process group; the exit code is then 124.
"""
import os
import signal
import sys
import time

GNU_TIME = "/usr/bin/time"


def main(argv):
    timeout = None
    stdin_path = os.devnull
    while argv and argv[0].startswith("--") and argv[0] != "--":
        if argv[0] == "--timeout":
            timeout = float(argv[1])
        elif argv[0] == "--stdin":
            stdin_path = argv[1]
        else:
            sys.exit("measure.py: unknown option '%s'" % argv[0])
        argv = argv[2:]
    if len(argv) < 4 or argv[2] != "--":
        sys.exit("usage: measure.py [--timeout S] [--stdin FILE] OUT ERR -- COMMAND [ARG...]")
    out_path, err_path, command = argv[0], argv[1], argv[3:]
    rss_path = out_path + ".rss"
    if os.access(GNU_TIME, os.X_OK):
        command = [GNU_TIME, "-f", "%M", "-o", rss_path, "--"] + command
    with open(stdin_path, "rb") as fin, open(out_path, "wb") as fout, open(err_path, "wb") as ferr:
        actions = [
            (os.POSIX_SPAWN_DUP2, fin.fileno(), 0),
            (os.POSIX_SPAWN_DUP2, fout.fileno(), 1),
            (os.POSIX_SPAWN_DUP2, ferr.fileno(), 2),
        ]
        start = time.perf_counter()
        try:
            pid = os.posix_spawnp(command[0], command, os.environ, file_actions=actions, setpgroup=0)
        except OSError as e:
            ferr.write(("cannot run '%s': %s\n" % (command[0], e.strerror)).encode())
            print("0 0 127")
            return 0
        status, timed_out = wait_with_timeout(pid, timeout)
        wall = time.perf_counter() - start
    rss = read_rss(rss_path) if command[0] == GNU_TIME else None
    code = 124 if timed_out else (os.waitstatus_to_exitcode(status) if status is not None else 125)
    if code < 0:
        code = 128 - code
    print("%.6f %d %d" % (wall, rss if rss is not None else -1, code))
    return 0


def read_rss(path):
    """GNU time writes "%M" as the last line (after a "Command exited" line when the status is not 0)."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split()
        os.unlink(path)
        return int(lines[-1])
    except (OSError, ValueError, IndexError):
        return None


def wait_with_timeout(pid, timeout):
    """Blocks in wait4; an interval timer kills the process group when the timeout passes."""
    timed_out = []
    if timeout is not None:
        def on_alarm(_signum, _frame):
            timed_out.append(True)
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    _, status, _ = os.wait4(pid, 0)  # retried after the handler runs (PEP 475)
    if timeout is not None:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return status, bool(timed_out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
