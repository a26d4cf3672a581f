"""Readers of a rendered page that the site tests share."""

from html.parser import HTMLParser


class ScriptParser(HTMLParser):
    """Collects <script> tags and external references of a page."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.links: list[str] = []
        self.inline_handlers: list[str] = []
        self._in_script = False
        self.script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.inline_handlers += [name for name in attrs if name.startswith("on")]
        if tag == "script":
            self.scripts.append(attrs)
            self._in_script = True
        # A canonical address, or the page in another language, names a page; it
        # loads nothing.
        names_a_page = attrs.get("rel") in {"canonical", "alternate"}
        if tag == "link" and attrs.get("href") and not names_a_page:
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.script_text.append(data)


def parse(response) -> ScriptParser:
    parser = ScriptParser()
    parser.feed(response.content.decode())
    return parser


def chart_slugs(response) -> list[str]:
    return [chart.slug for chart in response.context["charts"]]
