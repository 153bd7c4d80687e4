"""The briefing: digests → alignment → consensus, disagreements, single-source, framing."""

from summarize.brief.model import Briefing, CitedSentence, OutletFraming, Rejected
from summarize.brief.pipeline import build_briefing

__all__ = ["Briefing", "CitedSentence", "OutletFraming", "Rejected", "build_briefing"]
