"""The web pages, through the same test client as the API: accounts, every
entity's pages, CSRF tokens and the rows of other users."""

import json
import re
{% if has_links %}import uuid
{% endif %}from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.web.entities import ENTITIES, PROFILE_FIELDS
from app.web.fields import EntityPages, Kind
from tests.conftest import sign_up, token_of
from tests.factories import ROWS, create_row

FIELD_ERROR = re.compile(r'<p class="error" id="error-([a-z0-9_]+)">')


@pytest.fixture
def browser(client: TestClient) -> TestClient:
    """The client as a browser on the app's pages: it sends the page's origin."""
    client.headers["Origin"] = str(client.base_url)
    return client


def form_text(value: Any) -> str:
    """A value as a browser sends it from the field's input."""
    if isinstance(value, bool):
        return "on"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def form_of(entity: EntityPages, client: TestClient) -> dict[str, str]:
    """A form that creates a row of entity, with the rows it links to."""
    bodies, required = ROWS[entity.api_path]
    links = {
        column: create_row(client, {}, parent, True)
        for column, parent in required.items()
    }
    return {
        name: form_text(value)
        for name, value in {**bodies[0], **links}.items()
        if value is not False
    }


def test_home_page_invites_to_sign_in(browser: TestClient) -> None:
    page = browser.get("/")
    assert page.status_code == 200
    assert 'href="/sign-in"' in page.text and 'href="/sign-up"' in page.text
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Cache-Control"] == "no-store"


def test_sign_up_signs_in_and_sign_out_ends_the_session(browser: TestClient) -> None:
    email = sign_up(browser)
    page = browser.get("/")
    assert email in page.text and "Dashboard" in page.text
    response = browser.post(
        "/sign-out", data={"csrf_token": token_of(browser, "/")}, follow_redirects=False
    )
    assert response.status_code == 303
    assert browser.get("/api/auth/me").status_code == 401


def test_sign_in_with_a_wrong_password_is_refused(browser: TestClient) -> None:
    email = sign_up(browser)
    browser.cookies.clear()
    response = browser.post(
        "/sign-in",
        data={
            "email": email,
            "password": "not the password",
            "csrf_token": token_of(browser, "/sign-in"),
        },
    )
    assert response.status_code == 401
    assert "Incorrect email or password" in response.text


def test_a_weak_password_is_shown_beside_its_field(browser: TestClient) -> None:
    response = browser.post(
        "/sign-up",
        data={
            "email": "short@example.com",
            "password": "short",
            "csrf_token": token_of(browser, "/sign-up"),
        },
    )
    assert response.status_code == 422
    assert FIELD_ERROR.findall(response.text) == ["password"]
    assert 'value="short@example.com"' in response.text


def test_forms_without_a_valid_csrf_token_are_refused(browser: TestClient) -> None:
    sign_up(browser)
    entity = ENTITIES[0]
    for token in (None, "0" * 64):
        data = {} if token is None else {"csrf_token": token}
        assert browser.post(f"{entity.path}/new", data=data).status_code == 403
        assert browser.post("/sign-out", data=data).status_code == 403
    assert browser.get(entity.api_path).json()["total"] == 0


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.name)
def test_create_list_show_edit_and_delete(
    browser: TestClient, entity: EntityPages
) -> None:
    sign_up(browser)
    form = form_of(entity, browser)
    token = token_of(browser, f"{entity.path}/new")
    created = browser.post(
        f"{entity.path}/new", data={**form, "csrf_token": token}, follow_redirects=False
    )
    assert created.status_code == 303, created.text
    detail = created.headers["location"]
    row_id = detail.rsplit("/", 1)[1]
    assert browser.get(f"{entity.api_path}/{row_id}").status_code == 200
    listed = browser.get(entity.path)
    assert listed.status_code == 200 and f'href="{detail}"' in listed.text
    assert browser.get(detail).status_code == 200
    edit = browser.get(f"{detail}/edit")
    assert edit.status_code == 200 and ">Save</button>" in edit.text
    edited = browser.post(
        f"{detail}/edit", data={**form, "csrf_token": token}, follow_redirects=False
    )
    assert edited.status_code == 303, edited.text
    assert browser.get(f"{detail}/delete").status_code == 200
    deleted = browser.post(
        f"{detail}/delete", data={"csrf_token": token}, follow_redirects=False
    )
    assert deleted.status_code == 303
    assert browser.get(detail).status_code == 404
    assert browser.get(f"{entity.api_path}/{row_id}").status_code == 404


@pytest.mark.parametrize(
    "entity",
    [e for e in ENTITIES if any(f.kind is not Kind.BOOLEAN for f in e.fields)],
    ids=lambda e: e.name,
)
def test_a_rejected_form_keeps_what_was_typed(
    browser: TestClient, entity: EntityPages
) -> None:
    sign_up(browser)
    form = form_of(entity, browser)
    broken = next(f for f in entity.fields if f.kind is not Kind.BOOLEAN)
    form[broken.name] = "\x00"
    token = token_of(browser, f"{entity.path}/new")
    response = browser.post(f"{entity.path}/new", data={**form, "csrf_token": token})
    assert response.status_code == 422
    assert broken.name in FIELD_ERROR.findall(response.text)
    assert browser.get(entity.api_path).json()["total"] == 0


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.name)
def test_another_users_rows_are_not_found(
    browser: TestClient, entity: EntityPages
) -> None:
    sign_up(browser)
    form = form_of(entity, browser)
    token = token_of(browser, f"{entity.path}/new")
    created = browser.post(
        f"{entity.path}/new", data={**form, "csrf_token": token}, follow_redirects=False
    )
    detail = created.headers["location"]
    browser.cookies.clear()
    sign_up(browser)
    token = token_of(browser, "/")
    for path in (detail, f"{detail}/edit", f"{detail}/delete"):
        page = browser.get(path)
        assert page.status_code == 404 and "Not found" in page.text
    assert (
        browser.post(f"{detail}/delete", data={"csrf_token": token}).status_code == 404
    )
    assert detail not in browser.get(entity.path).text


{% if has_unique %}def filled_unique_group(entity: EntityPages) -> tuple[str, ...] | None:
    """A unique group whose every field the factories' first row fills."""
    bodies, required = ROWS[entity.api_path]
    filled = set(bodies[0]) | set(required)
    return next(
        (group for group in entity.unique if all(name in filled for name in group)),
        None,
    )


@pytest.mark.parametrize(
    "entity",
    [e for e in ENTITIES if filled_unique_group(e) is not None],
    ids=lambda e: e.name,
)
def test_a_duplicate_value_is_shown_beside_its_field(
    browser: TestClient, entity: EntityPages
) -> None:
    group = filled_unique_group(entity)
    assert group is not None
    sign_up(browser)
    form = form_of(entity, browser)
    token = token_of(browser, f"{entity.path}/new")
    first = browser.post(
        f"{entity.path}/new", data={**form, "csrf_token": token}, follow_redirects=False
    )
    assert first.status_code == 303, first.text
    again = browser.post(f"{entity.path}/new", data={**form, "csrf_token": token})
    assert again.status_code == 422
    assert group[0] in FIELD_ERROR.findall(again.text)
    assert browser.get(entity.api_path).json()["total"] == 1


{% endif %}{% if has_links %}@pytest.mark.parametrize("entity", [e for e in ENTITIES if e.references], ids=lambda e: e.name)
def test_a_link_to_a_row_that_is_gone_is_shown_beside_its_field(
    browser: TestClient, entity: EntityPages
) -> None:
    sign_up(browser)
    form = form_of(entity, browser)
    column = entity.references[0][0]
    form[column] = str(uuid.uuid4())
    token = token_of(browser, f"{entity.path}/new")
    response = browser.post(f"{entity.path}/new", data={**form, "csrf_token": token})
    assert response.status_code == 422
    assert column in FIELD_ERROR.findall(response.text)
    assert browser.get(entity.api_path).json()["total"] == 0


{% endif %}def test_signed_out_visitors_are_sent_to_sign_in(browser: TestClient) -> None:
    response = browser.get(ENTITIES[0].path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in"


def test_the_profile_page_changes_the_profile_fields(browser: TestClient) -> None:
    sign_up(browser)
    if not PROFILE_FIELDS:
        assert browser.get("/account/profile").status_code == 404
        return
    page = browser.get("/account/profile")
    assert page.status_code == 200
    assert all(f'for="{spec.input_id}"' in page.text for spec in PROFILE_FIELDS)
    spec = PROFILE_FIELDS[0]
    if spec.kind is Kind.BOOLEAN:
        form, expected = {spec.name: "on"}, True
    elif spec.kind is Kind.ENUM:
        form, expected = {spec.name: spec.choices[-1]}, spec.choices[-1]
    else:
        form, expected = {spec.name: "\x00"}, None
    token = token_of(browser, "/account/profile")
    response = browser.post("/account/profile", data={**form, "csrf_token": token})
    if expected is None:
        assert response.status_code == 422
        assert FIELD_ERROR.findall(response.text) == [spec.name]
    else:
        assert response.status_code == 200
        assert browser.get("/api/auth/me").json()[spec.name] == expected
