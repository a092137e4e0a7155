"""Shared pieces of berth's benchmark and soak scripts: the release binary, the engine's API over its Unix socket,
a program in a pseudo-terminal with the arrival time of everything it writes, and /proc sampling.

Not a test: the scripts that import it print numbers.
"""
import fcntl, http.client, json, os, pty, re, signal, socket, struct, subprocess, termios, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANSI = re.compile(rb"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78DEHMc])")
IMAGE = "berth-test/busybox:latest"


def release_binary():
    """Builds berth as shipped (scripts/release-build) and returns its path."""
    return subprocess.run([os.path.join(ROOT, "scripts", "release-build")], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=120)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(120)
        self.sock.connect(self.path)


class Engine:
    """The Engine API of a local engine (`unix://PATH`), one request at a time: faster than the CLI for bulk work."""

    def __init__(self, url):
        if not url.startswith("unix://"):
            raise SystemExit(f"a local engine is needed (unix://...), not {url}")
        self.url = url
        self.path = url[len("unix://"):]

    def call(self, method, path, body=None, ok=(200, 201, 204, 304)):
        connection = _UnixConnection(self.path)
        try:
            headers = {"Content-Type": "application/json"} if body is not None else {}
            connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        if response.status not in ok:
            raise RuntimeError(f"{method} {path}: {response.status} {data[:200]!r}")
        return json.loads(data) if data and data[:1] in (b"{", b"[") else None

    def names(self, prefix):
        """Every container's name that starts with `prefix`, with whether it runs."""
        found = {}
        for container in self.call("GET", "/containers/json?all=1"):
            for name in container.get("Names") or []:
                if name.lstrip("/").startswith(prefix):
                    found[name.lstrip("/")] = container.get("State") == "running"
        return found

    def create(self, name, command, running, labels=None):
        body = {"Image": IMAGE, "Cmd": command, "HostConfig": {"NetworkMode": "none"}, "Labels": labels or {}}
        self.call("POST", f"/containers/create?name={name}", body)
        if running:
            self.call("POST", f"/containers/{name}/start")

    def remove(self, name):
        self.call("DELETE", f"/containers/{name}?force=1", ok=(204, 404))


class Terminal:
    """A program in a pseudo-terminal of the given size, and everything it writes, with arrival times."""

    def __init__(self, argv, env, width=160, height=50):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(env)
            os.environ.pop("NO_COLOR", None)
            os.execv(argv[0], argv)
        self.resize(width, height)
        self.chunks = []  # (arrival time, bytes)
        self.lock = threading.Lock()
        self.done = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while not self.done.is_set():
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:
                return
            if not data:
                return
            now = time.monotonic()
            with self.lock:
                self.chunks.append((now, data))

    def resize(self, width, height):
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        os.kill(self.pid, signal.SIGWINCH)

    def mark(self):
        with self.lock:
            return len(self.chunks)

    def key(self, data):
        os.write(self.fd, data)

    def wait_for(self, marker, since, timeout):
        """The arrival time of the first output after chunk `since` that shows `marker` (None: not in time)."""
        deadline = time.monotonic() + timeout
        tail, seen = b"", since
        while time.monotonic() < deadline:
            with self.lock:
                new = self.chunks[seen:]
            for arrived, data in new:
                seen += 1
                window = tail + data
                if marker in ANSI.sub(b"", window):
                    return arrived
                tail = window[-256:]
            time.sleep(0.0005)
        return None

    def wait_output(self, since, timeout):
        """The arrival time of the first output after chunk `since` (None: nothing in time)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.chunks) > since:
                    return self.chunks[since][0]
            time.sleep(0.0002)
        return None

    def wait_quiet(self, quiet, timeout):
        """Waits until nothing was written for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                last = self.chunks[-1][0] if self.chunks else 0
            if time.monotonic() - last >= quiet:
                return True
            time.sleep(0.01)
        return False

    def alive(self):
        try:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            return False
        return pid == 0

    def stop(self, key=b"q"):
        self.key(key)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and self.alive():
            time.sleep(0.05)
        if self.alive():
            os.kill(self.pid, signal.SIGKILL)
        self.done.set()


class Process:
    """/proc figures of one process."""

    def __init__(self, pid):
        self.pid = pid
        self.hz = os.sysconf("SC_CLK_TCK")

    def cpu_seconds(self):
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / self.hz

    def status(self, field):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def rss_mib(self):
        return self.status("VmRSS") / 1024

    def threads(self):
        return self.status("Threads")

    def fds(self):
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def fds_apart_from_statistics(self):
        """Open descriptors, less the kernel statistics files berth holds open for the containers it samples
        (seven a running container, under /sys/fs/cgroup and /proc): those follow the number of running containers,
        not a leak."""
        count = 0
        for name in os.listdir(f"/proc/{self.pid}/fd"):
            try:
                target = os.readlink(f"/proc/{self.pid}/fd/{name}")
            except OSError:
                continue
            if not (target.startswith("/sys/fs/cgroup/") or target.startswith("/proc/")):
                count += 1
        return count


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def latency_line(label, values):
    ms = [v * 1000 for v in values]
    return (f"{label:<28} p50 {percentile(ms, 50):5.1f} ms  p90 {percentile(ms, 90):5.1f} ms  "
            f"p99 {percentile(ms, 99):5.1f} ms  max {max(ms) if ms else float('nan'):5.1f} ms  ({len(ms)} keys)")


def rss_breakdown(pid):
    """Where a process's resident pages are, from /proc/PID/smaps: (what, KiB) pairs, biggest first.

    The program's own file (code and constant data of the static Swift runtime and every library linked in), the
    shared libraries, the heap (brk), other anonymous mappings (malloc's arenas of other threads, big allocations,
    thread stacks: a stack has a small guard mapping right below it, an arena a big reserved one right above),
    and the rest."""
    groups = {}
    exe = os.path.realpath(f"/proc/{pid}/exe")
    guard_end = None  # where the last small inaccessible mapping ended
    with open(f"/proc/{pid}/smaps") as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines):
        header = lines[i].split()
        i += 1
        fields = {}
        while i < len(lines) and not re.match(r"^[0-9a-f]+-[0-9a-f]+ ", lines[i]):
            key, _, value = lines[i].partition(":")
            fields[key] = value.strip()
            i += 1
        start, end = (int(x, 16) for x in header[0].split("-"))
        perms = header[1]
        path = header[5] if len(header) > 5 else ""
        rss = int(fields.get("Rss", "0 kB").split()[0])
        if path == exe:
            what = "berth binary: code" if "x" in perms else "berth binary: data"
        elif path.startswith("/") and ".so" in path:
            what = "shared libraries (libc, ncursesw, ...)"
        elif path == "[heap]":
            what = "heap (main arena)"
        elif path.startswith("[stack"):
            what = "main thread stack"
        elif path == "" and perms.startswith("rw"):
            if guard_end == start:
                what = "thread stacks"
            else:
                what = "anonymous (malloc arenas, big allocations)"
        elif path.startswith("["):
            what = "kernel ([vdso], [vvar])"
        else:
            what = "other"
        guard_end = end if path == "" and perms.startswith("---") and end - start <= 1 << 20 else None
        groups[what] = groups.get(what, 0) + rss
    return sorted(groups.items(), key=lambda item: -item[1])
