"""The keep-in-touch engine: whom to contact, when, and why.

``facts`` reads the history once per contact; ``cadence`` (R1-R3, R6, R10),
``boundaries`` (R7), ``reciprocity`` (R4), ``replies`` (R8) and ``windows`` (the
dated reasons of every rule) turn facts into windows; ``planner`` (R17) spreads them over the days
within the budget; ``health`` scores each tie, and ``trends`` adds the network's
figures over time.
"""
