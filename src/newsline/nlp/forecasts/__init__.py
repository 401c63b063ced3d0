"""Forecasts: what a report says will or may happen, per article (map).

cues.py finds the cue and what it predicts in the parse; probability.py reads the cue as a
probability (the hedge table rules/hedges.yaml, built from survey medians and published scales, and
a compositional rule for phrases in no table); horizon.py resolves the deadline; holder.py finds
who holds it; stage.py makes the `Forecast` records. Resolution across articles is
`newsline.link.forecasts`; misdated reports, `newsline.link.misdated`.
"""

from .probability import read_hedge
from .stage import forecasts_stage

__all__ = ["forecasts_stage", "read_hedge"]
