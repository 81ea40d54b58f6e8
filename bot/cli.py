"""`zhaida` command line: small tools for operators and agents."""
from __future__ import annotations

import argparse
import sys

from bot import db, settings


def _db(_: argparse.Namespace) -> int:
    url = settings.database_url()
    db.create_schema(url)
    print(f"database ready: {db.engine(url).url.render_as_string(hide_password=True)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zhaida", description="债答 tools")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("db", help="create the database tables (SQLite under var/ or ZHAIDA_DATABASE_URL)").set_defaults(run=_db)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
