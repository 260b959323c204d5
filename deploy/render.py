#!/usr/bin/env python3
"""Fill the ``{{ name }}`` placeholders of a deploy/ template.

The one renderer of the deployment guide's commands and of the tests that start
the documented stack. Standard library only: it runs before Akhbar is installed.
A placeholder left without a value, or a value the template does not use, is an
error, so a misspelt name never ships a half-filled configuration.

    python3 deploy/render.py deploy/nginx/akhbar.conf server_name=news.example \\
        ... --out /etc/nginx/sites-available/akhbar.conf
"""

import argparse
import re
import sys
from pathlib import Path

PLACEHOLDER = re.compile(r"\{\{ *([a-z_]+) *\}\}")


def placeholders(text: str) -> set[str]:
    """The names a template asks for."""
    return set(PLACEHOLDER.findall(text))


def render(template: str | Path, **values) -> str:
    """The template at ``template`` with every placeholder replaced by its value."""
    text = Path(template).read_text(encoding="utf-8")
    wanted = placeholders(text)
    missing = sorted(wanted - values.keys())
    unknown = sorted(values.keys() - wanted)
    if missing or unknown:
        raise ValueError(
            "%s: %s%s"
            % (
                template,
                "no value for %s. " % ", ".join(missing) if missing else "",
                "not in the template: %s." % ", ".join(unknown) if unknown else "",
            )
        )
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("template", type=Path)
    parser.add_argument("values", nargs="*", metavar="name=value")
    parser.add_argument("--out", type=Path, help="write here instead of stdout")
    args = parser.parse_args(argv)
    values = {}
    for pair in args.values:
        name, sep, value = pair.partition("=")
        if not sep:
            parser.error("%r is not name=value" % pair)
        values[name] = value
    try:
        text = render(args.template, **values)
    except ValueError as error:
        parser.error(str(error))
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
