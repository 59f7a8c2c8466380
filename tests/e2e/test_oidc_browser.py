"""ATENSI_AUTH=oidc in Chromium: Streamlit's st.login against a local OpenID Connect provider on 127.0.0.1
(oidc-provider-mock), the secrets in a temporary file (--secrets.files), never in the repository. A person the
provider signs in is mapped to the role and districts of their account here (matched by e-mail); one without an
account is refused. Both are in the audit trail."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from lib import accounts
from tests.e2e.conftest import IDLE_TIMEOUT_MS

OPERATOR = "op.kendari@dinsos.test"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def provider(tmp):
    """oidc-provider-mock on 127.0.0.1; yields its issuer URL."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with open(tmp / "oidc.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2).read()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, (tmp / "oidc.log").read_text()
                time.sleep(0.2)  # poll interval of the start-up check
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def oidc_site(app_script, tmp_path_factory):
    from tests.e2e.conftest import serve

    tmp = tmp_path_factory.mktemp("e2e-oidc")
    db = str(tmp / "atensi.duckdb")
    admin = accounts.first_admin("admin@sentra.test", None, path=db)  # an OIDC-only admin: no local password
    accounts.add_user(admin, OPERATOR, "operator", ["74.71"], "Operator Kota Kendari", path=db)
    port = _free_port()
    with provider(tmp) as issuer:
        secrets = tmp / "secrets.toml"  # a temporary file: secrets are never committed
        secrets.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "uji-e2e-rahasia-cookie-yang-cukup-panjang-0123456789"
client_id = "atensi-uji"
client_secret = "rahasia-uji"
server_metadata_url = "{issuer}/.well-known/openid-configuration"
""")
        env = {"ATENSI_AUTH": "oidc", "AUTHLIB_INSECURE_TRANSPORT": "1"}  # plain http on 127.0.0.1 in the test only
        with serve(app_script, tmp, env, ("--secrets.files", str(secrets)), port=port) as url:
            yield url, db, issuer


def _provider_user(issuer: str, email: str, verified: bool) -> None:
    """The provider's profile of `email`, with its word on whether the e-mail is verified (`email_verified`)."""
    body = json.dumps({"email": email, "email_verified": verified}).encode()
    request = urllib.request.Request(
        f"{issuer}/users/{email}", data=body, method="PUT", headers={"Content-Type": "application/json"}
    )
    urllib.request.urlopen(request, timeout=10).read()


def _sso(page, url, wait, email: str) -> None:
    page.goto(url)
    wait(page)
    page.get_by_text("Masuk (operator, admin)").click()
    page.get_by_role("button", name="Masuk dengan akun kementerian (SSO)").click()
    page.locator("input[name=sub]").fill(email)  # the provider's own form
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**")


def test_oidc_signs_a_person_in_and_maps_them_to_their_role_by_email(oidc_site, browser_page, wait_streamlit_idle):
    url, db, issuer = oidc_site
    page = browser_page
    _provider_user(issuer, OPERATOR, verified=True)
    _sso(page, url, wait_streamlit_idle, OPERATOR)
    expect(page.get_by_text("Masuk sebagai").first).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    expect(page.get_by_text("Operator Kota Kendari").first).to_be_visible()
    expect(page.get_by_text("operator · 1 kab/kota", exact=False)).to_be_visible()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Unggah Data").click()
    wait_streamlit_idle(page, ready="[data-testid='stFileUploader']")  # an operator's uploader
    log = accounts.audit_log(path=db)
    assert log.iloc[0][["login", "peran", "via", "aksi", "hasil"]].tolist() == [
        OPERATOR,
        "operator",
        "oidc",
        "masuk",
        "berhasil",
    ]


def test_a_person_without_an_account_here_is_refused(oidc_site, browser_page, wait_streamlit_idle):
    url, db, issuer = oidc_site
    page = browser_page
    _provider_user(issuer, "orang.lain@contoh.test", verified=True)
    _sso(page, url, wait_streamlit_idle, "orang.lain@contoh.test")
    expect(page.get_by_text("belum punya akun", exact=False)).to_be_visible()
    expect(page.get_by_text("Masuk sebagai")).to_have_count(0)
    assert accounts.audit_log(path=db).iloc[0][["login", "hasil"]].tolist() == ["orang.lain@contoh.test", "ditolak"]


def test_an_e_mail_the_provider_has_not_verified_signs_nobody_in(oidc_site, browser_page, wait_streamlit_idle):
    url, db, issuer = oidc_site
    page = browser_page
    _provider_user(issuer, OPERATOR, verified=False)  # anyone may write an operator's address into a profile
    _sso(page, url, wait_streamlit_idle, OPERATOR)
    expect(page.get_by_text("belum memverifikasi", exact=False)).to_be_visible()
    expect(page.get_by_text("Masuk sebagai")).to_have_count(0)
    assert accounts.audit_log(path=db).iloc[0][["login", "hasil", "rincian"]].tolist() == [
        OPERATOR,
        "ditolak",
        "e-mail belum diverifikasi penyedia identitas",
    ]
