"""Gunicorn's settings for Sigap (`gunicorn -c config/gunicorn.conf.py config.wsgi`).

Each value may be overridden from the environment (GUNICORN_*, listed in .env.example), so the
systemd unit and `make serve` share this file and differ only in their environment.
"""

import multiprocessing
import os


def _int(name, default):
    return int(os.environ.get(name) or default)


# Where to listen: nginx proxies to it (docs/deploy.md); never exposed directly.
bind = os.environ.get("GUNICORN_BIND") or "127.0.0.1:8000"
# Sync workers, the usual 2 x cores + 1: a request is CPU in Python plus waits on PostgreSQL, and
# the long work (whole-Polda optimisation, Polda PDFs, large imports) runs in the job worker,
# not in a web worker.
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
# Seconds a worker may spend on one request before it is killed and replaced. A page that needs
# more is a job (jobs/); nginx's proxy_read_timeout is set a little above it.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Seconds an idle keep-alive connection from nginx is held.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# A worker is replaced after this many requests (plus up to the jitter, so that they do not all
# restart at once), which bounds what a slow leak in a library can grow to.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Header limits (the body is limited by Django's REQUEST_MAX_BYTES and nginx's
# client_max_body_size): a request line up to 8 KB, at most 100 header fields of 8 KB.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# Logs to stdout/stderr, where journald (systemd) or the terminal keeps them.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"
# The address nginx passes on (docs/deploy.md sets X-Forwarded-For), and the time in µs.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'
# Only nginx on this machine may say which scheme the client used.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS") or "127.0.0.1"
# Not preloaded: each worker imports the app itself, so no database connection opened while
# importing is ever shared by two forked processes.
preload_app = False
