"""The production contract: deploy check, security headers, errors, login throttle."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import OperationalError, connection
from django.test import override_settings

from cpec_site.settings.env import env_bool, env_int, env_list
from projects.security import sign_in_lock_keys

ROOT = Path(__file__).resolve().parents[1]


def production_env(**extra) -> dict:
    """The machine's environment with none of our settings, plus the given ones."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(extra)
    return env


def test_deploy_check_passes_with_only_the_three_production_variables():
    env = production_env(
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="cpec.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_a_key_when_not_debugging():
    env = production_env(DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="x")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_a_malformed_boolean_is_refused():
    env = production_env(DJANGO_DEBUG="maybe")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


# What the settings' own helpers do that django-environ 0.14 does not (see the
# docstring of cpec_site/settings/base.py): each case below differs there.
def test_an_empty_variable_keeps_its_default(monkeypatch):
    monkeypatch.setenv("DJANGO_SECURE_COOKIES", "")
    monkeypatch.setenv("DJANGO_CONN_MAX_AGE", " ")
    assert env_bool("DJANGO_SECURE_COOKIES", default=True) is True
    assert env_int("DJANGO_CONN_MAX_AGE", 60) == 60


def test_a_list_is_trimmed(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "cpec.example.org, localhost ,")
    assert env_list("DJANGO_ALLOWED_HOSTS") == ["cpec.example.org", "localhost"]


def test_a_malformed_integer_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("DJANGO_CONN_MAX_AGE", "sixty")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_CONN_MAX_AGE must be an"):
        env_int("DJANGO_CONN_MAX_AGE", 60)


def test_a_secret_key_starting_with_a_dollar_is_read_as_written():
    key = "$" + secrets.token_urlsafe(50)
    env = production_env(
        DJANGO_DEBUG="false", DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="x"
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            "from django.conf import settings; print(settings.SECRET_KEY)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key


SECURE = {"HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture
def https_only():
    with override_settings(SECURE_SSL_REDIRECT=True):
        yield


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/docs/", "/projects/"])
def test_pages_carry_the_security_headers(client, https_only, path):
    response = client.get(path, **SECURE)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in csp.split(";") if part.strip()
    )
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client, https_only):
    response = client.get("/projects/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/projects/"


@pytest.mark.django_db
def test_health_is_served_over_plain_http(client, https_only):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "cache": "up"}


@pytest.mark.django_db
def test_a_missing_page_has_the_site_design_and_no_trace(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert "css/site.css" in body
    assert "Traceback" not in body and "urlpatterns" not in body


@pytest.mark.django_db
def test_a_missing_api_resource_is_json(client):
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.urls("tests.urls_errors")
def test_a_server_error_has_the_site_design_and_no_trace(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body and "css/site.css" in body
    assert "secret-internal-detail" not in body and "Traceback" not in body


@pytest.mark.urls("tests.urls_errors")
def test_an_api_server_error_is_json_without_trace(client):
    client.raise_request_exception = False
    response = client.get("/api/boom/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Something went wrong on our side."}


# The database answers the conditional-GET middleware's version read; the view
# then meets the outage, as a request does when the database falls over mid-way.
@pytest.mark.django_db
@pytest.mark.urls("tests.urls_errors")
@pytest.mark.parametrize("path", ["/db-down/", "/api/db-down/"])
def test_a_database_outage_is_a_503(client, path):
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    if path.startswith("/api/"):
        assert "database" in response.json()["detail"]
    else:
        assert "Temporarily unavailable" in response.content.decode()


@pytest.mark.django_db
def test_health_answers_503_when_the_database_fails(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def down(self, sql, params=None):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", down)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db
def test_a_page_is_a_503_when_even_the_version_read_fails(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def down(self, sql, params=None):
        raise OperationalError("server closed the connection unexpectedly")

    client.raise_request_exception = False
    monkeypatch.setattr(CursorWrapper, "execute", down)
    response = client.get("/projects/")
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()


def sign_in(client, username, password, address="203.0.113.5"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


GOOD = "a-long-enough-password"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=GOOD, is_staff=True)


@pytest.mark.django_db
def test_admin_login_is_locked_after_repeated_failures(client, editor):
    for _ in range(4):
        assert sign_in(client, "editor", "wrong-password-123").status_code == 200
    # The fifth failure locks the account and says so.
    response = sign_in(client, "editor", "wrong-password-123")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert response["Retry-After"] == "900"
    # Even the right password waits until the window passes.
    assert sign_in(client, "editor", GOOD).status_code == 429
    assert AccessAttempt.objects.filter(username="editor").exists()


@pytest.mark.django_db
def test_username_variants_share_one_lockout_counter(client, editor):
    variants = ["editor", "Editor", "editor ", "ＥＤＩＴＯＲ"]
    for variant in variants:
        assert sign_in(client, variant, "wrong-password-123").status_code == 200
    assert sign_in(client, "EDITOR", "wrong-password-123").status_code == 429
    assert sign_in(client, "editor", GOOD).status_code == 429


@pytest.mark.django_db
def test_an_account_is_locked_across_addresses(client, editor):
    for n in range(4):
        sign_in(client, "editor", "wrong-password-123", address=f"198.51.100.{n}")
    response = sign_in(client, "editor", "wrong-password-123", address="192.0.2.9")
    assert response.status_code == 429
    assert sign_in(client, "editor", GOOD, address="192.0.2.77").status_code == 429


@pytest.mark.django_db
def test_an_address_is_locked_across_accounts(client, editor):
    for n in range(4):
        sign_in(client, f"someone-{n}", "wrong-password-123")
    assert sign_in(client, "someone-else", "wrong-password-123").status_code == 429
    # The editor signing in from elsewhere is not held up.
    response = sign_in(client, "editor", GOOD, address="192.0.2.10")
    assert response.status_code == 302


@pytest.mark.django_db
def test_admin_login_succeeds_and_clears_failures(client, editor):
    for _ in range(3):
        sign_in(client, "editor", "nope-nope")
    assert sign_in(client, "editor", GOOD).status_code == 302
    client.logout()
    # The failures before the success no longer count.
    for _ in range(4):
        assert sign_in(client, "editor", "nope-nope").status_code == 200


def test_username_variants_take_one_sign_in_lock(rf):
    def keys(username, address="203.0.113.5"):
        request = rf.post("/admin/login/", {"username": username}, REMOTE_ADDR=address)
        return sign_in_lock_keys(request)

    assert len(keys("editor")) == 2
    assert keys("editor") == keys(" Editor ") == keys("ＥＤＩＴＯＲ")
    # Another account from the address shares only the address's lock.
    assert len(set(keys("editor")) & set(keys("someone"))) == 1
    assert len(set(keys("editor")) & set(keys("editor", "192.0.2.1"))) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks")
@pytest.mark.django_db
def test_the_password_is_checked_holding_the_sign_in_locks(client, editor, monkeypatch):
    held = []
    check = ModelBackend.authenticate

    def noting_locks(self, request, *args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (classid::bigint << 32) | objid::bigint FROM pg_locks "
                "WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
            )
            held.append(sorted(row[0] for row in cursor.fetchall()))
        return check(self, request, *args, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", noting_locks)
    request = sign_in(client, "Editor ", "wrong-password-123").wsgi_request
    unsigned = [key % 2**64 for key in sign_in_lock_keys(request)]
    assert held == [sorted(unsigned)]


def test_passwords_need_at_least_twelve_characters():
    with pytest.raises(ValidationError):
        validate_password("Zx9#kLm2!q")  # ten characters
    validate_password("Zx9#kLm2!qW7-long")
