"""Coordinator → New panel from a case list…: the whole of ``bundle create`` in a window.

The pages call the same core functions as the command line
(``review.intake`` reads and checks, ``review.bundle.create`` plans and
writes), so a rule added there holds here too.
"""
