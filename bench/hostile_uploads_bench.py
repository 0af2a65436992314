"""Hostile uploads against gunicorn with the production settings (issue 16, items 1 and 3).

    .venv/bin/python bench/hostile_uploads_bench.py [--port 8197]

As tools/smoke_server.sh does: the Production block of .env.example (tools/production_env.sh)
over a temporary SQLite database and temporary import, media and job directories, gunicorn with
config/gunicorn.conf.py and two workers, every request sent as nginx would (the site's host name,
X-Forwarded-Proto: https). Static files are collected into STATIC_ROOT (the tree's ignored
`staticfiles/`, which the settings do not let an environment variable move) when no manifest is
there yet, as the production pages need it.

An operator of a Polres logs in and uploads, through the import page (kind "units"), the hostile
files of tests/imports/hostile.py: an xlsx whose only cell after the header is at XFD1048576, an
ODS whose repeat attributes reach the same cell, an ODS of one value repeated 60,000 x 1,000, and
a CSV of 1 MB of commas. Per file it prints the HTTP status, the seconds, the peak resident size
of the gunicorn workers (VmHWM in /proc/<pid>/status, a worker's lifetime peak) and the highest
resident size seen of any process below a worker (the reader's child, sampled every 20 ms),
whether the workers are the same processes afterwards, whether the server answers another page
(the import list) afterwards, and the import batch recorded (status, the file's SHA-256). Then
the load average. Nothing is asserted; gunicorn is stopped in every case and the temporary
directory removed.
"""

import argparse
import hashlib
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OPERATOR, PASSWORD = "operator_bench", "rahasia-bench-123"


def hostile_files():
    from tests.imports import hostile

    return [
        (
            "jauh.xlsx",
            "xlsx, one cell after the header at XFD1048576",
            hostile.xlsx_with_far_cell(),
        ),
        ("jauh.ods", "ods, rows and cells repeated to XFD1048576", hostile.ods_with_far_cell()),
        ("blok.ods", "ods, one value repeated 60,000 x 1,000", hostile.ods_with_repeated_block()),
        ("koma.csv", "csv, 1,000,000 commas", hostile.csv_of_commas(1_000_000)),
    ]


# --- the server -----------------------------------------------------------------------------------


def production_environment(workdir, port):
    """The environment tools/smoke_server.sh gives gunicorn, with temporary directories."""
    lines = subprocess.run(  # noqa: S603 (our own script)
        [shutil.which("bash") or "/bin/bash", str(ROOT / "tools" / "production_env.sh")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    env = dict(line.split("=", 1) for line in lines if "=" in line)
    env.update(
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        IMPORT_STORAGE_DIR=str(workdir / "imports"),
        MEDIA_ROOT=str(workdir / "media"),
        JOBS_STORAGE_DIR=str(workdir / "jobs"),
        JOBS_CACHE_URL=f"filecache://{workdir / 'jobs-progress'}",
        APPROVED_REPORTS_DIR=str(workdir / "approved-reports"),
    )
    return env


def prepare_database():
    """Migrate, collect static files if needed, and make a Polda, a Polres and its operator."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from org.models import PoliceUnit
    from org.scoping import COMMAND_LINE
    from org.services import unit_save
    from personnel.models import User

    call_command("migrate", verbosity=0)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    polda = unit_save(
        unit=PoliceUnit(code="PMJ", name="Polda Metro Jaya", level="polda"), actor=COMMAND_LINE
    )
    polres = unit_save(
        unit=PoliceUnit(code="PMJ-BKS", name="Polres Metro Bekasi", level="polres", parent=polda),
        actor=COMMAND_LINE,
    )
    User.objects.create_user(
        username=OPERATOR, password=PASSWORD, role=User.Role.OPERATOR, unit=polres
    )
    connection.close()


def latest_batch():
    from django.db import connection

    from imports.models import ImportBatch

    batch = ImportBatch.objects.order_by("-pk").first()
    connection.close()
    return batch


def descendants(pid):
    """The pids below `pid`, children first, from /proc/<pid>/task/*/children."""
    found, queue = [], [pid]
    while queue:
        parent = queue.pop(0)
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                found.append(child)
                queue.append(child)
    return found


def workers(master):
    try:
        return sorted(
            int(pid)
            for task in Path(f"/proc/{master}/task").glob("*")
            for pid in (task / "children").read_text().split()
        )
    except OSError:
        return []


def status_kb(pid, field):
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else None


class Sampler(threading.Thread):
    """The highest VmRSS of any process below the workers while a request runs."""

    def __init__(self, master):
        super().__init__(daemon=True)
        self.master, self.peak_kb, self.stop = master, 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            direct = set(workers(self.master))
            for pid in descendants(self.master):
                if pid not in direct:
                    self.peak_kb = max(self.peak_kb, status_kb(pid, "VmRSS") or 0)
            time.sleep(0.02)


# --- the client, as nginx would send its requests -------------------------------------------------


class Browser:
    def __init__(self, port, host):
        self.port, self.host, self.cookies = port, host, {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        sent = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "192.0.2.1",
            "Referer": f"https://{self.host}{path}",
            "Origin": f"https://{self.host}",
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        sent.update(headers or {})
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, content

    def csrf_token(self, path):
        status, page = self.request("GET", path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return status, match.group(1).decode() if match else ""

    def log_in(self, username, password):
        _, token = self.csrf_token("/masuk/")
        form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        return self.request(
            "POST",
            "/masuk/",
            form.encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )[0]

    def upload(self, name, data):
        _, token = self.csrf_token("/impor/")
        boundary = uuid.uuid4().hex
        parts = []
        for field, value in (("csrfmiddlewaretoken", token), ("kind", "units"), ("mode", "all")):
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST",
            "/impor/",
            b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )


def wait_until_up(browser, server):
    for _ in range(240):
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited while starting")
        try:
            if browser.request("GET", "/masuk/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer within 120 s")


def stop(server):
    """Stop the gunicorn this script started (its master, then its own process group)."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run(port):
    workdir = Path(tempfile.mkdtemp(prefix="sigap-hostile-uploads-"))
    server = log = None
    try:
        env = production_environment(workdir, port)
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        prepare_database()
        files = hostile_files()
        log = (workdir / "gunicorn.log").open("wb")
        server = subprocess.Popen(  # noqa: S603 (the venv's own gunicorn)
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py"]
            + ["config.wsgi"],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        browser = Browser(port, env["ALLOWED_HOSTS"].split(",")[0])
        wait_until_up(browser, server)
        print(f"gunicorn {server.pid}, workers {workers(server.pid)}, production settings")
        print(f"log in as {OPERATOR}: HTTP {browser.log_in(OPERATOR, PASSWORD)}")
        browser.request("GET", "/impor/")
        baseline = [(status_kb(pid, "VmHWM") or 0) // 1024 for pid in workers(server.pid)]
        print(
            f"workers' VmHWM before any upload (MB, after the login and import pages): {baseline}"
        )
        print(
            f"{'file':<10} {'bytes':>9} {'status':>6} {'seconds':>8} {'worker_hwm_MB':>13} "
            f"{'reader_rss_MB':>13} {'same_workers':>12} {'next_page':>9}  batch"
        )
        for name, description, data in files:
            before = workers(server.pid)
            sampler = Sampler(server.pid)
            sampler.start()
            start = time.perf_counter()
            try:
                status, _ = browser.upload(name, data)
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
            seconds = time.perf_counter() - start
            sampler.stop.set()
            sampler.join()
            after = workers(server.pid)
            hwm = max((status_kb(pid, "VmHWM") or 0 for pid in after), default=0)
            next_page = browser.request("GET", "/impor/")[0]
            batch = latest_batch()
            recorded = "none"
            if batch is not None and batch.file_name == name:
                same_hash = batch.sha256 == hashlib.sha256(data).hexdigest()
                recorded = f"{batch.status}, sha256 {'matches' if same_hash else 'DIFFERS'}"
            print(
                f"{name:<10} {len(data):>9,} {status!s:>6} {seconds:>8.2f} {hwm / 1024:>13.0f} "
                f"{sampler.peak_kb / 1024:>13.0f} {str(before == after):>12} "
                f"{next_page!s:>9}  {recorded}"
            )
            print(f"{'':<10} ({description})")
            if batch is not None and batch.file_name == name:
                print(f"{'':<10} {batch.message[:150]}")
        log.flush()
        events = [
            line
            for line in (workdir / "gunicorn.log").read_text(errors="replace").splitlines()
            if re.search(r"Booting worker|WORKER TIMEOUT|was sent|exited|Traceback", line)
        ]
        print(f"gunicorn log: {len(events)} worker events (2 boots expected, nothing else)")
        for line in events[2:]:
            print(f"  {line}")
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"load average (1, 5, 15 min): {load} on {os.cpu_count()} CPUs")
    finally:
        if server is not None:
            stop(server)
            print(f"gunicorn stopped (exit {server.returncode})")
        if log is not None:
            log.close()
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8197)
    run(parser.parse_args().port)


if __name__ == "__main__":
    main()
