"""Command line: run, chat, ask, kb, staff, db, purge, i18n, bench."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.config import Config, load_config

if TYPE_CHECKING:
    from bot.catalog.loader import KnowledgeBase
    from bot.store.case_tables import ListingEdit

if TYPE_CHECKING:
    from bot.store.knowledge import KnowledgeRepository


def _kb(args: argparse.Namespace, config: Config) -> int:
    from bot.catalog import export
    from bot.catalog.loader import load_knowledge
    from bot.catalog.problems import KnowledgeError
    from bot.curation.edits import overlay
    from bot.curation.live import to_edit
    from bot.store.curation import EditRepository
    from bot.store.database import make_engine, session_scope, upgrade
    from bot.store.knowledge import KnowledgeRepository

    source = Path(args.dir) if getattr(args, "dir", None) else config.knowledge_dir
    if args.kb_command == "import" and args.format != "yaml":
        return _import_drafts(args, config)
    if args.kb_command in ("validate", "import"):
        try:
            kb = load_knowledge(source)
        except KnowledgeError as exc:
            outcome = "" if args.kb_command == "validate" else "; nothing was imported"
            print(f"The knowledge base has {len(exc.problems)} problem(s){outcome}:", file=sys.stderr)
            for problem in exc.problems:
                print(f"  {problem}", file=sys.stderr)
            return 1
        if args.kb_command == "validate":
            print(
                f"OK: {len(kb.needs)} needs, {len(kb.services)} services, {len(kb.organizations)} organisations, "
                f"{len(kb.phrasings)} phrasing languages, {len(kb.gazetteer.districts)} districts."
            )
            return 0
        engine = make_engine(config.database_url)
        upgrade(engine)
        with session_scope(engine) as session:
            report = KnowledgeRepository(session).import_kb(kb)
            approved = EditRepository(session).approved()
        print(
            f"Imported: {report.added} added, {report.updated} updated, {report.removed} removed, "
            f"{report.unchanged} unchanged."
        )
        _report_edits(kb, approved)
        return 0

    engine = make_engine(config.database_url)
    upgrade(engine)
    with session_scope(engine) as session:
        repo = KnowledgeRepository(session)
        if args.kb_command == "stats":
            stats = _stats(repo, config)
            if stats is None:
                return 1
            if args.json:
                print(json.dumps(stats, ensure_ascii=False, indent=1))
            else:
                for key, value in stats.items():
                    print(f"{key}: {value}")
            return 0
        bundled = load_knowledge(config.knowledge_dir)
        kb = overlay(repo.snapshot(bundled), [to_edit(row) for row in EditRepository(session).approved()])
    if not kb.services:
        print(
            "The database holds no knowledge base yet, so the bundled files in knowledge/ are exported "
            "(load them with: python -m bot kb import).",
            file=sys.stderr,
        )
        kb = bundled
    if args.format == "yaml":
        if not args.out:
            print("kb export --format yaml needs --out DIR (a knowledge folder is written there)", file=sys.stderr)
            return 2
        export.to_yaml_tree(kb, Path(args.out), config.knowledge_dir)
        print(f"Wrote a knowledge folder to {args.out}")
        return 0
    text = export.to_csv(kb) if args.format == "csv" else json.dumps(export.to_hsds(kb), ensure_ascii=False, indent=1)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _import_drafts(args: argparse.Namespace, config: Config) -> int:
    """kb import --format hsds|csv FILE: another social map's data, or an edited spreadsheet, as drafts."""
    import datetime as dt

    from bot.catalog.loader import load_knowledge
    from bot.curation.edits import overlay
    from bot.curation.imports import from_csv, from_hsds
    from bot.curation.live import to_edit
    from bot.store.database import make_engine, session_scope, upgrade
    from bot.store.knowledge import KnowledgeRepository
    from bot.store.uow import SqlUnitOfWork

    if not args.file:
        print(f"kb import --format {args.format} needs the FILE to load.", file=sys.stderr)
        return 2
    path = Path(args.file)
    try:
        raw = path.read_text(encoding="utf-8")
        document = json.loads(raw) if args.format == "hsds" else raw
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        print(f"Cannot read {path}: {exc}", file=sys.stderr)
        return 1
    database = make_engine(config.database_url)
    upgrade(database)
    today = dt.datetime.now(ZoneInfo(config.timezone)).date()
    with session_scope(database) as session:
        uow = SqlUnitOfWork(session)
        repo = KnowledgeRepository(session)
        bundled = load_knowledge(config.knowledge_dir)
        base = repo.snapshot(bundled) if repo.services() else bundled
        kb = overlay(base, [to_edit(row) for row in uow.edits.approved()])
        load = from_hsds if args.format == "hsds" else from_csv
        report = load(uow, document, kb, path.name, today)
    print("\n".join(report.lines()))
    return 0


def _report_edits(kb: KnowledgeBase, approved: list[ListingEdit]) -> None:
    """After an import: edits made in the bot stay on top of the files; say so, and name every conflict."""
    from bot.curation.edits import conflicts
    from bot.curation.live import to_edit

    if not approved:
        return
    found = conflicts(kb, [(to_edit(row), row.old_value) for row in approved])
    print(
        f"{len(approved)} edit(s) approved in the bot stay on top of the files (kb export --format yaml writes them)."
    )
    for c in found:
        print(
            f"  conflict: {c.service_id} {c.field.value}: the files now say {c.in_files!r}, "
            f"the bot keeps the newer edit {c.in_bot!r}",
            file=sys.stderr,
        )


def _staff(args: argparse.Namespace, config: Config) -> int:
    from bot.roles import Role
    from bot.runtime import build_runtime
    from bot.staff.members import Profile, StaffError

    members = build_runtime(config).members
    if args.staff_command == "list":
        for m in members.all():
            paused = " (paused)" if not m.available else ""
            print(
                f"{m.user_id}\t{m.role}\t{m.name}{paused}\tlanguages={','.join(m.languages) or '-'}\t"
                f"districts={','.join(m.districts) or 'all'}\ttopics={','.join(m.topics) or 'all'}\t"
                f"capacity={m.capacity}"
            )
        return 0
    if args.staff_command == "remove":
        if members.remove(args.user_id):
            print(f"Removed {args.user_id}; their open cases went back to the queue.")
            return 0
        print(f"No staff member with user id {args.user_id}.", file=sys.stderr)
        return 1

    def split(value: str | None) -> list[str]:
        return [x.strip() for x in (value or "").split(",") if x.strip()]

    try:
        member = members.add(
            Profile(
                user_id=args.user_id,
                name=args.name,
                role=Role(args.role),
                languages=split(args.languages),
                districts=split(args.districts),
                topics=split(args.topics),
                capacity=args.capacity,
                availability=args.availability or "",
                ui_language=args.interface,
            )
        )
    except StaffError as exc:
        print(f"Not added: {exc}.", file=sys.stderr)
        return 1
    print(f"Added {member.name} ({member.user_id}) as {member.role}.")
    return 0


def _stats(repo: KnowledgeRepository, config: Config) -> dict[str, object] | None:
    """Stats from the database; from the bundled knowledge files (saying so) while the database is empty."""
    import datetime as dt

    from bot.catalog.loader import load_knowledge
    from bot.catalog.problems import KnowledgeError
    from bot.catalog.stats import knowledge_stats

    today = dt.datetime.now(ZoneInfo(config.timezone)).date()
    try:
        kb = load_knowledge(config.knowledge_dir)
    except KnowledgeError as exc:
        kb, problems = None, len(exc.problems)
    districts = [d.slug for d in kb.gazetteer.districts if d.neighbourhoods] if kb else []
    if repo.services():
        return {"source": "database", **repo.stats(today, districts)}
    print("The database holds no knowledge yet (load it with: python -m bot kb import);", file=sys.stderr)
    if kb is None:
        print(f"and the knowledge files have {problems} problem(s): run python -m bot kb validate", file=sys.stderr)
        return None
    print(f"counting the knowledge files in {config.knowledge_dir} instead.", file=sys.stderr)
    return {"source": "knowledge files", **knowledge_stats(kb.services, kb.need_slugs, today, districts)}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Buurtwijzer: help nearby, in your language.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the bot: Telegram when TELEGRAM_BOT_TOKEN is set, else the console chat")
    sub.add_parser("chat", help="console chat on the same engine")
    ask = sub.add_parser("ask", help="answer JSON Lines from standard input")
    ask.add_argument("--jsonl", action="store_true", required=True)
    kb = sub.add_parser("kb", help="knowledge base: validate, import, export, stats")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    v = kb_sub.add_parser("validate", help="check every knowledge file")
    v.add_argument("--dir", help="knowledge folder (default: BUURTWIJZER_KNOWLEDGE_DIR)")
    i = kb_sub.add_parser(
        "import", help="load the YAML into the database; or an HSDS/CSV file as drafts for the curators"
    )
    i.add_argument("--dir", help="knowledge folder (default: BUURTWIJZER_KNOWLEDGE_DIR)")
    i.add_argument("--format", choices=["yaml", "hsds", "csv"], default="yaml", help="yaml (default), hsds or csv")
    i.add_argument("file", nargs="?", help="with --format hsds or csv: the file to load as drafts")
    e = kb_sub.add_parser("export", help="export the database's knowledge base")
    e.add_argument("--format", choices=["hsds", "csv", "yaml"], required=True)
    e.add_argument("--out", help="file (hsds, csv) or folder (yaml); default standard output")
    s = kb_sub.add_parser("stats", help="counts per need, district, language")
    s.add_argument("--json", action="store_true")
    staff = sub.add_parser("staff", help="key figures, curators and coordinators: add, list, remove")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True)
    add = staff_sub.add_parser("add", help="add (or update) a staff member")
    add.add_argument("--user-id", type=int, required=True, help="their Telegram user id")
    add.add_argument("--name", required=True, help="the name residents see (an alias)")
    add.add_argument("--role", choices=["key_figure", "curator", "coordinator"], required=True)
    add.add_argument("--languages", help="comma-separated language codes, e.g. ar,nl")
    add.add_argument("--districts", help="comma-separated district slugs; empty = all")
    add.add_argument("--topics", help="comma-separated need slugs; empty = all")
    add.add_argument("--capacity", type=int, default=3, help="open cases at once (default 3)")
    add.add_argument("--availability", help="weekly hours like 'mo-fr 09:00-17:00'; empty = OFFICE_HOURS")
    add.add_argument("--interface", choices=["nl", "en"], default="nl", help="language of their staff texts")
    staff_sub.add_parser("list", help="list staff members")
    remove = staff_sub.add_parser("remove", help="remove a staff member (their open cases go back to the queue)")
    remove.add_argument("--user-id", type=int, required=True)
    sub.add_parser("purge", help="delete closed case transcripts older than RETENTION_DAYS")
    sub.add_parser("i18n", help="extract messages.pot from the code and merge it into every .po")
    sub.add_parser("db", help="database").add_subparsers(dest="db_command", required=True).add_parser(
        "upgrade", help="apply the Alembic migrations"
    )
    b = sub.add_parser("bench", help="benchmark the engine: latency percentiles, throughput, memory")
    b.add_argument("--synthetic", type=int, default=10_000, help="services in the synthetic knowledge base")
    b.add_argument("--rounds", type=int, default=3, help="passes over the dev set per knowledge base")
    from bot.evaluation import cli as evaluation

    evaluation.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m bot`."""
    args = _parser().parse_args(argv)
    config = load_config()
    logging.basicConfig(
        level=config.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    for noisy in ("alembic", "httpx"):  # httpx would log every Bot API URL, which contains the token
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if args.command == "kb":
        return _kb(args, config)
    if args.command == "staff":
        return _staff(args, config)
    if args.command == "db":
        from bot.store.database import make_engine, upgrade

        upgrade(make_engine(config.database_url))
        print("Database is up to date.")
        return 0
    if args.command == "purge":
        import datetime as dt

        from bot.cases.retention import purge
        from bot.runtime import open_database
        from bot.store.uow import sql_units

        purged = purge(sql_units(open_database(config)), config.retention_days, dt.datetime.now(dt.UTC))
        print(f"Deleted {purged.transcript_messages} transcript messages and {purged.update_ids} old update ids.")
        return 0
    if args.command == "i18n":
        from bot.locales import DOMAINS, extract, update, write_template

        for domain in DOMAINS:
            template = extract(domain=domain)
            write_template(config.locales_dir, template, domain)
            written = update(config.locales_dir, template, domain)
            print(f"{domain.name}: {len(template)} messages; updated {len(written)} catalogues.")
        print("Translate the empty msgstr entries.")
        return 0
    if args.command == "ask":
        from bot import ask
        from bot.runtime import build_engine

        return ask.main(build_engine(config), sys.stdin, sys.stdout, config.timezone)
    if args.command == "bench":
        from bot import bench

        return bench.main(config, synthetic=args.synthetic, rounds=args.rounds)
    if args.command in ("eval", "model"):
        from bot.evaluation import cli as evaluation

        return evaluation.run(args, config)
    if args.command == "chat" or (args.command == "run" and not config.telegram_token):
        from bot import console

        return console.main(config, sys.stdin, sys.stdout)
    from bot.telegram import app

    return app.main(config)


if __name__ == "__main__":
    sys.exit(main())
