"""The gateway's access log: JSON with the request's ID both ways, never a secret header or a
query string, on every Traefik chart line and in `make dev`'s Traefik alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import chart_values
import jsonschema
import pytest
from conftest import Manifests, config_map_of, flat, templates
from test_gateway import LINES, chart_defaults, chart_file, settings_for

from charts.traefik import log_values, traefik_values
from model.accesslog import PATH_FIELD, REQUEST_ID_HEADER, SECRET_HEADERS, access_log
from model.topology import BACKEND, FRONTEND
from scripts import devgateway
from scripts.devlayout import Layout

pytestmark = pytest.mark.slow  # synths of its own: `make test` runs it, not `make test-manifests`

# Free-form maps in the chart's values (header and field names): any key is read.
FREE_FORM = {"names"}


def access_values(line: int) -> dict[str, Any]:
    """This line's access log values, in the static schema's spelling (defaultMode)."""
    values = traefik_values(settings_for(line))
    if "accessLog" in values:
        return dict(values["accessLog"])
    access = values["logs"]["access"]
    fields = access["fields"]
    return {
        **access,
        "fields": {
            "defaultMode": fields["general"]["defaultmode"],
            "names": fields["general"]["names"],
            "headers": {"defaultMode": fields["headers"]["defaultmode"], "names": fields["headers"]["names"]},
        },
    }


def unread_keys(values: Any, defaults: Any) -> list[str]:
    return chart_values.unread_keys(values, defaults, opaque=FREE_FORM)


@pytest.mark.parametrize("line", LINES)
def test_every_log_key_is_one_the_chart_line_has(line: int) -> None:
    values = log_values(settings_for(line))
    assert unread_keys(values, chart_defaults(line)) == []
    validator = jsonschema.Draft202012Validator(json.loads(chart_file(line, "values.schema.json").read_text()))
    assert not list(validator.iter_errors(traefik_values(settings_for(line))))


def test_unread_keys_sees_another_lines_spelling() -> None:
    """Line 39 spells the modes `defaultmode` under logs.access; line 41 reads accessLog only."""
    assert unread_keys(log_values(settings_for(41)), chart_defaults(39)) == ["log", "accessLog"]
    wrong_case = {"logs": {"access": {"fields": {"general": {"defaultMode": "keep"}}}}}
    assert unread_keys(wrong_case, chart_defaults(39)) == ["logs.access.fields.general.defaultMode"]


@pytest.mark.parametrize("line", LINES)
def test_access_log_is_json_with_the_request_id_and_no_secret(line: int) -> None:
    access = access_values(line)
    assert access["enabled"] is True and access["format"] == "json"
    headers = access["fields"]["headers"]
    assert headers["defaultMode"] == "drop"
    assert headers["names"][REQUEST_ID_HEADER] == "keep"
    assert {"Authorization", "Cookie"} <= set(SECRET_HEADERS)
    assert all(headers["names"][name] == "drop" for name in SECRET_HEADERS)
    # router, upstream, status and duration are Traefik's default fields: none dropped
    assert access["fields"]["defaultMode"] == "keep"
    assert not {"RouterName", "ServiceURL", "DownstreamStatus", "Duration"} & set(access["fields"]["names"])
    values = traefik_values(settings_for(line))
    general = values["log"] if "log" in values else values["logs"]["general"]
    assert general["format"] == "json"


@pytest.mark.parametrize("line", LINES)
def test_no_query_string_is_logged(line: int) -> None:
    fields = access_values(line)["fields"]
    if line >= 41:
        assert fields["queryParameters"] == {"defaultMode": "drop"}
        assert PATH_FIELD not in fields["names"]
    else:  # no option to drop the query alone: the path goes, the backend's line has it
        assert "queryParameters" not in fields
        assert fields["names"][PATH_FIELD] == "drop"


def test_make_devs_traefik_logs_as_the_newest_line_does(tmp_path: Path) -> None:
    static = devgateway.static_config(Layout.from_environ({"DEV_STATE": str(tmp_path)}), ["127.0.0.2"])
    assert static["log"]["format"] == "json"
    assert devgateway.LOCAL_TRAEFIK >= (3, 7, 3)
    newest = access_values(max(LINES))
    assert {"enabled": True, **static["accessLog"]} == newest
    assert static["accessLog"] == access_log(drops_query_parameters=True)


# -- whose X-Request-Id the apps keep: TRUSTED_PROXIES reaches both -------------------------
def test_both_apps_are_told_the_trusted_proxies(docs: list[dict[str, Any]], changed: Manifests) -> None:
    changed_docs = flat(changed)
    assert config_map_of(changed_docs, BACKEND)["data"]["TRUSTED_PROXIES"] == "203.0.113.7,198.51.100.0/24"
    assert "TRUSTED_PROXIES" not in config_map_of(docs, BACKEND)["data"]

    def frontend_env(documents: list[dict[str, Any]]) -> dict[str, str]:
        [container] = templates(documents)[f"Deployment/{FRONTEND}"]["spec"]["containers"]
        return {e["name"]: e.get("value") for e in container["env"]}

    assert frontend_env(changed_docs)["TRUSTED_PROXIES"] == "203.0.113.7,198.51.100.0/24"
    assert "TRUSTED_PROXIES" not in frontend_env(docs)
