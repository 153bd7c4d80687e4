"""The briefing: digests → alignment → consensus, disagreements, single-source, framing."""

from summarize.brief.briefing import Briefing, CitedSentence, Failure, OutletFraming, Rejected
from summarize.brief.pipeline import build_briefing

__all__ = ["Briefing", "CitedSentence", "Failure", "OutletFraming", "Rejected", "build_briefing"]
