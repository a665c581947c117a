"""Drives Civic Tracker's /open311/v2 with `georeport`, a published Open311 client library
from PyPI, unmodified, in both of its output formats (JSON and XML). Exits non-zero on the
first call that does not give what a client expects.

    BASE_URL=http://127.0.0.1:18096 python3 client_check.py
"""
import os
import sys

from georeport import GeoReport

base = os.environ.get("BASE_URL", "http://127.0.0.1:18096").rstrip("/") + "/open311/v2"


def as_list(x):
    """xmltodict gives a dict for a one-item list."""
    if x is None:
        return []
    return x if isinstance(x, list) else [x]


def check(fmt):
    client = GeoReport(base, jurisdiction="civic-tracker.kz", output_format=fmt)

    services = as_list(client.get_service_list())
    codes = {s["service_code"] for s in services}
    assert len(services) == 17, f"{fmt}: {len(services)} services"
    assert "roads" in codes and "election_violation" in codes, codes
    groups = {s["service_code"]: s["group"] for s in services}
    assert groups["election_violation"] == "election", groups

    definition = client.get_service_definition("roads")
    assert definition["service_code"] == "roads", definition
    attributes = definition["attributes"]
    if fmt == "xml":
        attributes = as_list(attributes["attribute"])
    region = next(a for a in attributes if a["code"] == "region")
    values = region["values"] if fmt == "json" else as_list(region["values"]["value"])
    assert len(values) == 20, f"{fmt}: {len(values)} regions"
    assert str(region["required"]).lower() == "true", region

    requests = as_list(client.get_service_requests())
    assert len(requests) > 100, f"{fmt}: {len(requests)} requests"
    for r in requests:
        assert r["status"] in ("open", "closed"), r
        assert r["requested_datetime"].endswith("+05:00"), r
        assert "email" not in r
    closed = as_list(client.get_service_requests(status="closed"))
    assert closed and all(r["status"] == "closed" for r in closed), f"{fmt}: closed filter"
    roads = as_list(client.get_service_requests(service_code="roads"))
    assert all(r["service_code"] == "roads" for r in roads), f"{fmt}: service_code filter"

    first, second = requests[0], requests[1]
    ids = f"{first['service_request_id']},{second['service_request_id']}"
    both = as_list(client.get_service_requests(service_request_id=ids))
    assert len(both) == 2, f"{fmt}: {len(both)} by id"

    one = client.get_service_request(str(first["service_request_id"]))
    assert str(one["service_request_id"]) == str(first["service_request_id"]), one
    assert one["status_notes"], one
    return len(services), len(requests), len(closed)


for fmt in ("json", "xml"):
    n = check(fmt)
    print(f"georeport ({fmt}): {n[0]} services, {n[1]} requests, {n[2]} closed: ok")
sys.exit(0)
