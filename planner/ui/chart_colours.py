"""The charts' colours. Each stands out from the white page at 3:1 or more, as WCAG 2.1 asks of graphics, and the
labels written on bars from the bars at 4.5:1 or more (tests/test_charts_in_words.py measures them). Pauses are shaded
too faintly for that, so they are outlined, and their labels are dark."""
from planner.delegations.models import DelegationKind

KIND_COLOURS = {"opening": "#1f4e79", "session": "#2f6aa8", "break": "#dfe5ec", "lunch": "#efe0c2", "closing": "#2e7d32"}
BAR_TEXT = "#ffffff"
PAUSE_TEXT = "#444444"
PAUSE_OUTLINE = "#6b7785"
CLASH_COLOUR = "#c62828"
GROUP_COLOURS = dict(zip([kind.label for kind in DelegationKind if kind != DelegationKind.host],
                         ["#1f4e79", "#8a5a00", "#006d77", "#6a3d9a"]))
GENDER_COLOURS = {"female": "#8a5a00", "male": "#1f4e79", "other": "#006d77", "not given": "#6b6b6b"}
