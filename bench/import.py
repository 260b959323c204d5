"""WordPress import at newsroom scale: a generated 10,000-post Arabic export.

Writes a WXR 1.2 file (Arabic headlines and slugs percent-encoded and cut at 200
bytes as WordPress stores them, nested categories, tags, authors, threaded
comments, a few drafts, scheduled and private posts), then runs
``akhbar import-wordpress`` on an empty site and prints the wall time and the
peak memory (RSS) of the import process, on SQLite and on a throwaway
PostgreSQL (akhbar.testing.servers.postgres_server). Migrations are not timed.

The site search (akhbar.search) is measured apart: the import runs with its
dummy backend and ``--no-reindex``, then ``akhbar reindex`` does the rebuild a
large import otherwise ends with (that time and memory are the search index's,
not the importer's; ``--with-reindex`` keeps the import's own rebuild, through
the dummy backend, in the import's figure, as this benchmark measured before).

    .venv/bin/python bench/import.py [--posts 10000] [--comments 3]
                                     [--database sqlite|postgresql|both]
"""

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

WORDS = (
    "الحكومة الوزير البرلمان الاقتصاد السوق النفط الغاز الطاقة المدينة القرية "
    "الرئيس المجلس الشعب الجامعة الطلاب المدرسة المستشفى الصحة الدواء المياه "
    "الزراعة القمح الأسعار التضخم البنك المركزي الدولار الليرة الجنيه الدينار "
    "الانتخابات الحزب المعارضة الاتفاق المفاوضات السلام الحدود المطار الميناء "
    "الطريق الجسر الكهرباء الشبكة الإنترنت الهاتف الشركة العمال الرواتب الضرائب "
    "المهرجان السينما المسرح الكتاب المعرض الفريق المباراة البطولة الملعب المدرب"
).split()
VERBS = "يعلن يناقش يؤكد يرفض يطلق يفتتح يدرس يقر يحذر يستقبل يبحث يوقع".split()
SECTIONS = {
    "سياسة": ["محليات", "عربي ودولي"],
    "اقتصاد": ["أسواق", "طاقة"],
    "رياضة": ["كرة القدم"],
    "ثقافة": [],
    "صحة": [],
    "تكنولوجيا": [],
}
NAMES = "سلمى الحداد|عمر الخطيب|ليلى منصور|يوسف العلي|نور الهدى|كريم حسن".split("|")


def headline(rng) -> str:
    words = rng.sample(WORDS, rng.randint(5, 12))
    return "%s %s %s" % (words[0], rng.choice(VERBS), " ".join(words[1:]))


def paragraph(rng) -> str:
    sentences = []
    for _ in range(rng.randint(2, 4)):
        sentences.append(
            "%s %s %s." % (rng.choice(VERBS), " ".join(rng.sample(WORDS, 10)), "اليوم")
        )
    return " ".join(sentences)


def wp_slug(title: str) -> str:
    """As WordPress stores it: percent-encoded, lower-case, cut at 200 bytes."""
    encoded = quote(title.replace(" ", "-"), safe="-").lower()
    if len(encoded) > 200:
        encoded = encoded[:200]
        encoded = encoded[: encoded.rfind("%")] if "%" in encoded[-3:] else encoded
    return encoded


def generate(path: Path, *, posts: int, comments: int, seed: int = 7) -> dict:
    """Write the export; return what it holds."""
    rng = random.Random(seed)
    start = datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC)
    counts = {"posts": 0, "comments": 0}
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>أخبار اليوم</title><link>https://news.example</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            "<wp:base_site_url>https://news.example</wp:base_site_url>\n"
            "<wp:base_blog_url>https://news.example</wp:base_blog_url>\n"
        )
        for number, name in enumerate(NAMES, start=1):
            out.write(
                "<wp:author><wp:author_id>%d</wp:author_id>"
                "<wp:author_login>writer%d</wp:author_login>"
                "<wp:author_email>writer%d@news.example</wp:author_email>"
                "<wp:author_display_name><![CDATA[%s]]></wp:author_display_name>"
                "</wp:author>\n" % (number, number, number, name)
            )
        categories = []
        term_id = 1
        for top, children in SECTIONS.items():
            out.write(
                "<wp:category><wp:term_id>%d</wp:term_id><wp:category_nicename>%s"
                "</wp:category_nicename><wp:category_parent></wp:category_parent>"
                "<wp:cat_name><![CDATA[%s]]></wp:cat_name></wp:category>\n"
                % (term_id, wp_slug(top), top)
            )
            categories.append((wp_slug(top), top))
            term_id += 1
            for child in children:
                out.write(
                    "<wp:category><wp:term_id>%d</wp:term_id><wp:category_nicename>%s"
                    "</wp:category_nicename><wp:category_parent>%s"
                    "</wp:category_parent><wp:cat_name><![CDATA[%s]]></wp:cat_name>"
                    "</wp:category>\n" % (term_id, wp_slug(child), wp_slug(top), child)
                )
                categories.append((wp_slug(child), child))
                term_id += 1
        tags = [(wp_slug(w), w) for w in WORDS[:60]]
        for slug, name in tags:
            out.write(
                "<wp:tag><wp:term_id>%d</wp:term_id><wp:tag_slug>%s</wp:tag_slug>"
                "<wp:tag_name><![CDATA[%s]]></wp:tag_name></wp:tag>\n"
                % (term_id, slug, name)
            )
            term_id += 1
        comment_id = 1
        for post_id in range(1, posts + 1):
            title = headline(rng)
            when = start + datetime.timedelta(minutes=30 * post_id)
            status = rng.choices(
                ["publish", "draft", "future", "private"], [96, 2, 1, 1]
            )[0]
            if status == "future":
                when = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
            slug = wp_slug(title)
            category = rng.choice(categories)
            body = "\n\n".join(paragraph(rng) for _ in range(rng.randint(4, 8)))
            if post_id % 5 == 0:
                body += "\n\n<h2>%s</h2>\n\n%s" % (headline(rng), paragraph(rng))
            if post_id % 7 == 0:
                body += "\n\n<blockquote>%s</blockquote>" % paragraph(rng)
            date = when.strftime("%Y-%m-%d %H:%M:%S")
            out.write(
                "<item><title><![CDATA[%s]]></title>"
                "<link>https://news.example/%s/%s/</link>"
                '<dc:creator>writer%d</dc:creator><guid isPermaLink="false">'
                "https://news.example/?p=%d</guid>"
                "<content:encoded><![CDATA[%s]]></content:encoded>"
                "<excerpt:encoded><![CDATA[%s]]></excerpt:encoded>"
                "<wp:post_id>%d</wp:post_id><wp:post_date>%s</wp:post_date>"
                "<wp:post_date_gmt>%s</wp:post_date_gmt>"
                "<wp:comment_status>open</wp:comment_status>"
                "<wp:post_name>%s</wp:post_name><wp:status>%s</wp:status>"
                "<wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>"
                "<wp:is_sticky>%d</wp:is_sticky>"
                '<category domain="category" nicename="%s"><![CDATA[%s]]></category>'
                % (
                    title,
                    category[0],
                    slug,
                    rng.randint(1, len(NAMES)),
                    post_id,
                    body,
                    paragraph(rng) if post_id % 3 == 0 else "",
                    post_id,
                    date,
                    date,
                    slug,
                    status,
                    1 if post_id in (posts - 10, posts - 20) else 0,
                    category[0],
                    escape(category[1]),
                )
            )
            for tag_slug, tag_name in rng.sample(tags, rng.randint(1, 4)):
                out.write(
                    '<category domain="post_tag" nicename="%s"><![CDATA[%s]]>'
                    "</category>" % (tag_slug, tag_name)
                )
            first = None
            for number in range(comments):
                parent = first if number == comments - 1 and first else 0
                approved = rng.choices(["1", "0", "spam"], [90, 7, 3])[0]
                comment_date = (when + datetime.timedelta(hours=number + 1)).strftime(
                    "%Y-%m-%d %H:%M:%S"
                )
                out.write(
                    "<wp:comment><wp:comment_id>%d</wp:comment_id>"
                    "<wp:comment_author><![CDATA[%s]]></wp:comment_author>"
                    "<wp:comment_author_email>reader%d@mail.example"
                    "</wp:comment_author_email>"
                    "<wp:comment_author_IP>203.0.113.%d</wp:comment_author_IP>"
                    "<wp:comment_date_gmt>%s</wp:comment_date_gmt>"
                    "<wp:comment_content><![CDATA[%s]]></wp:comment_content>"
                    "<wp:comment_approved>%s</wp:comment_approved>"
                    "<wp:comment_type>comment</wp:comment_type>"
                    "<wp:comment_parent>%d</wp:comment_parent></wp:comment>"
                    % (
                        comment_id,
                        rng.choice(NAMES),
                        comment_id % 500,
                        comment_id % 250,
                        comment_date,
                        paragraph(rng),
                        approved,
                        parent,
                    )
                )
                first = first or comment_id
                comment_id += 1
                counts["comments"] += 1
            out.write("</item>\n")
            counts["posts"] += 1
        out.write("</channel>\n</rss>\n")
    return counts


def run_measured(command: list[str], env: dict) -> tuple[float, int, str]:
    """Run ``command``: wall seconds, its own peak RSS (KiB), its stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    stdout = process.stdout.read()
    # wait4 gives this child's own peak RSS, not the largest of all children.
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read()
    if os.waitstatus_to_exitcode(status):
        raise SystemExit("%s failed:\n%s" % (command[1], stderr[-3000:]))
    return elapsed, usage.ru_maxrss, stdout


def bench(
    label: str, export: Path, database_url: str | None, *, with_reindex: bool
) -> None:
    akhbar = str(ROOT / ".venv" / "bin" / "akhbar")
    with tempfile.TemporaryDirectory(prefix="akhbar-bench-import-") as data:
        env = {
            **os.environ,
            "AKHBAR_DATA_DIR": data,
            "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
            "DJANGO_DEBUG": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        subprocess.run([akhbar, "migrate", "-v", "0"], env=env, check=True)
        # The import alone (the site search's backend swapped for the dummy),
        # then the site search's rebuild that a large import ends with.
        dummy = {
            **env,
            "AKHBAR_SEARCH_BACKEND": "akhbar.search.backends.dummy.DummySearchBackend",
        }
        command = [akhbar, "import-wordpress", str(export), "--json", "-v", "0"]
        if not with_reindex:
            command.append("--no-reindex")
        elapsed, peak, stdout = run_measured(command, dummy)
        report = json.loads(stdout.strip().splitlines()[-1])
        articles = report["articles"]["created"]
        print(
            "%-11s import   %7.1f s  %5.0f MB peak RSS  %d articles (%.1f/s), "
            "%d comments, %d redirects, %d errors"
            % (
                label,
                elapsed,
                peak / 1024,
                articles,
                articles / elapsed,
                report["comments"]["created"],
                report["redirects"]["created"],
                len(report["errors"]),
            ),
            flush=True,
        )
        search_elapsed, search_peak, _out = run_measured(
            [akhbar, "reindex", "-v", "0"], env
        )
        print(
            "%-11s search   %7.1f s  %5.0f MB peak RSS  (akhbar reindex)"
            % (label, search_elapsed, search_peak / 1024),
            flush=True,
        )
        print("%-11s total    %7.1f s" % (label, elapsed + search_elapsed), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=3, help="per post")
    parser.add_argument(
        "--database", choices=["sqlite", "postgresql", "both"], default="both"
    )
    parser.add_argument("--keep", help="also write the generated export here")
    parser.add_argument(
        "--with-reindex",
        action="store_true",
        help="let the import rebuild the site search itself (dummy backend)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="akhbar-bench-wxr-") as tmp:
        export = Path(args.keep or Path(tmp) / "export.xml")
        counts = generate(export, posts=args.posts, comments=args.comments)
        size = export.stat().st_size / 1024 / 1024
        print(
            "export: %d posts, %d comments, %.1f MB"
            % (counts["posts"], counts["comments"], size),
            flush=True,
        )
        if args.database in ("sqlite", "both"):
            bench("SQLite", export, None, with_reindex=args.with_reindex)
        if args.database in ("postgresql", "both"):
            from akhbar.testing.servers import postgres_server

            with postgres_server() as url:
                bench("PostgreSQL", export, url, with_reindex=args.with_reindex)


if __name__ == "__main__":
    main()
