#!/usr/bin/env python3
"""Reads a rendered compose file (docker-compose config) on stdin; writes it with every service that runs on the
host's network stripped of what the host network cannot have (published ports, a hostname of its own), which
docker-compose 1.29 refuses to combine with network_mode: host and an override cannot remove."""
import sys
import yaml

document = yaml.safe_load(sys.stdin)
for name, service in document.get("services", {}).items():
    if service.get("network_mode") == "host":
        service.pop("ports", None)
        service.pop("hostname", None)
yaml.safe_dump(document, sys.stdout, sort_keys=False)
