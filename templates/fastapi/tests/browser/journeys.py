"""What a person does on the pages, step by step, for the browser tests."""

import uuid
from typing import Any

from playwright.sync_api import Page, expect

from app.web.entities import ENTITIES
from app.web.fields import EntityPages, FieldSpec, Kind
from tests.conftest import PASSWORD
from tests.factories import ROWS

SAMPLE_DATE = "2025-01-15"
SAMPLE_DATETIME = "2025-01-15T09:30"


def creation_order() -> list[EntityPages]:
    """Every entity after the entities its required links point to."""
    ordered: list[EntityPages] = []
    pending = list(ENTITIES)
    while pending:
        for entity in pending:
            needs = {
                f.link for f in entity.links if f.required and f.link != entity.name
            }
            if needs <= {e.name for e in ordered}:
                ordered.append(entity)
                pending.remove(entity)
                break
        else:
            raise AssertionError("required links go round in a circle")
    return ordered


def _number(spec: FieldSpec) -> str:
    if spec.minimum is not None:
        return spec.minimum
    if spec.maximum is not None and float(spec.maximum) < 1:
        return spec.maximum
    return "1"


def _text(spec: FieldSpec, stem: str) -> str:
    text = f"{stem} {spec.label.lower()}"
    if spec.min_length:
        text = text.ljust(spec.min_length, "x")
    return text[: spec.max_length] if spec.max_length else text


def sample(entity: EntityPages, spec: FieldSpec, stem: str = "Sample") -> str:
    """A valid value of the field, as typed into its input."""
    known: Any = ROWS[entity.api_path][0][0].get(spec.name)
    if isinstance(known, str) and spec.kind is not Kind.DATETIME:
        return known
    if spec.example:
        return spec.example
    return {
        Kind.STRING: lambda: _text(spec, stem),
        Kind.TEXT: lambda: _text(spec, stem),
        Kind.INTEGER: lambda: _number(spec),
        Kind.FLOAT: lambda: _number(spec),
        Kind.DECIMAL: lambda: _number(spec),
        Kind.DATE: lambda: SAMPLE_DATE,
        Kind.DATETIME: lambda: SAMPLE_DATETIME,
        Kind.UUID: lambda: str(uuid.uuid4()),
        Kind.JSON: lambda: '{"note": "sample"}',
        Kind.EMAIL: lambda: f"{stem.lower()}@example.com",
        Kind.URL: lambda: f"https://example.com/{stem.lower()}",
    }.get(spec.kind, lambda: "")()


def fill_field(
    page: Page, entity: EntityPages, spec: FieldSpec, stem: str = "Sample"
) -> None:
    """Fill one field, found by its label, as a person would."""
    field = page.get_by_label(spec.label, exact=True)
    if spec.kind is Kind.BOOLEAN:
        field.check()
    elif spec.kind is Kind.ENUM:
        field.select_option(spec.choices[0])
    elif spec.kind is Kind.LINK:
        # An optional link may have no row to point to yet (a link to its
        # own entity, say): it is left empty then.
        if spec.required or field.locator("option").count() > 1:
            field.select_option(index=1)
    else:
        field.fill(sample(entity, spec, stem))


def sign_up(page: Page, base_url: str) -> str:
    """A new account, signed in, after a first try with a password too short."""
    email = f"browser-{uuid.uuid4().hex}@example.com"
    page.goto(f"{base_url}/sign-up")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#error-password")).to_be_visible()
    expect(page.get_by_label("Email", exact=True)).to_have_value(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return email


def create(page: Page, base_url: str, entity: EntityPages) -> str:
    """Create a row through the list page's link, filling every field; the detail page's URL."""
    page.goto(base_url + "/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=entity.plural_title, exact=True
    ).click()
    page.get_by_role("link", name=f"New {entity.singular}", exact=True).click()
    for spec in entity.fields:
        fill_field(page, entity, spec)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Edit", exact=True)).to_be_visible()
    return page.url


def create_with_links(
    page: Page, base_url: str, entity: EntityPages, made: set[str] | None = None
) -> str:
    """Create a row of entity through its pages, after a row of every entity
    its required links point to; the detail page's URL."""
    made = set() if made is None else made
    for spec in entity.links:
        if spec.required and spec.link != entity.name and spec.link not in made:
            target = next(e for e in ENTITIES if e.name == spec.link)
            create_with_links(page, base_url, target, made)
    made.add(entity.name)
    return create(page, base_url, entity)


def _change_something(page: Page, entity: EntityPages) -> str:
    """Change one field on the edit page; the text the detail page shows for it afterwards."""
    for spec in entity.fields:
        if spec.kind in (Kind.STRING, Kind.TEXT) and not spec.example:
            text = _text(spec, "Changed")
            page.get_by_label(spec.label, exact=True).fill(text)
            return text
    for spec in entity.fields:
        if spec.kind is Kind.BOOLEAN:
            field = page.get_by_label(spec.label, exact=True)
            field.set_checked(not field.is_checked())
            return "Yes" if field.is_checked() else "No"
        if spec.kind is Kind.ENUM and len(spec.choices) > 1:
            page.get_by_label(spec.label, exact=True).select_option(spec.choices[-1])
            return spec.choices[-1]
    return ""


def perform(page: Page, base_url: str, entity: EntityPages, flow: str) -> None:
    """A user story's flow on an entity's pages, as a new user, with what the
    pages must show afterwards."""
    sign_up(page, base_url)
    detail = create_with_links(page, base_url, entity)
    heading = page.get_by_role("heading", level=1).inner_text()
    if flow == "create":
        expect(page.get_by_role("link", name="Edit", exact=True)).to_be_visible()
        page.goto(f"{base_url}{entity.path}")
        expect(page.get_by_role("link", name=heading, exact=True)).to_be_visible()
    elif flow == "list":
        page.goto(f"{base_url}/")
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name=entity.plural_title, exact=True
        ).click()
        expect(page.get_by_text(f"1 {entity.singular}, newest first")).to_be_visible()
        expect(page.get_by_role("link", name=heading, exact=True)).to_be_visible()
    elif flow == "edit":
        page.get_by_role("link", name="Edit", exact=True).click()
        shown = _change_something(page, entity)
        page.get_by_role("button", name="Save").click()
        expect(page).to_have_url(detail)
        if shown:
            expect(page.get_by_role("main")).to_contain_text(shown)
    elif flow == "delete":
        page.get_by_role("link", name="Delete", exact=True).click()
        page.get_by_role("button", name="Delete").click()
        expect(page.get_by_text(f"No {entity.plural} yet.")).to_be_visible()
    else:
        raise AssertionError(f"no flow named {flow}")
