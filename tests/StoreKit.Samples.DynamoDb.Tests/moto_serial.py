"""moto's DynamoDB API, served one request at a time.

moto_server answers on threads and does not serialize its in-memory backend, so two conditional
writes to one item can both pass their condition (seen: two first-writers of one key both
succeeded). DynamoDB applies a conditional write atomically; serving requests one at a time gives the
tests that guarantee. Usage: python3 moto_serial.py HOST PORT
"""
import os
import sys

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

host, port = sys.argv[1], int(sys.argv[2])
os.environ.setdefault("MOTO_PORT", str(port))
run_simple(host, port, DomainDispatcherApplication(create_backend_app), threaded=False)
