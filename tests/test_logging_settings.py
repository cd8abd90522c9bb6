"""LOGGING's settings: bad input is one SettingsError naming every problem, and dist/ stays as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BASE_ENV, synth_to
from test_settings import run_main, snapshot_dir

from model.logging_settings import retention_seconds
from model.settings import APP_SECRET_KEYS, SettingsError, load_settings

ES = {"LOGGING": "elasticsearch", "ELASTICSEARCH_URL": "https://search.example.com:9200"}


def problems(env: dict[str, str]) -> list[str]:
    with pytest.raises(SettingsError) as caught:
        load_settings(env, env_file=None)
    return caught.value.problems


def test_default_is_none_with_fourteen_days() -> None:
    settings = load_settings(BASE_ENV, env_file=None)
    assert settings.logging == "none"
    assert settings.log_retention == "14d"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("14d", 14 * 86400), ("2w", 14 * 86400), ("720h", 30 * 86400), ("1y", 365 * 86400), ("1d12h", 129600)],
)
def test_retention_parses_as_loki_does(text: str, seconds: int) -> None:
    assert retention_seconds(text) == seconds


@pytest.mark.parametrize("text", ["", "14", "fourteen days", "14D", "1d2y", "-1d", "14 d", "100ms"])
def test_retention_that_does_not_parse(text: str) -> None:
    assert retention_seconds(text) is None


def test_every_logging_problem_at_once() -> None:
    found = problems(BASE_ENV | {"LOGGING": "splunk", "LOG_RETENTION": "two weeks"})
    assert [p.split(" ", 1)[0] for p in found] == ["LOGGING", "LOG_RETENTION"], found
    assert "'none', 'loki' or 'elasticsearch'" in found[0]


def test_elasticsearch_needs_a_url() -> None:
    [problem] = problems(BASE_ENV | {"LOGGING": "elasticsearch"})
    assert problem.startswith("ELASTICSEARCH_URL is required when LOGGING=elasticsearch")


@pytest.mark.parametrize(
    "url", ["search.example.com:9200", "ftp://search.example.com", "https://u:p@search.example.com", "https://h/x"]
)
def test_bad_search_urls(url: str) -> None:
    [problem] = problems(BASE_ENV | ES | {"ELASTICSEARCH_URL": url})
    assert problem.startswith("ELASTICSEARCH_URL must"), problem


@pytest.mark.parametrize("retention", ["36h", "0d", "1d1s"])
def test_retention_is_whole_days(retention: str) -> None:
    [problem] = problems(BASE_ENV | {"LOGGING": "loki", "LOG_RETENTION": retention})
    assert problem.startswith("LOG_RETENTION must be a whole number of days"), problem


def test_credentials_are_secrets_the_backend_never_reads() -> None:
    settings = load_settings(BASE_ENV | ES | {"ELASTICSEARCH_USERNAME": "ship", "ELASTICSEARCH_PASSWORD": "pw"}, None)
    assert settings.secret_values()["ELASTICSEARCH_PASSWORD"] == "pw"
    assert "ELASTICSEARCH_PASSWORD" not in APP_SECRET_KEYS
    assert "pw" not in repr(settings)


def test_username_without_password_is_refused() -> None:
    env = {k: v for k, v in BASE_ENV.items() if k != "ELASTICSEARCH_PASSWORD"} | ES
    [problem] = problems(env)
    assert problem.startswith("ELASTICSEARCH_PASSWORD and ELASTICSEARCH_USERNAME are set together")


@pytest.mark.slow  # a process
def test_bad_logging_leaves_dist_untouched(tmp_path: Path) -> None:
    outdir = tmp_path / "dist"
    synth_to(outdir)
    before = snapshot_dir(outdir)
    bad = {"LOGGING": "elasticsearch", "LOG_RETENTION": "soon", "FRONTEND_TAG": "latest"}
    result = run_main(env=BASE_ENV | bad, outdir=outdir)
    assert result.returncode == 2, result.stderr
    assert "invalid settings (3 problems)" in result.stderr
    for name in ("ELASTICSEARCH_URL", "LOG_RETENTION", "FRONTEND_TAG"):
        assert f"  - {name} " in result.stderr
    assert snapshot_dir(outdir) == before
