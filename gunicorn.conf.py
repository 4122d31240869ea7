"""Gunicorn's settings for production (README, "Production"):

    INNBOKS_ENV=production ... .venv/bin/gunicorn -c gunicorn.conf.py 'app.flask_inbox:create_app()'

Sized for the portal's machines: 2 cores, behind a reverse proxy on the same
host that terminates TLS. tests/web_front/test_gunicorn.py starts it with this file.
"""

import os

bind = os.environ.get("INNBOKS_BIND", "127.0.0.1:8000")

# One process per core, each with a few threads: the work is mostly waiting on the
# database and the disk, and threads share one process's memory and connection pool.
# Rate-limit counts are per process unless INNBOKS_RATELIMIT_STORAGE_URL names Redis.
workers = int(os.environ.get("INNBOKS_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("INNBOKS_THREADS", "4"))

# An API delivery may carry 12 MB of attachments; 30 s is ample for it and cuts off a stuck request.
timeout = 30
graceful_timeout = 30
keepalive = 5  # the proxy keeps connections to us open between requests
# Restart a worker now and then, spread out, so a slow leak cannot grow for weeks.
max_requests = 2000
max_requests_jitter = 200
# Each worker loads the app itself: its database pool and Redis connections are its own,
# never inherited through fork. A configuration error stops every worker, and so the start.
preload_app = False

# The access log, to stdout: time, method, path without its query string, status,
# size and duration. Nothing personal and no secrets: no client address, no query
# string (it can hold a search or a return address), no referrer, no user agent,
# no headers (Authorization holds the senders' API tokens).
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = "info"

# The proxy is on this host; only its X-Forwarded-* headers are trusted (ProxyFix in
# the app does the same with INNBOKS_PROXY_COUNT).
forwarded_allow_ips = "127.0.0.1"
