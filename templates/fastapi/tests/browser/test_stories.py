"""The PRD's user stories, each performed on the app's pages in Chromium by a
new user (see ARCHITECTURE.md for the stories that have no test, and why).

Run with the rest of the browser tier: pytest tests/browser
"""

from playwright.sync_api import Page

from app.web.entities import BY_NAME
from tests.browser.journeys import perform
{% for s in stories %}{% if !s.test.is_empty() %}

def {{ s.test }}(page: Page, base_url: str) -> None:
    """{{ s.sentence|py_doc }}."""
    perform(page, base_url, BY_NAME[{{ s.entity|py_str }}], "{{ s.flow }}")
{% endif %}{% endfor %}
