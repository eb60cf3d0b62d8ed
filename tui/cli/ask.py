"""``rung ask``: the rejections worth asking about, the drafted message, sent, answered."""

from __future__ import annotations

from pathlib import Path

import click

from .common import CliState, echo, emit_json, fail, pass_state, table


@click.group("ask", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the asks as JSON.")
@click.pass_context
def ask_group(ctx: click.Context, as_json: bool) -> None:
    """Vague or reason-less rejections to ask back about: rung ask lists them; draft, sent
    and answer act on one (by its feedback id)."""
    if ctx.invoked_subcommand is not None:
        return
    from rung.core.asks import list_asks

    state = ctx.find_object(CliState)
    assert state is not None
    items = list_asks(state.store())
    if as_json:
        emit_json({"ask": [a.to_json() for a in items]})
        return
    if not items:
        click.echo("nothing to ask: no rejection is vague or without a reason")
        return
    table(
        [
            [
                str(a.feedback_id),
                a.company,
                a.title,
                a.contact.name if a.contact else "—",
                "no reason" if a.why == "no_reason" else "generic",
                a.asked_on or "not yet",
                "yes" if a.answered else "no",
            ]
            for a in items
        ],
        ["ID", "COMPANY", "ROLE", "ASK", "WHY", "ASKED", "ANSWERED"],
    )
    to_send = sum(1 for a in items if not a.asked_on and not a.answered)
    if to_send:
        click.echo(f"{to_send} to send: rung ask draft ID, then rung ask sent ID")


@ask_group.command("draft")
@click.argument("feedback_id", type=int)
@pass_state
def ask_draft(state: CliState, feedback_id: int) -> None:
    """Print the message to send: the subject line, a blank line, the body."""
    from rung.core.asks import draft_why

    draft = draft_why(state.store(), feedback_id)
    echo(f"{draft.subject}\n\n{draft.text}", nl=False)


@ask_group.command("sent")
@click.argument("feedback_id", type=int)
@click.option("--date", "on", metavar="DATE", help="When you sent it (default today).")
@click.option(
    "--contact",
    "contact_id",
    type=int,
    metavar="ID",
    help="Who you sent it to (needed when rung knows nobody to ask).",
)
@click.option(
    "--message-file",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="The message as you sent it (default: the draft).",
)
@pass_state
def ask_sent(
    state: CliState,
    feedback_id: int,
    on: str | None,
    contact_id: int | None,
    message_file: str | None,
) -> None:
    """Log that you asked: an interaction with them and a follow-up in 5 days."""
    from rung.core.asks import draft_why, mark_sent

    message = None
    if message_file:
        try:
            message = Path(message_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"{message_file}: cannot read the message ({exc})")
    store = state.store()
    sent = mark_sent(
        store, draft_why(store, feedback_id), message=message, on=on, contact_id=contact_id
    )
    echo(
        f"asked {sent.contact_name} on {sent.asked_on} ({sent.channel}); follow-up due "
        f"{sent.follow_up_on} if no answer"
    )


@ask_group.command("answer")
@click.argument("feedback_id", type=int)
@click.argument("text")
@click.option("--date", "on", metavar="DATE", help="When the answer came (default today).")
@click.option("--gap", metavar="SLUG", help="The gap it names, when rung does not recognize it.")
@pass_state
def ask_answer(
    state: CliState, feedback_id: int, text: str, on: str | None, gap: str | None
) -> None:
    """Log their answer: a vague ("more experience") feedback is clarified by it, a form
    letter's answer is logged as feedback on the same application."""
    from rung.core.asks import record_answer

    result = record_answer(state.store(), feedback_id, text, on, gap=gap)
    if result.why == "generic":
        line = f"feedback {feedback_id} clarified → {result.clarified_gap}"
    else:
        line = f"answer logged as feedback {result.answer_feedback_id}"
        line += f" → {result.answer_gap}" if result.answer_gap else " (names no known gap)"
    echo(line)
