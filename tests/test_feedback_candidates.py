"""Which imported texts are offered as feedback: a "no" or interview feedback, not good news."""

from __future__ import annotations

import pytest

from rung.core.importing.feedback_candidates import carries_feedback, plain

OFFERED = [
    "Hi Pat, Unfortunately we decided to move forward with a candidate who has more "
    "experience managing managers.",
    "Thanks for your time. The team has decided to go with someone who has run a larger org.",
    "We won't be moving forward with your application at this time.",
    "The position has been filled internally.",
    "The role was put on hold due to a hiring freeze.",
    "After careful consideration we have decided not to proceed.",
    "We went with an internal candidate.",
    "The panel's feedback: strong technically, but they want more exposure to budgets.",
    "Some feedback from the hiring manager: you came across as too hands-on.",
    "Rejected - more exp",
    "need more ppl mgmt",
    "Recruiter said they wanted someone with P&amp;L responsibility",
    "you lack experience managing managers",
    "We regret to inform you that you were not selected.",
    "They had concerns about your stakeholder management.",
    "<p>Hi,</p><p>we&#39;ve decided to move forward with other candidates.</p>",
]
NOT_OFFERED = [
    "We'd like to move forward with your application and invite you to the next round!",
    "Great news: we are moving forward with you to the final interview.",
    "Are you free for a call next week?",
    "Great to connect!",
    "Congratulations, we are pleased to offer you the role.",
    "Thanks for applying. We're reviewing applications and will be in touch.",
    "Happy to refer you for the Director role.",
    "",
]


@pytest.mark.parametrize("text", OFFERED)
def test_a_no_or_interview_feedback_is_offered(text):
    assert carries_feedback(plain(text))


@pytest.mark.parametrize("text", NOT_OFFERED)
def test_good_news_and_small_talk_are_not(text):
    assert not carries_feedback(plain(text))


def test_plain_drops_tags_and_entities():
    assert plain("<b>we&#39;ve</b>\n\n decided &amp; done") == "we've decided & done"
