"""The stories index page is written from the briefing's Jinja environment (autoescaped) and its
own template: one line, as when it was an f-string, every value escaped, briefing links listed,
the Content-Security-Policy's quotes as written. The expected page below is the f-string's
output for the same stories (its only difference: html.escape wrote quotes as &#x27; / &quot;,
the template writes &#39; / &#34;, the same characters to a browser)."""

from __future__ import annotations

from summarize.articles import Article
from summarize.render.html.page import csp, stylesheet
from summarize.render.stories_index import render_html
from summarize.stories.story import Story

HOSTILE = '<script>alert(1)</script> & "q" O\'Hara'


def _stories() -> list[Story]:
    a1 = Article.from_text("p1", "One two three.", source="pool.jsonl#1", outlet="Lake Daily")
    a2 = Article.from_text(
        "p2",
        "Four five six.",
        source="pool.jsonl#2",
        outlet=HOSTILE,
        title=HOSTILE,
        url="https://x.example/a?b=1&c=2",
    )
    a3 = Article.from_text("p3", "Seven eight.", source="pool.jsonl#3", outlet="Alpine Wire")
    briefed = Story(
        "s-1",
        [a1, a2, a3],
        ["k1", "k2", "k3"],
        {"k3": "k1"},
        HOSTILE,
        status="briefed",
        files={"md": "stories/s-1.md", "html": "stories/s-1.html"},
    )
    single = Story("s-2", [a3], ["k4"], {}, "Plain", status="single-outlet")
    return [briefed, single]


def test_the_index_page_is_the_f_string_page_on_the_briefings_templates() -> None:
    css = stylesheet("stories.css")
    e = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;q&#34; O&#39;Hara"
    # metadata is made safe when the article is built (articles/sanitize.py), then escaped
    outlet = "‹script›alert(1)‹/script› &amp; &#39;q&#39; O&#39;Hara"
    title = "‹script›alert(1)‹/script› &amp; &#34;q&#34; O&#39;Hara"
    expected = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp(css)}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width">'
        f"<title>Stories</title><style>{css}</style></head><body><h1>Stories</h1>"
        "<p>4 articles in 2 stories. Lean coverage counts outlets: L left, C center, R right, "
        "? unknown.</p><table><thead><tr><th>story</th><th>headline</th><th>outlets</th>"
        "<th>lean</th><th>blind spot</th><th>briefing</th></tr></thead><tbody>"
        f'<tr id="s-1"><td>s-1</td><td>{e}<details><summary>3 article(s)</summary><ul>'
        "<li>Lake Daily: - <code>pool.jsonl#1</code></li>"
        f"<li>{outlet}: {title} <code>pool.jsonl#2</code> <span>https://x.example/a?b=1&amp;c=2</span></li>"
        "<li>Alpine Wire: - <code>pool.jsonl#3</code> (copy, counted once)</li></ul></details></td>"
        f'<td>Lake Daily, {outlet}</td><td>L0 C0 R0 ?2</td><td class="spot"></td>'
        '<td><a href="stories/s-1.md">md</a> <a href="stories/s-1.html">html</a></td></tr>'
        '<tr id="s-2"><td>s-2</td><td>Plain<details><summary>1 article(s)</summary><ul>'
        "<li>Alpine Wire: - <code>pool.jsonl#3</code></li></ul></details></td>"
        '<td>Alpine Wire</td><td>L0 C0 R0 ?1</td><td class="spot"></td><td>single-outlet</td></tr>'
        "</tbody></table><h2>Inputs not read</h2><ul>"
        f"<li>{e}</li></ul></body></html>\n"
    )
    page = render_html(_stories(), {"articles": 4, "problems": [HOSTILE]})
    assert page == expected
    assert "default-src 'none'" in page and page.count("\n") == 1
