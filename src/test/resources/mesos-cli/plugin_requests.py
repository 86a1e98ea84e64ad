"""
Sends requests exactly as the Mesos CLI compose plugin's write_endpoint / read_endpoint do
(AVENTER-UG/mesos-compose mesos_cli/compose/main.py): urllib3, basic auth from principal/secret, the compose file
read as bytes for the body, "" otherwise. Prints one JSON line per request: method, path, status, headers, body.

usage: plugin_requests.py BASE_URL PRINCIPAL SECRET COMPOSE_FILE
"""
import json
import sys

import urllib3

base, principal, secret, compose_file = sys.argv[1:5]


def write_endpoint(endpoint, method, filename=None):
    headers = urllib3.make_headers(basic_auth=principal + ":" + secret)
    content = ""
    if filename is not None:
        with open(filename, "rb") as data:
            content = data.read()
    http = urllib3.PoolManager(cert_reqs="CERT_NONE")
    response = http.request(method, base + endpoint, headers=headers, body=content, timeout=5)
    print(json.dumps({"method": method, "path": endpoint, "status": response.status,
                      "api_service": response.headers.get("Api-Service"),
                      "content_type": response.headers.get("Content-Type"),
                      "body": response.data.decode("utf-8")}))


write_endpoint("/api/compose/v0/myproj", "PUT", compose_file)          # launch
write_endpoint("/api/compose/v0/myproj", "UPDATE", compose_file)       # update
write_endpoint("/api/compose/v0/tasks", "GET")                         # list (read_endpoint)
write_endpoint("/api/compose/v0/myproj/app/restart", "PUT")            # restart mc:myproj:app
write_endpoint("/api/compose/v0/myproj/app", "DELETE")                 # kill mc:myproj:app
write_endpoint("/api/compose/v0/framework/supress", "PUT")             # framework mc suppress
write_endpoint("/api/compose/v0/framework/reregister", "PUT")          # framework mc reregister
write_endpoint("/api/compose/versions", "GET")                         # version
