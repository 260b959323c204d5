"""Lighthouse (mobile preset) and axe-core over the demo site (``akhbar serve``).

Prints, for the home, a section, an article, the search page and a page of search
results (which robots.txt and noindex close to crawlers on purpose), Lighthouse's
four category scores (performance, accessibility, best practices, SEO; 0-100) and
axe-core's violations by impact, run in Debian's Chromium. Node packages come from
``bench/js`` and ``tests/browser/js`` (``npm ci`` there on the first run; Lighthouse
12.2 runs on Node 20).

    .venv/bin/python bench/lighthouse.py [--runs 3] [--page article]

Lighthouse's performance score moves with the machine's load: each page is audited
``--runs`` times and the median is printed with the range.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _server import demo_environment, served  # noqa: E402

JS = Path(__file__).resolve().parent / "js"
AXE = (
    Path(__file__).resolve().parent.parent
    / "tests/browser/js/node_modules/axe-core/axe.min.js"
)
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]

AXE_SCRIPT = """
const { chromium } = require(process.env.PLAYWRIGHT_CORE);
const fs = require("fs");
(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
  const results = {};
  for (const url of JSON.parse(process.env.URLS)) {
    for (const width of [320, 1366]) {
      // axe-core goes in as a script of its own, which the site's CSP refuses.
      const page = await browser.newPage({
        viewport: { width, height: 800 }, bypassCSP: true });
      await page.goto(url, { waitUntil: "load" });
      await page.addScriptTag({ content: fs.readFileSync(process.env.AXE, "utf8") });
      const found = await page.evaluate(async () => (await axe.run()).violations.map(
        (v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
                   where: v.nodes[0].target.join(" ") })));
      results[JSON.stringify([url, width])] = found;
      await page.close();
    }
  }
  await browser.close();
  console.log(JSON.stringify(results));
})();
"""


def npm_tools() -> None:
    """Lighthouse (bench/js) and axe-core (tests/browser/js, as the tests use it)."""
    for folder, wanted in ((JS, ".bin/lighthouse"), (AXE.parents[2], "axe-core")):
        if not (folder / "node_modules" / wanted).exists():
            subprocess.run(
                ["npm", "ci", "--no-audit", "--no-fund"], cwd=folder, check=True
            )


def pages(env) -> dict[str, str]:
    """Paths of the pages to audit, read from the demo site's database."""
    code = (
        "import json\n"
        "from akhbar.news.models import ArticlePage, SectionPage\n"
        "a = ArticlePage.objects.live().order_by('-first_published_at')[3]\n"
        "s = SectionPage.objects.live().order_by('path').first()\n"
        "print(json.dumps({'home': '/', 'section': s.url, 'article': a.url}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-m", "akhbar.cli", "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = json.loads(out.strip().splitlines()[-1])
    # The search page, and one page of its results (closed to crawlers by
    # robots.txt and noindex on purpose, so its SEO score cannot pass is-crawlable).
    found["search"] = "/search/"
    found["results"] = "/search/?q=" + quote("الحكومة")
    return found


def lighthouse(url: str, attempts: int = 3) -> dict[str, float]:
    """Lighthouse's scores of ``url``; a run whose trace Chromium failed to record
    (``NO_NAVSTART`` on a busy machine) is made again."""
    for attempt in range(attempts):
        try:
            return lighthouse_once(url)
        except subprocess.CalledProcessError:
            if attempt == attempts - 1:
                raise


def lighthouse_once(url: str) -> dict[str, float]:
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run(
            [
                str(JS / "node_modules" / ".bin" / "lighthouse"),
                url,
                "--quiet",
                "--output=json",
                "--output-path=%s" % report.name,
                "--only-categories=%s" % ",".join(CATEGORIES),
                "--chrome-flags=%s" % CHROME_FLAGS,
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=True,
        )
        data = json.load(open(report.name))
    failed = [
        audit["id"]
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    scores = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
    scores["failed"] = failed
    return scores


def playwright_core() -> str:
    """The Node driver bundled in Python's playwright package (no download)."""
    import playwright

    return str(Path(playwright.__file__).parent / "driver" / "package")


def axe(urls: list[str]) -> dict[str, list]:
    node = Path(playwright_core()).parent / "node"
    done = subprocess.run(
        [str(node) if node.exists() else "node", "-e", AXE_SCRIPT],
        env={
            **os.environ,
            "PLAYWRIGHT_CORE": playwright_core(),
            "CHROMIUM": CHROMIUM,
            "AXE": str(AXE),
            "URLS": json.dumps(urls),
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--page", action="append", help="home, section, article, search, results"
    )
    args = parser.parse_args()
    npm_tools()
    with demo_environment() as env, served(env) as base:
        paths = pages(env)
        chosen = args.page or list(paths)
        print(
            "Lighthouse 12.2 (mobile preset), median of %d runs [min-max]" % args.runs
        )
        print("%-8s %-16s %-16s %-16s %-16s" % ("page", *CATEGORIES))
        for name in chosen if args.runs else []:
            runs = [lighthouse(base + paths[name]) for _ in range(args.runs)]
            cells = []
            for category in CATEGORIES:
                values = [run[category] for run in runs]
                cells.append(
                    "%d [%d-%d]" % (statistics.median(values), min(values), max(values))
                )
            print("%-8s %-16s %-16s %-16s %-16s" % (name, *cells))
            failed = sorted({a for run in runs for a in run["failed"]})
            if failed:
                print("         below 0.9: %s" % ", ".join(failed))
        print("\naxe-core 4.14 violations (id (impact) x nodes at the first one)")
        names = {base + paths[name]: name for name in chosen}
        for where, found in axe(list(names)).items():
            url, width = json.loads(where)
            summary = "; ".join(
                "%s (%s) x%d at %s" % (v["id"], v["impact"], v["nodes"], v["where"])
                for v in found
            )
            print("  %-8s %4d px: %s" % (names[url], width, summary or "0 violations"))


if __name__ == "__main__":
    main()
