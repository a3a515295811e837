"""A person's whole visit, in Chromium: sign up, create a row of every entity
filling every field by its label, find it in the list and on its page, edit
it through a validation error, delete, sign out; a second person finds none
of it; one create with JavaScript off. axe-core checks every page on the way."""

from playwright.sync_api import Browser, Page, expect

from app.web.fields import Kind
from tests.browser.journeys import create, creation_order, fill_field, sample, sign_up

BLOCKING_IMPACTS = ("serious", "critical")


class Accessibility:
    """Runs axe-core on each page it is shown and keeps what it found."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def check(self, page: Page) -> None:
        page.evaluate(self.source)
        violations = page.evaluate("async () => (await axe.run()).violations")
        self.problems.extend(
            f"{page.url}: {v['id']} ({v['impact']}): {v['help']}"
            for v in violations
            if v.get("impact") in BLOCKING_IMPACTS
        )


def test_a_new_user_does_everything_and_another_sees_none_of_it(
    page: Page, browser: Browser, base_url: str, axe_source: str
) -> None:
    axe = Accessibility(axe_source)
    page.goto(f"{base_url}/")
    axe.check(page)
    page.goto(f"{base_url}/sign-in")
    axe.check(page)
    sign_up(page, base_url)
    axe.check(page)

    details: list[tuple[str, str]] = []
    for entity in creation_order():
        page.goto(f"{base_url}{entity.path}/new")
        axe.check(page)
        detail = create(page, base_url, entity)
        axe.check(page)
        heading = page.get_by_role("heading", level=1).inner_text()
        details.append((entity.name, detail))

        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name=entity.plural_title, exact=True
        ).click()
        expect(page.get_by_role("link", name=heading, exact=True).first).to_be_visible()
        axe.check(page)
        page.get_by_role("link", name=heading, exact=True).first.click()
        expect(page).to_have_url(detail)

        page.get_by_role("link", name="Edit", exact=True).click()
        axe.check(page)
        breakable = [
            f
            for f in entity.fields
            if f.required
            and f.kind in (Kind.STRING, Kind.TEXT, Kind.EMAIL, Kind.URL, Kind.JSON)
        ]
        if breakable:
            spec = breakable[0]
            page.get_by_label(spec.label, exact=True).fill("")
            page.get_by_role("button", name="Save").click()
            expect(page.locator(f"#error-{spec.name}")).to_be_visible()
            axe.check(page)
            page.get_by_label(spec.label, exact=True).fill(sample(entity, spec))
        else:
            for spec in entity.fields:
                fill_field(page, entity, spec, "Changed")
        page.get_by_role("button", name="Save").click()
        expect(page).to_have_url(detail)

    # A second person finds none of it, and the first one's pages are not found.
    other = browser.new_context().new_page()
    sign_up(other, base_url)
    for entity in creation_order():
        other.goto(f"{base_url}{entity.path}")
        expect(other.get_by_text(f"No {entity.plural} yet.")).to_be_visible()
    for _name, detail in details:
        for path in (detail, f"{detail}/edit", f"{detail}/delete"):
            response = other.goto(path)
            assert response is not None and response.status == 404
            expect(other.get_by_role("heading", name="Not found")).to_be_visible()
    other.context.close()

    # Rows are deleted children first.
    page.goto(f"{base_url}/")
    axe.check(page)
    for _name, detail in reversed(details):
        page.goto(detail)
        page.get_by_role("link", name="Delete", exact=True).click()
        axe.check(page)
        page.get_by_role("button", name="Delete").click()
        response = page.goto(detail)
        assert response is not None and response.status == 404
    axe.check(page)
    page.goto(f"{base_url}/")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    assert axe.problems == []


def test_a_row_is_created_with_javascript_off(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_up(page, base_url)
    entity = creation_order()[0]
    detail = create(page, base_url, entity)
    page.goto(f"{base_url}{entity.path}")
    expect(page.locator(f'a[href="{detail.removeprefix(base_url)}"]')).to_be_visible()
    context.close()
