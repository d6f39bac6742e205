#!/usr/bin/env python3
"""A local HTTP server that records every connection and request it receives.

Usage: http_trap.py LOGFILE PORTFILE
Binds 127.0.0.1 on a free port, writes the port to PORTFILE, and appends one line per
connection ("CONNECT") and per HTTP request ("GET /path") to LOGFILE. Answers every
GET with a one-feature GeoJSON, so a client that does reach it gets valid data.
Used by tests/cli/network.sh to prove that nothing is fetched unless allowed.
"""
import http.server
import socketserver
import sys

LOG = open(sys.argv[1], "a", buffering=1)
BODY = (b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        b'{"ID":"a","POP":7},"geometry":{"type":"Polygon","coordinates":'
        b'[[[0,0],[0.01,0],[0.01,0.01],[0,0.01],[0,0]]]}}]}')


class Handler(http.server.BaseHTTPRequestHandler):
    def setup(self):
        LOG.write("CONNECT\n")
        super().setup()

    def _head(self):
        LOG.write("%s %s\n" % (self.command, self.path))
        self.send_response(200)
        self.send_header("Content-Type", "application/geo+json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()

    def do_HEAD(self):
        self._head()

    def do_GET(self):
        self._head()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


srv = Server(("127.0.0.1", 0), Handler)
with open(sys.argv[2], "w") as f:
    f.write(str(srv.server_address[1]))
srv.serve_forever()
