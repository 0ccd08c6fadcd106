"""A meeting, its thematic priorities in order and its working timetable: tables, states and services."""
