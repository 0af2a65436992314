"""Load bench of the visit POST: officers logged in over HTTP post, resend and race visits.

Run from the project root on a database filled by generate_scale (see bench/README.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/speed_scale \\
        /work/main/.venv/bin/python bench/load_visits.py --officers 32 --visits 8 \\
        [--baseline main] [--port 8103] [--workers 4] [--server gunicorn|runserver]

What it does, for the code of this tree and, with --baseline REF, first for the code of that git
revision (`git archive` into a temporary folder, the same database and settings):
  1. starts a server on --port with DEBUG off and CONN_MAX_AGE=60: gunicorn when it is
     importable (sync workers, --workers), else Django's runserver (threaded; one process, so
     it uses one core); it prints which;
  2. logs in --officers officers through the login page (their users, `lv_<officer id>`, are
     made once with one password; the only rows it writes besides the visits);
  3. one thread per officer posts --visits visits each the way the phone's outbox does
     (`Accept: application/json`); after a third of them it sends the same form again (a
     resend after a lost answer), and a fifth are sent twice at the same moment on two
     connections (a double tap racing itself);
  4. counts the rows: every client id stored once (0 lost), no visit stored twice (0
     duplicated), the answers' `created` true exactly once per client id, and the month's
     area aggregates of the areas touched equal to a recount;
  5. deletes its visits (through the service, as the admin does; --keep to leave them).

It prints requests per second over the load phase, p50/p95 of every POST and of the first
posts, the CPU per POST of the server processes and of the PostgreSQL backends serving them, and
the load average; with --baseline the ratios of this tree to the baseline. No assertions.
"""

import argparse
import datetime
import http.client
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

PASSWORD = "bench-load-visits-7f3a"  # noqa: S105 (bench users on a bench database)
NEW_VISIT = "/kunjungan/baru/"
LOGIN = "/masuk/"
TICKS = os.sysconf("SC_CLK_TCK")


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def load_average():
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def cpu_seconds(pid):
    """utime + stime of one process, and of its waited-for children, in seconds (0 if gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(x) for x in fields[11:15]) / TICKS


def process_tree(pid):
    """The pid and every descendant's pid (gunicorn's workers)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            children = []
        todo.extend(int(child) for child in children)
    return found


class Session:
    """One officer's cookies over a keep-alive connection (one per thread)."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.local = threading.local()

    def connection(self):
        if getattr(self.local, "conn", None) is None:
            self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        return self.local.conn

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            conn = self.connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                conn.close()
                self.local.conn = None
                if attempt:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def login(self, username):
        status, page = self.request("GET", LOGIN)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        )
        status, _ = self.request(
            "POST", LOGIN, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login of {username} failed ({status})")

    def post_visit(self, form):
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
        }
        started = time.perf_counter()
        status, data = self.request("POST", NEW_VISIT, urllib.parse.urlencode(form), headers)
        elapsed = (time.perf_counter() - started) * 1000
        created = None
        if status in (200, 201):
            created = json.loads(data).get("created")
        return status, created, elapsed


def prepare_officers(count):
    """(username, officer id, area id) for `count` officers with a current assignment, spread
    over the database; their users are made once."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from bhabin.models import Assignment
    from personnel.models import User

    today = timezone.localdate()
    rows = list(
        Assignment.objects.active()
        .filter(start_date__lte=today - datetime.timedelta(days=2), role="primary")
        .order_by("officer_id")
        .values_list("officer_id", "area_id", "officer__unit_id")
        .distinct()
    )
    if len(rows) < count:
        raise SystemExit(f"only {len(rows)} officers with a current assignment")
    step = len(rows) // count
    chosen = rows[::step][:count]
    hashed = make_password(PASSWORD)
    existing = set(
        User.objects.filter(username__in=[f"lv_{o}" for o, _, _ in chosen]).values_list(
            "username", flat=True
        )
    )
    User.objects.bulk_create(
        [
            User(
                username=f"lv_{officer}",
                password=hashed,
                role=User.Role.OFFICER,
                unit_id=unit,
                officer_id=officer,
            )
            for officer, _, unit in chosen
            if f"lv_{officer}" not in existing
        ]
    )
    User.objects.filter(username__in=[f"lv_{o}" for o, _, _ in chosen]).update(password=hashed)
    return [(f"lv_{officer}", officer, area) for officer, area, _ in chosen]


def visit_forms(officers, per_officer, tag, seed):
    from django.utils import timezone

    from bhabin.models import Activity

    activities = list(Activity.objects.filter(is_active=True).values_list("pk", flat=True))
    rng = random.Random(seed)
    now = timezone.localtime()
    forms = {}
    for username, _officer, area in officers:
        forms[username] = [
            {
                "client_id": str(uuid.uuid4()),
                "area": area,
                "activity": rng.choice(activities),
                "occurred_at": (now - datetime.timedelta(minutes=rng.randint(5, 600))).strftime(
                    "%Y-%m-%dT%H:%M"
                ),
                "households_visited": rng.randint(0, 12),
                "people_met": rng.randint(0, 30),
                "complaints": "",
                "narrative": (
                    f"Sambang {tag} {username} {index}: berbincang dengan warga tentang "
                    "keamanan lingkungan, ronda malam dan kebersihan pasar desa."
                ),
                "follow_up": "",
                "latitude": f"{-6.2 - rng.random() / 10:.6f}",
                "longitude": f"{107.1 + rng.random() / 10:.6f}",
                "accuracy_m": str(rng.randint(5, 40)),
            }
            for index in range(per_officer)
        ]
    return forms


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.times, self.first_times = [], []
        self.statuses = {}
        self.created = {}

    def add(self, form, outcome, first):
        status, created, elapsed = outcome
        with self.lock:
            self.times.append(elapsed)
            if first:
                self.first_times.append(elapsed)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if created:
                key = form["client_id"]
                self.created[key] = self.created.get(key, 0) + 1


def officer_load(session, forms, results, rng):
    for form in forms:
        roll = rng.random()
        if roll < 0.2:
            # A double tap: the same form on two connections at the same moment.
            barrier = threading.Barrier(2)
            twin_outcome = []

            def twin(form=form, barrier=barrier, twin_outcome=twin_outcome):
                barrier.wait()
                twin_outcome.append(session.post_visit(form))

            other = threading.Thread(target=twin)
            other.start()
            barrier.wait()
            results.add(form, session.post_visit(form), first=True)
            other.join()
            results.add(form, twin_outcome[0], first=False)
        else:
            results.add(form, session.post_visit(form), first=True)
            if roll < 0.53:
                results.add(form, session.post_visit(form), first=False)  # resend


def start_server(tree, port, kind, workers, env):
    python = sys.executable
    if kind == "gunicorn":
        command = [
            python,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ]
    else:
        command = [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    log = tempfile.TemporaryFile()  # noqa: SIM115 (read when the server fails, closed with it)
    # A session of its own, so that stopping it stops gunicorn's workers too.
    process = subprocess.Popen(  # noqa: S603
        command, cwd=tree, env=env, stdout=log, stderr=log, start_new_session=True
    )
    deadline, status = time.time() + 180, None
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", LOGIN)
            status = conn.getresponse().status
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.5)
        if process.poll() is not None:
            break
    stop_server(process)
    log.seek(0)
    raise SystemExit(f"server did not start (last status {status}): {log.read()[-3000:]!r}")


def stop_server(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def backend_cpu(database, exclude_pid):
    """CPU seconds of the PostgreSQL backends connected to the bench database (but ours)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
            [database, exclude_pid],
        )
        pids = [row[0] for row in cursor.fetchall()]
    return sum(cpu_seconds(pid) for pid in pids)


def check_rows(forms, results, tag):
    from django.db.models import Count

    from bhabin.models import AreaMonth, Visit
    from bhabin.services.aggregates import AGGREGATED_COLUMNS, area_months_expected
    from org.periods import month_of

    client_ids = [form["client_id"] for rows in forms.values() for form in rows]
    stored = Visit.objects.filter(client_id__in=client_ids)
    by_client = dict(stored.values_list("client_id").annotate(n=Count("pk")))
    lost = len(client_ids) - len(by_client)
    tagged = Visit.objects.filter(narrative__contains=f" {tag} ").count()
    duplicated = tagged - len(by_client)
    created_twice = sum(1 for n in results.created.values() if n > 1)
    created_never = len(client_ids) - len(results.created)
    areas = {form["area"] for rows in forms.values() for form in rows}
    months = {month_of(visit) for visit in stored.values_list("occurred_at", flat=True)}
    kept = sorted(
        AreaMonth.objects.filter(area_id__in=areas, month__in=months).values_list(
            *AGGREGATED_COLUMNS
        )
    )
    expected = sorted(
        tuple(row[c] for c in AGGREGATED_COLUMNS)
        for row in area_months_expected(Visit.objects.filter(area_id__in=areas))
        if row["month"] in months
    )
    return {
        "client ids": len(client_ids),
        "lost": lost,
        "duplicated": duplicated,
        "answered created twice": created_twice,
        "never answered created": created_never,
        "aggregates equal a recount": kept == expected,
    }


def delete_visits(tag):
    from bhabin.models import Visit
    from bhabin.services import field_reports_delete

    started = time.perf_counter()
    deleted, _ = field_reports_delete(items=Visit.objects.filter(narrative__contains=f" {tag} "))
    return deleted, time.perf_counter() - started


def run(label, tree, args, officers, kind, cookies):
    from django.db import connection

    tag = f"lv{uuid.uuid4().hex[:8]}"
    forms = visit_forms(officers, args.visits, tag, args.seed)
    env = dict(os.environ, DEBUG="false", CONN_MAX_AGE="60", PYTHONPATH=str(tree))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    server = start_server(tree, args.port, kind, args.workers, env)
    try:
        # Sessions live in the database: officers logged in for an earlier run stay logged in.
        sessions = {}
        started = time.perf_counter()
        for username, _officer, _area in officers:
            sessions[username] = Session(args.port)
            if username in cookies:
                sessions[username].cookies = dict(cookies[username])
            else:
                sessions[username].login(username)
                cookies[username] = dict(sessions[username].cookies)
        login_s = time.perf_counter() - started
        # Warm every worker (imports, first connection) outside the measure.
        warm = Session(args.port)
        warm.cookies = dict(sessions[officers[0][0]].cookies)
        for _ in range(max(4, args.workers * 3)):
            warm.request("GET", "/kunjungan/baru/")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            own_pid = cursor.fetchone()[0]
        database = connection.settings_dict["NAME"]
        server_cpu_0 = sum(cpu_seconds(pid) for pid in process_tree(server.pid))
        db_cpu_0 = backend_cpu(database, own_pid)
        load_0 = load_average()
        results = Results()
        threads = [
            threading.Thread(
                target=officer_load,
                args=(sessions[u], forms[u], results, random.Random(f"{args.seed}{u}")),
            )
            for u, _o, _a in officers
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        server_cpu = sum(cpu_seconds(pid) for pid in process_tree(server.pid)) - server_cpu_0
        db_cpu = backend_cpu(database, own_pid) - db_cpu_0
        load_1 = load_average()
    finally:
        stop_server(server)
    posts = len(results.times)
    figures = {
        "label": label,
        "server": kind,
        "posts": posts,
        "req/s": posts / wall,
        "p50": percentile(results.times, 0.5),
        "p95": percentile(results.times, 0.95),
        "first p50": percentile(results.first_times, 0.5),
        "first p95": percentile(results.first_times, 0.95),
        "server CPU ms/post": server_cpu * 1000 / posts,
        "PostgreSQL CPU ms/post": db_cpu * 1000 / posts,
        "statuses": dict(sorted(results.statuses.items())),
        "login s": login_s,
        "load": f"{load_0} -> {load_1}",
    }
    figures.update(check_rows(forms, results, tag))
    if not args.keep:
        figures["deleted"], figures["delete s"] = delete_visits(tag)
    return figures


def show(figures):
    print(f"\n== {figures['label']} ({figures['server']})")
    for key, value in figures.items():
        if key in ("label", "server"):
            continue
        text = f"{value:,.1f}" if isinstance(value, float) else str(value)
        print(f"  {key:<28} {text}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--officers", type=int, default=32)
    parser.add_argument("--visits", type=int, default=8, help="distinct visits per officer")
    parser.add_argument("--port", type=int, default=8103)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (4)")
    parser.add_argument("--server", choices=["auto", "gunicorn", "runserver"], default="auto")
    parser.add_argument("--baseline", help="git revision whose code is measured first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="leave the bench's visits")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Run it on PostgreSQL (DATABASE_URL).")
    kind = args.server
    if kind == "auto":
        try:
            import gunicorn  # noqa: F401

            kind = "gunicorn"
        except ImportError:
            kind = "runserver"
    officers = prepare_officers(args.officers)
    print(
        f"{len(officers)} officers, {args.visits} visits each, server {kind}"
        f" ({args.workers if kind == 'gunicorn' else 1} process(es)), load {load_average()}"
    )
    runs, cookies = [], {}
    if args.baseline:
        base = Path(tempfile.mkdtemp(prefix="speed-baseline-"))
        try:
            archive = subprocess.run(  # noqa: S603
                ["git", "archive", args.baseline],  # noqa: S607
                cwd=ROOT,
                check=True,
                capture_output=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)  # noqa: S603,S607
            runs.append(run(f"baseline {args.baseline}", base, args, officers, kind, cookies))
        finally:
            shutil.rmtree(base, ignore_errors=True)
    runs.append(run("this tree", ROOT, args, officers, kind, cookies))
    for figures in runs:
        show(figures)
    if len(runs) == 2:
        base, now = runs
        print("\n== this tree / baseline")
        for key in ("req/s", "p50", "p95", "first p95", "server CPU ms/post"):
            print(f"  {key:<28} {now[key] / base[key]:.2f}x")
        db_ratio = now["PostgreSQL CPU ms/post"] / max(base["PostgreSQL CPU ms/post"], 1e-9)
        print(f"  {'PostgreSQL CPU ms/post':<28} {db_ratio:.2f}x")


if __name__ == "__main__":
    main()
